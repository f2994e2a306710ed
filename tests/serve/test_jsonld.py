"""Resources as compacted JSON-LD: the same document pyld makes, whatever Fonds keeps."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld

from fonds.pipeline import Pipeline
from fonds.serve import jsonld
from fonds.serve.describe import describe
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
CRM = "http://www.cidoc-crm.org/cidoc-crm/"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The published cable, read as the server reads it."""
    settings = Settings(store=str(tmp_path_factory.mktemp("jsonld") / "store"), base_iri=BASE)
    store = open_store(settings.store)
    Pipeline(settings).ingest([CABLE], store)
    return store.snapshot()


def resources(dataset: ox.Store) -> list[str]:
    """Every resource with a page of its own: documents, people, places, sets, concepts."""
    rows = dataset.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", use_default_graph_as_union=True
    )
    return sorted(
        row[0].value
        for row in rows
        if isinstance(row[0], ox.NamedNode)
        and row[0].value.startswith(BASE)
        and "#" not in row[0].value
    )


def pyld_compacted(triples: list[ox.Triple], base: str, root: str) -> dict:
    """What pyld makes of the triples by itself, with the same contexts."""
    nquads = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    expanded = pyld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    options = {"documentLoader": jsonld.loader(base), "base": None}
    document = pyld.compact(expanded, {"@context": jsonld.contexts(base)}, options)
    if "@graph" in document:
        document["@graph"].sort(key=lambda node: node.get("id", node.get("@id")) != root)
    return document


def test_every_resource_compacts_to_what_pyld_makes_of_it(dataset: ox.Store) -> None:
    iris = resources(dataset)
    assert len(iris) > 30 and BASE + "text/wcda-208256" in iris
    for iri in iris:
        triples = describe(dataset, iri).triples
        # Twice: the second time from what the first kept.
        for _ in range(2):
            ours = json.dumps(jsonld.compact(triples, BASE, iri))
            assert ours == json.dumps(pyld_compacted(triples, BASE, iri)), iri


def test_a_document_reads_like_linked_art() -> None:
    cable = ox.NamedNode(BASE + "text/cable")
    triples = [
        ox.Triple(cable, ox.NamedNode(RDF + "type"), ox.NamedNode(CRM + "E31_Document")),
        ox.Triple(cable, RDFS_LABEL, ox.Literal("Cable to Stalin")),
        ox.Triple(
            cable, ox.NamedNode(CRM + "P67_refers_to"), ox.NamedNode(BASE + "person/molotov")
        ),
    ]
    assert jsonld.compact(triples, BASE) == {
        "@context": ["https://linked.art/ns/v1/linked-art.json", BASE + "context.json"],
        "id": BASE + "text/cable",
        "type": "Document",
        "refers_to": [BASE + "person/molotov"],
        "_label": "Cable to Stalin",
    }


def test_an_iri_is_a_term_as_a_type_and_stays_an_iri_as_a_value() -> None:
    # Compacted with @vocab as a type, without it as what a resource refers to: what is
    # kept of one use must not answer for the other.
    person, note = ox.NamedNode(CRM + "E21_Person"), ox.NamedNode(BASE + "text/note")
    triples = [
        ox.Triple(note, ox.NamedNode(RDF + "type"), person),
        ox.Triple(note, ox.NamedNode(CRM + "P67_refers_to"), person),
    ]
    document = jsonld.compact(triples, BASE)
    assert document["type"] == "Person"
    assert document["refers_to"] == ["crm:E21_Person"]
    assert document == pyld_compacted(triples, BASE, note.value)


def test_each_base_compacts_with_its_own_context() -> None:
    triples = [
        ox.Triple(ox.NamedNode("http://a.example/x"), RDFS_LABEL, ox.Literal("x")),
    ]
    assert jsonld.compact(triples, BASE)["@context"][1] == BASE + "context.json"
    other = "http://archive.example/"
    assert jsonld.compact(triples, other)["@context"][1] == other + "context.json"


def test_expanded_is_what_pyld_reads_from_the_same_statements() -> None:
    cable, bnode = ox.NamedNode(BASE + "text/cable"), ox.BlankNode("stamp")
    triples = [
        ox.Triple(cable, ox.NamedNode(RDF + "type"), ox.NamedNode(CRM + "E31_Document")),
        ox.Triple(cable, ox.NamedNode(RDF + "type"), bnode),
        ox.Triple(cable, RDFS_LABEL, ox.Literal("Шифртелеграмма", language="ru")),
        ox.Triple(cable, RDFS_LABEL, ox.Literal("Cable")),
        ox.Triple(
            cable,
            ox.NamedNode("http://purl.org/dc/terms/created"),
            ox.Literal(
                "1949-10-23", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
            ),
        ),
        ox.Triple(bnode, ox.NamedNode(CRM + "P3_has_note"), ox.Literal('"quoted"\nlines')),
        ox.Triple(cable, ox.NamedNode(CRM + "P67_refers_to"), bnode),
    ]
    nquads = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    expected = pyld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    assert jsonld.expanded(triples) == expected


def test_a_list_is_left_to_pyld_and_becomes_an_at_list() -> None:
    cable, first = ox.NamedNode(BASE + "text/cable"), ox.BlankNode("l1")
    triples = [
        ox.Triple(cable, ox.NamedNode(CRM + "P106_is_composed_of"), first),
        ox.Triple(first, ox.NamedNode(RDF + "first"), ox.Literal("one")),
        ox.Triple(first, ox.NamedNode(RDF + "rest"), ox.NamedNode(RDF + "nil")),
    ]
    (node,) = jsonld.expanded(triples)
    assert node[CRM + "P106_is_composed_of"] == [{"@list": [{"@value": "one"}]}]
    assert jsonld.compact(triples, BASE) == pyld_compacted(triples, BASE, cable.value)


def test_threads_compacting_at_once_get_what_one_thread_gets(dataset: ox.Store) -> None:
    iris = resources(dataset)
    described = {iri: describe(dataset, iri).triples for iri in iris}
    alone = {iri: json.dumps(jsonld.compact(described[iri], BASE, iri)) for iri in iris}
    with ThreadPoolExecutor(8) as pool:
        together = list(
            pool.map(lambda iri: json.dumps(jsonld.compact(described[iri], BASE, iri)), iris * 4)
        )
    assert together == [alone[iri] for iri in iris * 4]
