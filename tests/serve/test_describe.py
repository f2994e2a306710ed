"""A resource's description: its statements and its fragments', each once, from any graph."""

import pyoxigraph as ox
import pytest

from fonds.serve import describe as describing
from fonds.serve.describe import describe
from tests.conftest import BASE

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
TITLE = "http://purl.org/dc/terms/title"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CABLE = BASE + "text/cable"


def triple(subject: str, predicate: str, value: str) -> ox.Triple:
    node = ox.NamedNode(value) if value.startswith("http") else ox.Literal(value)
    return ox.Triple(ox.NamedNode(subject), ox.NamedNode(predicate), node)


def store_of(*placed: tuple[ox.Triple, str | None]) -> ox.Store:
    store = ox.Store()
    for statement, graph in placed:
        name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        store.add(ox.Quad(statement.subject, statement.predicate, statement.object, name))
    return store


def test_a_resource_is_described_with_its_fragments_each_statement_once() -> None:
    title = triple(CABLE, TITLE, "Cable to Stalin")
    created = triple(CABLE, CRM + "P94i_was_created_by", CABLE + "#creation")
    span = triple(CABLE + "#creation", CRM + "P4_has_time-span", CABLE + "#creation-span")
    dated = triple(CABLE + "#creation-span", LABEL, "5 August 1949")
    names = triple(CABLE, CRM + "P67_refers_to", BASE + "person/molotov")
    store = store_of(
        (title, BASE + "graph/text/cable"),
        (title, BASE + "graph/catalogue"),  # the same statement in three graphs
        (title, None),
        (created, BASE + "graph/text/cable"),
        (span, BASE + "graph/text/cable"),
        (dated, BASE + "graph/text/cable"),
        (names, BASE + "graph/text/cable"),
        (triple(BASE + "person/molotov", LABEL, "Molotov"), BASE + "graph/person/molotov"),
        (triple(CABLE + "#unlinked", LABEL, "no statement leads here"), None),
    )

    description = describe(store, CABLE)

    assert description.triples == sorted([title, created, span, dated, names], key=str)
    assert description.subjects() == [CABLE, CABLE + "#creation", CABLE + "#creation-span"]


def test_a_resource_with_more_fragments_than_one_query_asks_about(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(describing, "ABOUT_BATCH", 2)
    statements = [triple(CABLE, CRM + "P1_is_identified_by", f"{CABLE}#name-{n}") for n in range(5)]
    statements += [triple(f"{CABLE}#name-{n}", LABEL, f"name {n}") for n in range(5)]
    store = store_of(*((s, BASE + "graph/text/cable") for s in statements))

    assert describe(store, CABLE).triples == sorted(statements, key=str)
