"""The lean store a document is mapped into answers like rdflib's own."""

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from fonds.mapping.triples import new_graph

EX = Namespace("http://example.org/")
TRIPLES = [
    (EX.cable, EX.title, Literal("Cable")),
    (EX.cable, EX.mentions, EX.molotov),
    (EX.cable, EX.mentions, EX.stalin),
    (EX.letter, EX.mentions, EX.molotov),
    (EX.molotov, EX.label, Literal("Molotov", lang="en")),
]
PATTERNS = [
    (None, None, None),
    (EX.cable, None, None),
    (EX.cable, EX.mentions, None),
    (EX.cable, EX.mentions, EX.stalin),
    (None, EX.mentions, EX.molotov),
    (None, EX.mentions, None),
    (None, None, EX.molotov),
    (EX.cable, None, EX.molotov),
    (EX.nobody, None, None),
]


def both() -> tuple[Graph, Graph]:
    lean, reference = new_graph(), Graph()
    for triple in TRIPLES + TRIPLES[:2]:  # added twice: still one statement
        lean.add(triple)
        reference.add(triple)
    return lean, reference


def test_every_pattern_matches_what_rdflib_matches() -> None:
    lean, reference = both()

    for pattern in PATTERNS:
        assert set(lean.triples(pattern)) == set(reference.triples(pattern)), pattern
        assert (pattern in lean) == (pattern in reference)
    assert len(lean) == len(reference) == 5
    assert lean.value(EX.molotov, EX.label) == Literal("Molotov", lang="en")
    assert isomorphic(lean, reference)


def test_removing_and_merging_work_as_in_rdflib() -> None:
    lean, reference = both()

    for graph in (lean, reference):
        graph.remove((None, EX.mentions, EX.molotov))
        graph += [(EX.letter, EX.title, Literal("Letter"))]

    assert set(lean) == set(reference)
    assert len(lean) == 4
    assert (None, EX.mentions, EX.molotov) not in lean


def test_a_lean_graph_serializes_like_any_other() -> None:
    lean, reference = both()

    parsed = Graph().parse(data=lean.serialize(format="turtle"), format="turtle")

    assert isomorphic(parsed, reference)
    assert URIRef("http://example.org/cable") in set(lean.subjects())


def test_a_term_of_the_wrong_kind_is_refused_when_the_graph_is_converted() -> None:
    import pytest

    from fonds.errors import FondsError
    from fonds.store.convert import graph_ntriples

    lean = new_graph()
    lean.add((EX.cable, EX.title, "Cable"))  # a str, not a Literal: a mapping bug

    with pytest.raises(FondsError, match="cannot store term 'Cable'"):
        graph_ntriples(lean)
