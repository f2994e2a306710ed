"""What RDF/XML can write: a predicate becomes an XML element, whose name needs a local part.

RDF/XML writes each predicate as an element named by a namespace and a local name, an
XML NCName cut from the end of its IRI. A predicate IRI that ends without one (in `/`,
`#`, `~`, or digits after a `=`) cannot be written; pyoxigraph then writes an element
with an empty name, which is not XML, so Fonds refuses the format instead (406).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME = _NAME_START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_LOCAL_NAME = re.compile(f"[{_NAME_START}][{_NAME}]*$")


def writable(predicate: str) -> bool:
    """Whether RDF/XML can write a predicate with this IRI (it ends in an XML name)."""
    return _LOCAL_NAME.search(predicate) is not None


class Unwritable(ValueError):
    """A graph RDF/XML cannot write, naming the predicate that stops it."""

    def __init__(self, predicate: str) -> None:
        super().__init__(
            f"RDF/XML cannot write the predicate <{predicate}>: its IRI does not end in a "
            "name an XML element can take; ask for Turtle, N-Triples or JSON-LD"
        )


def checked(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """The triples, as they come, for an RDF/XML writer: Unwritable at the first one it
    cannot write."""
    for triple in triples:
        if not writable(triple.predicate.value):
            raise Unwritable(triple.predicate.value)
        yield triple
