"""Full-text search: what it matches, and the snippet shown for it."""

from pathlib import Path

from fonds.store.catalog import Selection
from tests.conftest import BASE
from tests.store.catalog.conftest import catalog_of_three_documents


def test_a_search_narrows_the_listing_and_the_facets(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)

    total, listed = catalog.listing(Selection(q="zanzibar"))
    facets = catalog.facets(Selection(q="zanzibar"))

    assert (total, [d.iri for d in listed]) == (1, [BASE + "text/wcda-208258"])
    assert "[Zanzibar]" in listed[0].snippet
    assert [(v.value, v.count) for v in facets["year"]] == [("1950", 1)]
