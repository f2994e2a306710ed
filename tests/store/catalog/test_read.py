"""Reading a catalogue: counts, listings and facets, as the pages ask for them."""

from pathlib import Path

from fonds.store.catalog import Selection
from tests.conftest import BASE
from tests.store.catalog.conftest import catalog_of_three_documents


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


def test_a_page_of_the_catalogue_reads_listing_and_facets_together(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    for selection in (Selection(), Selection(year=1950), Selection(q="zanzibar")):
        total, listed, facets = catalog.browse(selection, limit=2)
        assert (total, listed) == catalog.listing(selection, limit=2)
        assert facets == catalog.facets(selection)
