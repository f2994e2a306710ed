"""Read one resource's description out of the published store, with labels for its links."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from fonds.store.remote import RemoteDataset

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
DC_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL_PROPERTIES = (RDFS_LABEL, SKOS_PREF_LABEL, DC_TITLE)
MAX_INCOMING = 200
ABOUT_BATCH = 1_000
"""Subjects asked about in one query."""


@dataclass
class Description:
    """The triples about a resource and its fragments (#name-1, #creation, ...)."""

    iri: str
    triples: list[ox.Triple] = field(default_factory=list)

    def subjects(self) -> list[str]:
        """The resource first, then its fragments, each once."""
        return sorted(self._by_subject, key=lambda s: (s != self.iri, s))

    def about(self, subject: str) -> list[ox.Triple]:
        """The triples of this description whose subject is `subject`."""
        return self._by_subject.get(subject, [])

    def resources(self) -> set[str]:
        """Every resource the description names: its subjects and the resources they link to."""
        linked = {t.object.value for t in self.triples if isinstance(t.object, ox.NamedNode)}
        return linked | set(self._by_subject)

    def values(self, subject: str, predicate: ox.NamedNode) -> list[ox.NamedNode | ox.Literal]:
        """Objects of (subject, predicate) within this description."""
        return [t.object for t in self.about(subject) if t.predicate == predicate]

    def label(self, subject: str) -> str | None:
        """What label() gives for one of its subjects, read from the statements it holds
        (every statement about the subject, in any graph)."""
        return _first_label(lambda predicate: self.values(subject, predicate))

    @cached_property
    def _by_subject(self) -> dict[str, list[ox.Triple]]:
        # A page asks for each of its subjects in turn (15-odd for a document, thousands
        # of values for a name Molotov's documents write): not a scan of every triple each.
        grouped: dict[str, list[ox.Triple]] = {}
        for triple in self.triples:
            grouped.setdefault(triple.subject.value, []).append(triple)
        return grouped


def describe(store: ox.Store | RemoteDataset, iri: str) -> Description:
    """Every triple whose subject is `iri` or one of its fragments, in any graph, once."""
    found: dict[ox.Triple, None] = {}
    level, seen = [iri], {iri}
    prefix = iri + "#"
    # A remote store is asked about a level and the fragments it links to together: a
    # document page's description and its translation's took 5 requests a level at a time.
    levels = 2 if isinstance(store, RemoteDataset) else 1
    while level:  # the resource, then the fragments it links to, then theirs
        answer = list(_about(store, [ox.NamedNode(s) for s in level], prefix))
        for triple in answer:
            found.setdefault(triple, None)
        for _ in range(levels):
            level = _fragments(answer, set(level), prefix, seen)
    # Sorted, so a page reads the same whatever order the store returned triples in.
    return Description(iri, sorted(found, key=str))


def _fragments(
    triples: list[ox.Triple], subjects: set[str], prefix: str, seen: set[str]
) -> list[str]:
    """The fragments (IRIs starting with `prefix`) that the statements of `subjects` link
    to and that are not `seen` yet; they are seen from now on."""
    linked = []
    for triple in triples:
        value = triple.object
        if triple.subject.value not in subjects or not isinstance(value, ox.NamedNode):
            continue
        if value.value.startswith(prefix) and value.value not in seen:
            seen.add(value.value)
            linked.append(value.value)
    return linked


def _about(
    store: ox.Store | RemoteDataset, subjects: list[ox.NamedNode], prefix: str
) -> Iterator[ox.Triple]:
    """The statements about some subjects, each once, asked for together; from a remote
    store, also about the fragments (IRIs starting with `prefix`) they link to."""
    if isinstance(store, RemoteDataset):  # one request for a few hundred subjects
        yield from store.triples_for_subjects(subjects, and_fragments=prefix)
        return
    # One query, each statement once: a name that 6,000 documents write is stated again
    # in each one's graph, and reading every copy with its graph's name, subject by
    # subject, took Molotov's description at 100,000 documents 365 ms (this, 74 ms; a
    # document's the same 1.5 ms). CONSTRUCT hands back triples built in Rust.
    for start in range(0, len(subjects), ABOUT_BATCH):
        values = " ".join(str(s) for s in subjects[start : start + ABOUT_BATCH])
        query = (
            "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
            f"{{ VALUES ?s {{ {values} }} ?s ?p ?o }} }}"
        )
        yield from store.query(query, use_default_graph_as_union=True)  # type: ignore[misc]


def incoming(store: ox.Store, iri: str, limit: int = MAX_INCOMING) -> list[tuple[str, str]]:
    """(subject, predicate) pairs that point at `iri`, from other resources."""
    pairs: dict[tuple[str, str], None] = {}
    for quad in store.quads_for_pattern(None, None, ox.NamedNode(iri), None):
        subject = quad.subject.value
        if not subject.startswith(iri + "#") and subject != iri:
            pairs.setdefault((subject.split("#")[0], quad.predicate.value), None)
            if len(pairs) >= limit:
                break
    return sorted(pairs)


def label(store: ox.Store, iri: str) -> str | None:
    """rdfs:label, skos:prefLabel (English first) or dcterms:title of `iri`, if any."""
    node = ox.NamedNode(iri)
    return _first_label(lambda p: [q.object for q in store.quads_for_pattern(node, p, None, None)])


def remote_labels(dataset: RemoteDataset, iris: list[str]) -> dict[str, str]:
    """The label() of each of `iris` that has one, a few hundred IRIs per request."""
    found: dict[str, dict[ox.NamedNode, list[ox.Literal]]] = {}
    nodes = [ox.NamedNode(iri) for iri in iris]
    for triple in dataset.triples_for_subjects(nodes, LABEL_PROPERTIES):
        by_predicate = found.setdefault(triple.subject.value, {})
        by_predicate.setdefault(triple.predicate, []).append(triple.object)  # type: ignore[arg-type]
    labels = {iri: _first_label(lambda p, by=by: by.get(p, [])) for iri, by in found.items()}
    return {iri: text for iri, text in labels.items() if text is not None}


def _first_label(values: Callable[[ox.NamedNode], list]) -> str | None:
    """The label of a resource, given its values of each label property: those of the
    first property that has any, English first."""
    for predicate in LABEL_PROPERTIES:
        found = values(predicate)
        if found:
            return _preferred(found)
    return None


def _preferred(literals: list[ox.Literal]) -> str:
    """English (or no language) first, then the least in code-point order: the same label
    whatever order the store gave them in."""
    english = [lit for lit in literals if getattr(lit, "language", None) in ("en", None)]
    return min(lit.value for lit in english or literals)
