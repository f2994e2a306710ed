"""Full-text search: what it matches, in what order, and the snippet shown for it."""

import sqlite3
from contextlib import closing
from pathlib import Path

from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import open_store
from fonds.store.catalog import CATALOG, Catalog, Selection
from tests.conftest import BASE, CABLE, FIXED_NOW, write_record
from tests.store.catalog.conftest import catalog_of_three_documents


def test_a_search_narrows_the_listing_and_the_facets(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    total, listed = catalog.listing(Selection(q="zanzibar"))
    facets = catalog.facets(Selection(q="zanzibar"))

    assert (total, [d.iri for d in listed]) == (1, [BASE + "text/wcda-208258"])
    assert "[Zanzibar]" in listed[0].snippet
    assert [(v.value, v.count) for v in facets["year"]] == [("1950", 1)]


def catalog_of(tmp_path: Path, summaries: dict[int, str]) -> Catalog:
    """Copies of the cable numbered as the keys, each with a sentence added to its summary."""
    text = CABLE.read_text(encoding="utf-8")
    folder = tmp_path / "records"
    folder.mkdir()
    for number, sentence in summaries.items():
        head, marker, tail = text.replace("208256", str(number)).partition("\nSummary:\n\n")
        write_record(folder, f"wcda-{number}.txt", f"{head}{marker}{sentence} {tail}")
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)
    Pipeline(settings, clock=lambda: FIXED_NOW).ingest([folder], store)
    return Catalog(store.dumps_dir() / CATALOG)


def test_the_best_matches_come_first_and_each_page_goes_on_from_the_last(
    tmp_path: Path,
) -> None:
    catalog = catalog_of(
        tmp_path,
        {
            300001: "Zanzibar is named once.",
            300002: "Zanzibar, Zanzibar and Zanzibar again.",
            300003: "Nothing of the island here.",
            300004: "Zanzibar, and Zanzibar.",
        },
    )
    search = Selection(q="zanzibar")

    total, listed = catalog.listing(search)

    assert total == 3
    assert [d.iri for d in listed] == [BASE + f"text/wcda-{n}" for n in (300002, 300004, 300001)]
    pages = [catalog.browse(search, limit=2, offset=offset)[1] for offset in (0, 2, 4)]
    assert pages == [listed[:2], listed[2:], []]
    assert catalog.listing(Selection(q="zanzibar", year=1949)) == (3, listed)
    assert catalog.browse(Selection(q="zanzibar", year=1950), limit=2)[:2] == (0, [])


def test_documents_that_match_equally_well_are_listed_in_the_order_they_were_catalogued(
    tmp_path: Path,
) -> None:
    same = "Zanzibar is named once."
    catalog = catalog_of(tmp_path, {300001: same, 300002: same, 300003: same})

    _, listed = catalog.listing(Selection(q="zanzibar"))
    one_by_one = [catalog.listing(Selection(q="zanzibar"), limit=1, offset=n)[1] for n in range(3)]

    with closing(sqlite3.connect(catalog.path)) as db:
        catalogued = [iri for (iri,) in db.execute("SELECT iri FROM documents ORDER BY id")]
    assert [d.iri for d in listed] == catalogued
    assert [page[0] for page in one_by_one] == listed
