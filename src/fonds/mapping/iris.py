"""Deterministic URIs under the base IRI, following Linked Art's endpoint names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from rdflib import URIRef

from fonds.errors import FondsError
from fonds.settings import url_problem

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|\\^`\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def slugify(text: str) -> str:
    """ASCII-fold `text` into [a-z0-9-] ('Gary Goldberg' gives 'gary-goldberg')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def external_iri(value: str) -> URIRef:
    """An IRI taken from a source (a URL in a citation), checked against Fonds's policy."""
    if problem := url_problem(value):
        raise FondsError(problem)
    if _FORBIDDEN.search(value) or len(value) > 4096:
        raise FondsError(f"URL contains characters not allowed in an IRI: {value[:80]!r}")
    if any(segment in (".", "..") for segment in urlsplit(value).path.split("/")):
        raise FondsError(f"URL contains dot-segments: {value[:80]!r}")
    return URIRef(value)


class Minter:
    """Mints the URIs of one dataset from its base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _mint(self, *segments: str) -> URIRef:
        return _minted(self.base, segments)

    def text(self, source: str, record_id: str) -> URIRef:
        """The document (the original text): text/{source}-{id}."""
        return self._mint("text", f"{source}-{slugify(record_id)}")

    def entity(self, kind: str, slug: str) -> URIRef:
        """A person, group or place: person/{slug}."""
        return self._mint(kind, slug)

    def concept(self, scheme: str, term: str) -> URIRef:
        """A term of one of Fonds's concept schemes: concept/{scheme}/{term}."""
        return self._mint("concept", scheme, term)

    def concept_scheme(self, scheme: str) -> URIRef:
        """One of Fonds's concept schemes: concept/{scheme}."""
        return self._mint("concept", scheme)

    def graph(self, *segments: str) -> URIRef:
        """A named graph: graph/{...}."""
        return self._mint("graph", *segments)

    def of(self, iri: URIRef, *segments: str) -> URIRef:
        """A path below another resource (text/wcda-1/en)."""
        return URIRef(f"{iri}/{_path(segments)}")

    def graph_of(self, iri: URIRef) -> URIRef:
        """The named graph that holds a resource's description: graph/{path}."""
        return URIRef(self.base + "graph/" + str(iri)[len(self.base) :])


@lru_cache(maxsize=16384)
def _minted(base: str, segments: tuple[str, ...]) -> URIRef:
    """A URI under `base`, made once: a document names the same concepts, classes of link
    and entities many times, and one URIRef object for each is also found faster as a
    key (rdflib compares unequal objects in Python)."""
    return URIRef(base + _path(segments))


def _path(segments: tuple[str, ...]) -> str:
    for segment in segments:
        if not _SLUG.fullmatch(segment):
            raise FondsError(f"cannot mint a URI from {segment!r}: slugs use [a-z0-9-]")
    return "/".join(segments)


def fragment(owner: URIRef, role: str) -> URIRef:
    """A dependent node of `owner` (a name, a time-span): {owner}#{role}."""
    if not _SLUG.fullmatch(role):
        raise FondsError(f"cannot mint a fragment from {role!r}")
    return URIRef(f"{owner}#{role}")
