"""rdflib terms to pyoxigraph terms (mapping builds rdflib graphs; the store is pyoxigraph)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fonds.errors import FondsError


def term(node: Node) -> ox.NamedNode | ox.Literal:
    """Convert one rdflib term; blank nodes are refused (Fonds mints every node an IRI)."""
    if isinstance(node, URIRef):
        try:
            return ox.NamedNode(str(node))
        except ValueError as error:
            raise FondsError(f"not a valid IRI: {str(node)[:80]!r} ({error})") from None
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        raise FondsError("blank node in a mapped graph: every node needs an IRI")
    raise FondsError(f"cannot store term {node!r}")


def quads(graph: Graph, name: str | None) -> Iterator[ox.Quad]:
    """The triples of `graph` as quads in named graph `name` (None: the default graph)."""
    graph_name = ox.NamedNode(name) if name is not None else ox.DefaultGraph()
    for s, p, o in graph:
        yield ox.Quad(term(s), term(p), term(o), graph_name)


def as_stored(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """Quads as the store gives them back: with their literals in canonical form
    ("1.00" is stored as the decimal "1", "+00:00" as "Z")."""
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


def holds(store: ox.Store, graph: str, quads: list[ox.Quad]) -> bool:
    """Whether `store` has a graph `graph` with exactly `quads` in it, as it stores them."""
    name = ox.NamedNode(graph)
    if not store.contains_named_graph(name):
        return False
    return set(store.quads_for_pattern(None, None, None, name)) == as_stored(quads)
