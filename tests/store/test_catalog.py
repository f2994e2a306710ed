"""The catalogue: facets, listings and search over one published version."""

import sqlite3
from array import array
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import catalog, open_store
from fonds.store.catalog import CATALOG, Catalog, Selection, build, is_current
from tests.conftest import BASE, CABLE, FIXED_NOW, write_record


def catalog_of_three_documents(tmp_path: Path) -> Catalog:
    """The cable, and two copies of it dated and numbered differently."""
    text = CABLE.read_text(encoding="utf-8")
    folder = tmp_path / "records"
    folder.mkdir()
    write_record(folder, CABLE.name, text)
    for number, year in ((208257, 1950), (208258, 1950)):
        copy = text.replace("208256", str(number)).replace("October 23, 1949", f"May 2, {year}")
        if number == 208258:
            copy = copy.replace(
                "MAO ZEDONG 21 October 1949", "MAO ZEDONG, Zanzibar, 21 October 1949"
            )
        write_record(folder, f"wcda-{number}.txt", copy)
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)
    Pipeline(settings, clock=lambda: FIXED_NOW).ingest([folder], store)
    return Catalog(store.dumps_dir() / CATALOG)


def test_the_unfiltered_facets_are_counted_once_and_agree_with_counting_now(
    tmp_path: Path,
) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    precounted = catalog.facets(Selection())

    assert precounted == catalog.facets(Selection(), precounted=False)
    assert [(v.value, v.count) for v in precounted["year"]] == [("1950", 2), ("1949", 1)]
    assert any(v.label == "Vyacheslav Molotov" and v.count == 3 for v in precounted["person"])
    assert catalog.counts()["documents"] == 3


def test_a_selection_narrows_the_facets(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    facets = catalog.facets(Selection(year=1949))
    total, listed = catalog.listing(Selection(year=1949))

    assert [(v.value, v.count) for v in facets["year"]] == [("1949", 1)]
    assert (total, [d.iri for d in listed]) == (1, [BASE + "text/wcda-208256"])


def test_a_catalogue_from_an_older_fonds_is_not_current(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)
    assert is_current(catalog.path)

    with closing(sqlite3.connect(catalog.path)) as db:
        db.execute("PRAGMA user_version = 1")
        db.commit()

    assert not is_current(catalog.path)
    assert not is_current(tmp_path / "missing.sqlite")


def test_a_search_narrows_the_listing_and_the_facets(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    total, listed = catalog.listing(Selection(q="zanzibar"))
    facets = catalog.facets(Selection(q="zanzibar"))

    assert (total, [d.iri for d in listed]) == (1, [BASE + "text/wcda-208258"])
    assert "[Zanzibar]" in listed[0].snippet
    assert [(v.value, v.count) for v in facets["year"]] == [("1950", 1)]


def test_a_page_of_the_catalogue_reads_listing_and_facets_together(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    for selection in (Selection(), Selection(year=1950), Selection(q="zanzibar")):
        total, listed, facets = catalog.browse(selection, limit=2)
        assert (total, listed) == catalog.listing(selection, limit=2)
        assert facets == catalog.facets(selection)


@pytest.fixture
def every_scope_precounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count the facets of every one-value selection at build time, however small."""
    monkeypatch.setattr(catalog, "SCOPED_FROM", 1)


def one_value_selections(found: Catalog) -> list[Selection]:
    every = found.facets(Selection(), limit=100)
    return [
        Selection(**{facet: int(v.value) if facet == "year" else v.value})
        for facet, values in every.items()
        for v in values
    ]


def test_a_large_selection_reads_what_was_counted_at_build_time_as_counting_now_would(
    tmp_path: Path, every_scope_precounted: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = catalog_of_three_documents(tmp_path)
    selections = one_value_selections(found)
    with closing(sqlite3.connect(found.path)) as db:
        scopes = db.execute("SELECT COUNT(DISTINCT scope || scope_value) FROM scoped_counts")
        assert scopes.fetchone()[0] == len(selections) > 10

    read = {s: (found.browse(s, limit=2), found.mentioning(s.person, 2)) for s in selections}
    monkeypatch.setattr(catalog, "SCOPED_FROM", 10**9)  # nothing precounted: count now
    counted = {s: (found.browse(s, limit=2), found.mentioning(s.person, 2)) for s in selections}

    assert read == counted
    stalin = Selection(person=BASE + "person/stalin")
    assert read[stalin][0][0] == 3 and [v.label for v in read[stalin][0][2]["year"]] == [
        "1950",
        "1949",
    ]


def contents(path: Path) -> dict[str, list]:
    """A catalogue's rows, by IRI rather than by row number."""
    with closing(sqlite3.connect(path)) as db:
        tables = {
            "documents": "SELECT iri, title, date, year, type, archive, summary, text, graph "
            "FROM documents",
            "entities": "SELECT iri, kind, label FROM entities",
            "mentions": "SELECT d.iri, e.iri FROM mentions m JOIN documents d "
            "ON d.id = m.document JOIN entities e ON e.id = m.entity",
            "facet_counts": "SELECT * FROM facet_counts",
            "scoped_counts": "SELECT * FROM scoped_counts",
            "totals": "SELECT * FROM totals",
            "found": "SELECT d.iri FROM search JOIN documents d ON d.id = search.rowid "
            "WHERE search MATCH 'zanzibar OR peking OR molotov'",
        }
        found = {name: sorted(db.execute(sql).fetchall()) for name, sql in tables.items()}
        entities = dict(db.execute("SELECT id, iri FROM entities"))
        packed = (
            "SELECT d.iri, x.year, x.type, x.archive, x.entities FROM facts x "
            "JOIN documents d ON d.id = x.id"
        )
        found["facts"] = sorted(
            (document, year, kind, archive, sorted(entities[e] for e in array("i", blob)))
            for document, year, kind, archive, blob in db.execute(packed)
        )
        mentioned = {document: [] for document, *_ in found["documents"]}
        for document, entity in found["mentions"]:
            mentioned[document].append(entity)
        described = {
            d: (year, kind, archive) for d, _, _, year, kind, archive, *_ in found["documents"]
        }
        assert found["facts"] == sorted((d, *described[d], sorted(e)) for d, e in mentioned.items())
        return found


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The graphs of each catalogue brought up to date from a copy (not built afresh)."""
    seen: list[list[str]] = []
    update = catalog._update
    monkeypatch.setattr(
        catalog,
        "_update",
        lambda db, store, changed: (seen.append(changed), update(db, store, changed)),
    )
    return seen


@pytest.mark.parametrize("top", [50, 1], ids=["every value kept", "one value kept"])
def test_a_catalogue_updated_for_one_changed_document_is_the_one_a_full_build_makes(
    tmp_path: Path,
    updates: list[list[str]],
    every_scope_precounted: None,
    top: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With one value kept per facet, most selections' counts are shifted by the change
    # within their bounds, and the others counted afresh: both must give a full build's.
    monkeypatch.setattr(catalog, "SCOPED_TOP", top)
    shifted = catalog._shift_scopes
    afresh: list[tuple[int, int]] = []
    monkeypatch.setattr(
        catalog,
        "_shift_scopes",
        lambda db, touched, *facts: (
            found := shifted(db, touched, *facts),
            afresh.append((len(touched), len(found))),
        )[0],
    )
    first = catalog_of_three_documents(tmp_path)
    record = tmp_path / "records" / "wcda-208257.txt"
    record.write_text(
        record.read_text(encoding="utf-8")
        .replace("May 2, 1950", "June 9, 1951")
        .replace("Peking", "Zanzibar"),
        encoding="utf-8",
    )
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)

    report = Pipeline(settings, clock=lambda: FIXED_NOW).ingest([tmp_path / "records"], store)
    updated = store.dumps_dir() / CATALOG
    rebuilt = tmp_path / "rebuilt.sqlite"
    build(store.snapshot(), rebuilt)

    assert (report.stored, report.unchanged) == (1, 2)
    assert contents(updated) == contents(rebuilt)
    assert contents(updated) != contents(first.path)
    assert Catalog(updated).listing(Selection(year=1951))[0] == 1
    assert updates == [[f"{BASE}graph/text/wcda-208257"]]  # a copy, brought up to date
    ((touched, counted_afresh),) = afresh
    assert counted_afresh < touched if top == 50 else counted_afresh <= touched


def test_a_changed_entity_description_rebuilds_the_catalogue(tmp_path: Path) -> None:
    first = catalog_of_three_documents(tmp_path)
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    snapshot = open_store(settings.store, settings).snapshot()
    molotov = f"{BASE}graph/person/molotov"
    assert snapshot.contains_named_graph(NamedNode(molotov))

    again = tmp_path / "again.sqlite"
    build(snapshot, again, first.path, {molotov})
    rebuilt = tmp_path / "rebuilt.sqlite"
    build(snapshot, rebuilt)

    assert contents(again) == contents(rebuilt) == contents(first.path)


def test_a_removed_document_leaves_the_catalogue_as_a_full_build_would(
    tmp_path: Path, updates: list[list[str]], every_scope_precounted: None
) -> None:
    catalog_of_three_documents(tmp_path)
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)

    with store.batch() as batch:
        batch.remove(f"{BASE}graph/text/wcda-208258")
    rebuilt = tmp_path / "rebuilt.sqlite"
    build(store.snapshot(), rebuilt)

    updated = store.dumps_dir() / CATALOG
    assert updates == [[f"{BASE}graph/text/wcda-208258"]]
    assert contents(updated) == contents(rebuilt)
    assert Catalog(updated).counts()["documents"] == 2
    assert Catalog(updated).listing(Selection(q="zanzibar"))[0] == 0


def test_kept_counts_are_shifted_only_while_no_value_left_out_can_overtake_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(catalog, "SCOPED_TOP", 2)
    db = sqlite3.connect(":memory:")
    db.executescript(catalog.SCHEMA)
    scope = ("person", "stalin")
    kept = [("molotov", "Molotov", 10), ("mao", "Mao", 8)]  # and others, at most 3 each
    db.executemany("INSERT INTO scoped_counts VALUES ('person', 'stalin', 'person', ?, ?, ?)", kept)

    def shifted(bound: int, **changes: int) -> list[tuple[str, int]] | None:
        delta = Counter({("person", v, v.title()): n for v, n in changes.items()})
        found = catalog._shifted(db, scope, "person", bound, delta)
        return None if found is None else [(v.value, v.count) for v in found]

    # The bound follows the kept values, as the first value left out.
    assert shifted(3, molotov=-1, kim=2) == [("molotov", 9), ("mao", 8), ("", 5)]
    assert shifted(3, mao=-5) is None  # Mao's 3 may now tie with a value left out
    assert shifted(3, kim=5) is None  # Kim may have had 3, and now 8
    assert shifted(0, kim=1) == [("molotov", 10), ("mao", 8), ("kim", 1)]  # none left out
    # Tied at the cut (Mao's 8, and a value left out with 8): exact while no kept value
    # loses and no value left out gains, as when a record changed only in its text.
    assert shifted(8) == [("molotov", 10), ("mao", 8), ("", 8)]
    assert shifted(8, molotov=1, kim=0) == [("molotov", 11), ("mao", 8), ("", 8)]
    assert shifted(8, molotov=-1) is None
    assert shifted(8, kim=1) is None
