"""Terms and graphs between rdflib, pyoxigraph and N-Triples."""

from __future__ import annotations

import re

import pyoxigraph as ox

from fonds.store.convert import as_nquads, from_ntriples, to_ntriples

G = "http://example.org/graph/1"


def quads(*values: str) -> list[ox.Quad]:
    return [
        ox.Quad(
            ox.NamedNode("http://example.org/a"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(value),
            ox.NamedNode(G),
        )
        for value in values
    ]


def test_n_triples_written_by_to_ntriples_come_back_as_the_same_quads() -> None:
    written = quads("plain", "ends with a dot .", "two\nlines .\n")

    assert set(from_ntriples(to_ntriples(written), G)) == set(written)


def test_n_triples_become_n_quads_in_the_graph() -> None:
    written = quads("one", "a line break\n .\n inside")

    nquads = as_nquads(to_ntriples(written), G)

    assert set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) == set(written)


def test_n_triples_written_another_way_are_read_before_they_become_n_quads() -> None:
    loose = b'# a comment\n<http://example.org/a> <http://example.org/p> "one".\r\n'

    nquads = as_nquads(loose, G)

    assert set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) == set(quads("one"))
    assert as_nquads(b"", G) == b""


def test_an_rdflib_graph_is_written_as_the_n_triples_of_its_quads() -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import XSD

    from fonds.mapping.triples import new_graph
    from fonds.store.convert import graph_ntriples, quads

    for graph in (Graph(), new_graph()):
        a, p = URIRef("http://example.org/a"), URIRef("http://example.org/p")
        graph.add((a, p, Literal('say "hi" \\ then\r\nstop', lang="en-GB")))
        graph.add((a, p, Literal("1.50", datatype=XSD.decimal)))
        graph.add((a, p, Literal("plain", datatype=XSD.string)))
        graph.add((a, p, URIRef("http://example.org/b")))

        written = set(ox.parse(graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES))

        assert written == set(quads(graph, None))


def test_a_graph_with_a_bad_iri_is_refused_with_the_iri_named() -> None:
    import pytest
    from rdflib import Graph, Literal, URIRef

    from fonds.errors import FondsError
    from fonds.store.convert import graph_ntriples

    graph = Graph()
    graph.add((URIRef("http://example.org/a b"), URIRef("http://example.org/p"), Literal("x")))

    with pytest.raises(FondsError, match=re.escape("not a valid IRI: 'http://example.org/a b'")):
        graph_ntriples(graph)


def test_a_bad_datatype_or_language_tag_is_refused_with_it_named() -> None:
    import pytest
    from rdflib import Graph, Literal, URIRef

    from fonds.errors import FondsError
    from fonds.store.convert import graph_ntriples

    a, p = URIRef("http://example.org/a"), URIRef("http://example.org/p")
    typed = Graph()
    typed.add((a, p, Literal("1", datatype=URIRef("http://example.org/a type"))))
    tagged = Graph()
    tagged.add((a, p, Literal("x", lang="en-abcdefghi")))  # a subtag of more than 8 letters

    with pytest.raises(FondsError, match=re.escape("'http://example.org/a type'")):
        graph_ntriples(typed)
    with pytest.raises(FondsError, match=re.escape("not a valid language tag: 'en-abcdefghi'")):
        graph_ntriples(tagged)


def test_language_tags_are_written_in_lower_case_as_the_store_keeps_them() -> None:
    from rdflib import Graph, Literal, URIRef

    from fonds.store.convert import graph_ntriples

    graph = Graph()
    graph.add(
        (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("x", lang="EN-GB"))
    )

    assert graph_ntriples(graph) == b'<http://example.org/a> <http://example.org/p> "x"@en-gb .\n'
