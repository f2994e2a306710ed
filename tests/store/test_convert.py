"""Terms and graphs between rdflib, pyoxigraph and N-Triples."""

from __future__ import annotations

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
