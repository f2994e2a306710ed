"""rdflib terms to pyoxigraph terms (mapping builds rdflib graphs; the store is pyoxigraph)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from fonds.errors import FondsError
from fonds.mapping.triples import TripleSet


def term(node: Node) -> ox.NamedNode | ox.Literal:
    """Convert one rdflib term; blank nodes are refused (Fonds mints every node an IRI)."""
    if isinstance(node, URIRef):
        try:
            return ox.NamedNode(str(node))
        except ValueError as error:
            raise FondsError(f"not a valid IRI: {str(node)[:80]!r} ({error})") from None
    if isinstance(node, Literal):
        if node.language:
            try:
                return ox.Literal(str(node), language=node.language)
            except ValueError:
                raise FondsError(f"not a valid language tag: {node.language[:40]!r}") from None
        if node.datatype:
            return ox.Literal(str(node), datatype=term(node.datatype))
        return ox.Literal(str(node))
    if isinstance(node, BNode):
        raise FondsError("blank node in a mapped graph: every node needs an IRI")
    raise FondsError(f"cannot store term {node!r}")


def statements(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    """The triples of `graph`, straight from the index when it is a lean one."""
    store = graph.store
    return store.statements() if isinstance(store, TripleSet) else graph


def quads(graph: Graph, name: str | None) -> Iterator[ox.Quad]:
    """The triples of `graph` as quads in named graph `name` (None: the default graph)."""
    graph_name = ox.NamedNode(name) if name is not None else ox.DefaultGraph()
    # A subject recurs with each of its statements and a predicate all over a graph:
    # each is converted once (building a pyoxigraph term checks the IRI again).
    converted: dict[Node, ox.NamedNode | ox.Literal] = {}
    for s, p, o in statements(graph):
        subject = converted.get(s)
        if subject is None:
            subject = converted[s] = term(s)
        predicate = converted.get(p)
        if predicate is None:
            predicate = converted[p] = term(p)
        obj = converted.get(o)
        if obj is None:
            obj = converted[o] = term(o)
        yield ox.Quad(subject, predicate, obj, graph_name)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_STRING = "http://www.w3.org/2001/XMLSchema#string"


def graph_ntriples(graph: Graph) -> bytes:
    """An rdflib graph as N-Triples, one statement a line, written without making a
    pyoxigraph term or quad for each (the largest cost of converting a document).

    Each distinct IRI and language tag is checked by pyoxigraph as term() checks it
    (the bulk load that reads these lines does not check them again); a graph with a bad
    one is converted term by term, which says what is wrong.
    """
    written: dict[Node, str] = {}
    lines = []
    try:
        for triple in statements(graph):
            for node in triple:
                if node not in written:
                    written[node] = _nt(node)
            s, p, o = triple
            lines.append(f"{written[s]} {written[p]} {written[o]} .\n")
        return "".join(lines).encode()
    except ValueError:  # UnicodeEncodeError included: a lone surrogate
        return to_ntriples(quads(graph, None))  # raises FondsError naming the bad term


def _nt(node: Node) -> str:
    if isinstance(node, URIRef):
        return _iri(str(node))
    if isinstance(node, Literal):
        text = '"' + str(node).translate(_ESCAPES) + '"'
        if node.language:
            return f"{text}@{_language(node.language)}"
        if node.datatype is not None and str(node.datatype) != _STRING:
            return f"{text}^^{_iri(str(node.datatype))}"
        return text
    raise ValueError(node)  # a blank node or a variable: term() says which


# Checking the terms one by one, each once, instead of parsing the text written: a
# document's 140 kB of N-Triples took 1.2 ms to parse, mostly in its literals.
@lru_cache(maxsize=16384)
def _iri(value: str) -> str:
    """`value` written as an N-Triples IRI, once pyoxigraph accepts it (ValueError if not)."""
    ox.NamedNode(value)
    return f"<{value}>"


@lru_cache(maxsize=1024)
def _language(tag: str) -> str:
    """A language tag as pyoxigraph keeps it (lower case), ValueError if it is not one."""
    return ox.Literal("", language=tag).language or ""


def to_ntriples(quads: Iterable[ox.Quad]) -> bytes:
    """The triples of `quads` as N-Triples the way pyoxigraph writes them: one a line."""
    triples = (q.triple for q in quads)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def from_ntriples(data: bytes, graph: str) -> list[ox.Quad]:
    """N-Triples as quads in named graph `graph`."""
    name = ox.NamedNode(graph)
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]


def as_nquads(data: bytes, graph: str) -> bytes:
    """N-Triples as N-Quads in named graph `graph`, without parsing them when they are
    written one statement a line (as to_ntriples writes them)."""
    # N-Triples has no line breaks inside literals (they are escaped), so when every
    # line ends in " .", that is where each statement ends.
    if data.count(b"\n") != data.count(b" .\n") or not data.endswith(b" .\n"):
        if not data:
            return b""
        data = to_ntriples(from_ntriples(data, graph))
    return data.replace(b" .\n", b" <" + graph.encode() + b"> .\n")


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
