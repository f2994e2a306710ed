"""Labels instead of bare IRIs: a page's own, and those the pages of a version share."""

import pyoxigraph as ox

from fonds.mapping.namespaces import PREFIXES
from fonds.serve.describe import describe, label
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


def test_a_page_takes_the_labels_of_its_fragments_from_the_statements_it_read() -> None:
    store, cable = ox.Store(), BASE + "text/cable"
    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    for subject, predicate, text, language in (
        (cable, "http://purl.org/dc/terms/title", "A cable", None),
        (cable, PREFIXES["crm"] + "P94i_was_created_by", cable + "#creation", None),
        (cable, PREFIXES["crm"] + "P1_is_identified_by", cable + "#name-1", None),
        (cable, PREFIXES["crm"] + "P1_is_identified_by", cable + "#number", None),
        (cable + "#creation", rdfs + "label", "Written", None),
        (cable + "#name-1", skos + "prefLabel", "Сталин", "ru"),
        (cable + "#name-1", skos + "prefLabel", "Stalin", "en"),
        (cable + "#name-1", "http://purl.org/dc/terms/title", "not a label first", None),
        (cable + "#number", rdfs + "comment", "no label", None),
    ):
        node = ox.NamedNode(text) if text.startswith(BASE) else ox.Literal(text, language=language)
        store.add(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), node))
    description = describe(store, cable)
    shared: dict[str, str | None] = {}
    labels = Labeler(ox.Store(), BASE, shared)  # a store that could answer nothing

    labels.learn(description)

    assert [labels(s) for s in description.subjects()] == [
        "A cable",
        "Written",
        "Stalin",
        "A cable › number",
    ]
    assert shared == {cable: "A cable"}
    assert all(description.label(s) == label(store, s) for s in description.subjects())
