"""A lean in-memory rdflib store for the graph a document is mapped into.

Mapping adds about a thousand triples a document and asks only a few questions of them.
rdflib's default Memory store keeps context indexes and sends an event per triple, which
made `Graph.add` the largest single cost of ingest; this store keeps one index, by
subject, in insertion order, and nothing else. Mapping asks for a subject's triples a
few times a document and for a predicate and object almost never (3 times in 50
generated records), so a second index by predicate and object cost more to keep than
the scans it saved.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph
from rdflib.store import Store
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet(Store):
    """Triples by subject, then predicate; one graph only."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self) -> None:
        super().__init__()
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._size = 0

    def add(self, triple: Triple, context: object = None, quoted: bool = False) -> None:
        """Add one triple (a second add of the same triple changes nothing)."""
        s, p, o = triple
        by_predicate = self._spo.get(s)
        if by_predicate is None:
            by_predicate = self._spo[s] = {}
        objects = by_predicate.get(p)
        if objects is None:
            objects = by_predicate[p] = {}
        if o in objects:
            return
        objects[o] = None
        self._size += 1

    def remove(self, pattern: tuple, context: object = None) -> None:
        """Remove the triples matching `pattern`."""
        for (s, p, o), _ in list(self.triples(pattern)):
            del self._spo[s][p][o]
            self._size -= 1

    def triples(self, pattern: tuple, context: object = None) -> Iterator[tuple[Triple, Iterator]]:
        """The triples matching `pattern` (None matches anything)."""
        s, p, o = pattern
        subjects = (s,) if s is not None else list(self._spo)
        for subject in subjects:
            by_predicate = self._spo.get(subject, {})
            predicates = (p,) if p is not None else list(by_predicate)
            for predicate in predicates:
                objects = by_predicate.get(predicate, {})
                if o is not None:
                    if o in objects:
                        yield (subject, predicate, o), iter(())
                    continue
                for obj in list(objects):
                    yield (subject, predicate, obj), iter(())

    def subjects_once(self) -> set[Node]:
        """Every subject, once each."""
        return set(self._spo)

    def statements(self) -> Iterator[Triple]:
        """Every triple, straight from the index (Graph.triples wraps each in a tuple)."""
        for s, by_predicate in self._spo.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    yield s, p, o

    def __len__(self, context: object = None) -> int:
        return self._size


class _LeanGraph(Graph):
    """A Graph whose `add` goes straight to its TripleSet.

    rdflib's own `add` first checks that each term is an rdflib term: skipping it took
    mapping a generated record from 14.3-15.4 to 13.1-13.2 ms (medians of 200). A term
    of the wrong kind is still refused, when the graph is converted (convert.term).
    """

    def add(self, triple: Triple) -> Graph:  # type: ignore[override]
        """Add one triple."""
        self.store.add(triple)
        return self


def new_graph() -> Graph:
    """An empty rdflib Graph backed by a TripleSet."""
    return _LeanGraph(store=TripleSet())
