"""Reconciliation over the archive's own people, places and organizations.

The scoring behind /reconcile (W3C Reconciliation Service API 0.2): a name equal to an
entity's preferred name (up to case, diacritics and punctuation) scores 100, equal to
another of its names 95; otherwise the closeness of the folded strings, at most 90.
Identifier properties (wikidata, viaf, geonames, lcnaf) confirm (+10) or contradict (-40).
A candidate is a `match` when it scores 95 or more and leads the next by 10 or more, so
a name two entities share is never matched automatically.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from fonds.link.authorities import HONORIFIC, name_key

TYPES = {
    "person": ("Person", "http://www.cidoc-crm.org/cidoc-crm/E21_Person"),
    "organization": ("Organization", "http://www.cidoc-crm.org/cidoc-crm/E74_Group"),
    "place": ("Place", "http://www.cidoc-crm.org/cidoc-crm/E53_Place"),
}
_BY_CLASS = {iri: kind for kind, (_, iri) in TYPES.items()}
IDENTIFIER_PROPERTIES = {
    "wikidata": "http://www.wikidata.org/entity/",
    "viaf": "http://viaf.org/viaf/",
    "geonames": "http://sws.geonames.org/",
    "lcnaf": "http://id.loc.gov/authorities/names/",
}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_IDENTIFIED_BY = ox.NamedNode("http://www.cidoc-crm.org/cidoc-crm/P1_is_identified_by")
_APPELLATION = ox.NamedNode("http://www.cidoc-crm.org/cidoc-crm/E33_E41_Linguistic_Appellation")
_CONTENT = ox.NamedNode("http://www.cidoc-crm.org/cidoc-crm/P190_has_symbolic_content")
_EQUIVALENT = ox.NamedNode("https://linked.art/ns/terms/equivalent")


@dataclass
class CatalogEntity:
    """One entity as the reconciliation service knows it."""

    id: str
    iri: str
    kind: str
    label: str
    names: set[str] = field(default_factory=set)
    equivalents: set[str] = field(default_factory=set)
    documents: int = 0

    @property
    def description(self) -> str:
        """One line for OpenRefine: kind, how often named, external records."""
        parts = [TYPES[self.kind][0]]
        if self.documents:
            parts.append(f"named in {self.documents} document{'s' if self.documents > 1 else ''}")
        if self.equivalents:
            parts.append(", ".join(sorted(self.equivalents)))
        return "; ".join(parts)


@dataclass(frozen=True)
class Candidate:
    """A scored candidate for one query."""

    entity: CatalogEntity
    score: float
    match: bool = False

    def json(self) -> dict:
        """The candidate as the API returns it."""
        name, _ = TYPES[self.entity.kind]
        return {
            "id": self.entity.id,
            "name": self.entity.label,
            "type": [{"id": self.entity.kind, "name": name}],
            "score": round(self.score, 1),
            "match": self.match,
            "description": self.entity.description,
        }


class Catalog:
    """The people, places and organizations of one published store version."""

    def __init__(self, snapshot: ox.Store, base: str, documents: Mapping[str, int]) -> None:
        """Read from `snapshot`; `documents` counts the documents naming each entity."""
        # Pattern lookups on bound terms, each answered from an index: the same questions
        # as SPARQL with an unbound class took over a minute at 10k documents.
        self.base = base
        self.entities: dict[str, CatalogEntity] = {}
        for class_iri, kind in _BY_CLASS.items():
            typed = snapshot.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(class_iri), None)
            for entity in sorted({q.subject for q in typed}, key=str):
                iri = entity.value if isinstance(entity, ox.NamedNode) else ""
                labels = sorted(_objects(snapshot, entity, _LABEL))
                if not iri.startswith(base) or iri in self.entities or not labels:
                    continue
                self.entities[iri] = CatalogEntity(
                    iri.removeprefix(base),
                    iri,
                    kind,
                    labels[0],
                    names=_names(snapshot, entity),
                    equivalents=set(_objects(snapshot, entity, _EQUIVALENT)),
                    documents=documents.get(iri, 0),
                )
        self._folded = {
            iri: (name_key(e.label), {name_key(HONORIFIC.sub("", n)) for n in e.names} - {""})
            for iri, e in self.entities.items()
        }

    def get(self, identifier: str) -> CatalogEntity | None:
        """An entity by its id ('person/molotov') or full IRI."""
        return self.entities.get(identifier) or self.entities.get(self.base + identifier)

    def reconcile(
        self,
        query: str,
        kind: str | None = None,
        limit: int = 5,
        properties: list[dict] | None = None,
    ) -> list[Candidate]:
        """The best candidates for a name, best first."""
        folded = name_key(HONORIFIC.sub("", query.strip())) or name_key(query)
        if not folded:
            return []
        scored = []
        for iri, entity in self.entities.items():
            if kind and entity.kind != kind:
                continue
            label, names = self._folded[iri]
            score = _name_score(folded, label, names)
            score += _property_score(entity, properties or [])
            if score >= 50:
                scored.append((score, entity))
        scored.sort(key=lambda pair: (-pair[0], pair[1].label))
        best = scored[: max(1, min(limit, 50))]
        candidates = []
        for position, (score, entity) in enumerate(best):
            runner_up = scored[position + 1][0] if position + 1 < len(scored) else 0
            clear = position == 0 and score >= 95 and score - runner_up >= 10
            candidates.append(Candidate(entity, min(score, 100.0), clear))
        return candidates

    def suggest(self, prefix: str, kind: str | None = None, limit: int = 10) -> list[CatalogEntity]:
        """Entities one of whose names starts with `prefix` (autocomplete)."""
        folded = name_key(prefix)
        if not folded:
            return []
        found = []
        for iri, entity in self.entities.items():
            if kind and entity.kind != kind:
                continue
            label, names = self._folded[iri]
            words = {name_key(w) for n in entity.names | {entity.label} for w in n.split()}
            if any(n.startswith(folded) for n in names | {label} | words):
                found.append(entity)
        found.sort(key=lambda e: (-e.documents, e.label))
        return found[:limit]


def _objects(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> Iterator[str]:
    """The values of one property of a node, in any graph."""
    return (q.object.value for q in store.quads_for_pattern(subject, predicate, None, None))


def _names(store: ox.Store, entity: ox.NamedNode) -> set[str]:
    """What the entity's linguistic appellations say, in its own graph or a document's."""
    # Documents repeat the same few appellations, each with its content, thousands of
    # times for a famous name: each is looked into once, and SPARQL drops the repeats.
    identifiers = store.query(
        f"SELECT DISTINCT ?n WHERE {{ {entity} {_IDENTIFIED_BY} ?n }}",
        use_default_graph_as_union=True,
    )
    appellations = {
        name
        for name in (row["n"] for row in identifiers)
        if isinstance(name, ox.NamedNode | ox.BlankNode)
        and any(store.quads_for_pattern(name, _RDF_TYPE, _APPELLATION, None))
    }
    named = [n for n in appellations if isinstance(n, ox.NamedNode)]
    names = {
        row["c"].value
        for row in store.query(
            f"SELECT DISTINCT ?c WHERE {{ VALUES ?n {{ {' '.join(map(str, named))} }} "
            f"?n {_CONTENT} ?c }}",
            use_default_graph_as_union=True,
        )
    }
    for blank in appellations - set(named):  # a blank node cannot go into VALUES
        names.update(_objects(store, blank, _CONTENT))  # type: ignore[arg-type]
    return names


def _name_score(folded: str, label: str, names: set[str]) -> float:
    if folded == label:
        return 100.0
    if folded in names:
        return 95.0
    best = max(
        (difflib.SequenceMatcher(None, folded, n).ratio() for n in names | {label}), default=0.0
    )
    return 90.0 * best


def _property_score(entity: CatalogEntity, properties: list[dict]) -> float:
    score = 0.0
    for prop in properties:
        pid = str(prop.get("pid", "")).lower()
        value = prop.get("v")
        value = value.get("id") if isinstance(value, dict) else value
        if pid not in IDENTIFIER_PROPERTIES or not value:
            continue
        wanted = IDENTIFIER_PROPERTIES[pid] + str(value).strip().rstrip("/")
        have = {
            e.rstrip("/") for e in entity.equivalents if e.startswith(IDENTIFIER_PROPERTIES[pid])
        }
        if have:
            score += 10.0 if wanted in have else -40.0
    return score
