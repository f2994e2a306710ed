"""Which predicates RDF/XML can write: exactly those pyoxigraph writes as well-formed XML."""

from __future__ import annotations

import re
import xml.dom.minidom

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fonds import rdfxml

NOTE = ox.NamedNode("http://localhost:8000/note/x")
# Letters, digits, XML name punctuation, a combining mark, and IRI characters that are
# not part of any XML name.
ENDINGS = st.text(alphabet="aZé_1-.·\u0300/#~=?:", min_size=1, max_size=6)


def written(predicate: str) -> bytes:
    triple = ox.Triple(NOTE, ox.NamedNode(predicate), ox.Literal("v"))
    return ox.serialize([triple], format=ox.RdfFormat.RDF_XML)


def is_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:  # two "#", say
        return False
    return True


def well_formed(data: bytes) -> bool:
    try:
        xml.dom.minidom.parseString(data)
    except Exception:  # expat's errors
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(ENDINGS)
def test_a_predicate_is_writable_exactly_when_pyoxigraph_writes_well_formed_xml(
    ending: str,
) -> None:
    predicate = "http://example.org/terms/" + ending
    assume(is_iri(predicate))
    assert rdfxml.writable(predicate) == well_formed(written(predicate))


@pytest.mark.parametrize(
    ("predicate", "writable"),
    [
        ("http://www.cidoc-crm.org/cidoc-crm/P67_refers_to", True),
        ("http://example.org/terms/1a", True),  # written as <a> in namespace .../1
        ("urn:x", True),
        ("http://example.org/terms/", False),
        ("http://example.org/terms/a#", False),
        ("http://example.org/terms?id=1", False),
    ],
)
def test_examples(predicate: str, writable: bool) -> None:
    assert rdfxml.writable(predicate) is writable


def test_a_graph_with_an_unwritable_predicate_is_refused_naming_it() -> None:
    triples = [
        ox.Triple(
            NOTE, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("x")
        ),
        ox.Triple(NOTE, ox.NamedNode("http://example.org/terms/"), ox.Literal("y")),
    ]
    with pytest.raises(rdfxml.Unwritable, match=re.escape("<http://example.org/terms/>")):
        ox.serialize(rdfxml.checked(triples), format=ox.RdfFormat.RDF_XML)
    assert well_formed(ox.serialize(rdfxml.checked(triples[:1]), format=ox.RdfFormat.RDF_XML))
