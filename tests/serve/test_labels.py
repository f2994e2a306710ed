"""Labels instead of bare IRIs: a page's own, and those the pages of a version share."""

import pyoxigraph as ox

from fonds.serve.labels import Labeler, humanize
from tests.conftest import BASE


def test_a_vocabulary_term_without_a_label_is_named_from_its_iri() -> None:
    assert humanize("http://www.cidoc-crm.org/cidoc-crm/P94i_was_created_by") == "was created by"
    assert humanize("https://www.ica.org/standards/RiC/ontology#isOrWasIncludedIn") == (
        "is or was included in"
    )
    assert Labeler(ox.Store(), BASE)("http://www.cidoc-crm.org/cidoc-crm/E31_Document") == (
        "document"
    )


def test_a_page_shares_the_labels_of_resources_but_not_of_its_own_fragments() -> None:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for iri, text in ((BASE + "person/molotov", "Molotov"), (BASE + "text/t#creation", "Made")):
        store.add(ox.Quad(ox.NamedNode(iri), label, ox.Literal(text)))
    shared: dict[str, str | None] = {}
    labels = Labeler(store, BASE, shared)

    assert labels(BASE + "person/molotov") == "Molotov"
    assert labels(BASE + "text/t#creation") == "Made"
    assert shared == {BASE + "person/molotov": "Molotov"}
    assert Labeler(ox.Store(), BASE, shared)(BASE + "person/molotov") == "Molotov"
