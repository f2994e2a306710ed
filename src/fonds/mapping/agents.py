"""People, groups and places: one shared description each, in its own named graph."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fonds.link.authorities import AuthorityIndex, Entity
from fonds.mapping.iris import Minter, fragment, slugify
from fonds.mapping.namespaces import ALTERNATE_NAME, CRM, LA, PRIMARY_NAME, RICO

ENDPOINTS = {"person": "person", "organization": "group", "place": "place"}
CLASSES = {
    "person": (CRM.E21_Person, RICO.Person),
    "organization": (CRM.E74_Group, RICO.CorporateBody),
    "place": (CRM.E53_Place, RICO.Place),
}
# External authorities: how each identifier becomes the entity URI la:equivalent points to.
EXTERNAL_URIS = {
    "wikidata": "http://www.wikidata.org/entity/{}",
    "viaf": "http://viaf.org/viaf/{}",
    "geonames": "http://sws.geonames.org/{}/",
    "lcnaf": "http://id.loc.gov/authorities/names/{}",
}


@dataclass(frozen=True)
class Agent:
    """A described entity: its URI, the graph that holds it, and that graph."""

    iri: URIRef
    graph_name: URIRef
    graph: Graph


def describe(
    name: str,
    kind: str,
    index: AuthorityIndex,
    minter: Minter,
    *,
    key: str | None = None,
    slug: str | None = None,
) -> Agent:
    """Describe the person, organization or place called `name` (or index entry `key`).

    A name the index does not know becomes a local entity marked unreconciled, never a
    guess at a known one. `slug` mints a document-scoped entity ('the shift chief').
    Descriptions are deterministic, so each is built once and shared: never modify the
    returned graph.
    """
    return _describe(" ".join(name.split()), kind, index, minter, key, slug)


@lru_cache(maxsize=8192)
def _describe(
    name: str,
    kind: str,
    index: AuthorityIndex,
    minter: Minter,
    key: str | None,
    slug: str | None,
) -> Agent:
    entity = index.entities.get(key) if key else None if slug else index.find(name, type=kind)
    label = entity.pref_label if entity else " ".join(name.split())
    if slug is None:
        slug = entity.slug if entity else _local_slug(label, index)
    iri = minter.entity(ENDPOINTS[kind], slug)
    graph = Graph()
    for cls in CLASSES[kind]:
        graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(label)))
    primary = fragment(iri, "name-1")
    graph.add((iri, CRM.P1_is_identified_by, primary))
    graph.add((primary, RDF.type, CRM.E33_E41_Linguistic_Appellation))
    graph.add((primary, CRM.P2_has_type, PRIMARY_NAME))
    graph.add((primary, CRM.P190_has_symbolic_content, Literal(label)))
    if entity:
        for alternative in alternative_names(entity).values():
            if alternative != label:
                node = name_node(iri, alternative)
                graph.add((iri, CRM.P1_is_identified_by, node))
                graph.add((node, RDF.type, CRM.E33_E41_Linguistic_Appellation))
                graph.add((node, CRM.P2_has_type, ALTERNATE_NAME))
                graph.add((node, CRM.P190_has_symbolic_content, Literal(alternative)))
        _add_identifiers(graph, iri, entity, minter)
        if kind == "place" and (within := index.entities.get(entity.other.get("within", ""))):
            graph.add((iri, CRM.P89_falls_within, minter.entity("place", within.slug)))
    else:
        graph.add((iri, CRM.P2_has_type, minter.concept("reconciliation", "unreconciled")))
    return Agent(iri, minter.graph_of(iri), graph)


def name_node(iri: URIRef, name: str) -> URIRef:
    """The Name node of one of an entity's names: #name-peking (a hash for other scripts)."""
    return fragment(iri, f"name-{_name_slug(name)}")


def _name_slug(name: str) -> str:
    slug = slugify(name)
    if not slug or len(slug) > 60:
        slug = hashlib.sha1(name.encode()).hexdigest()[:10]
    return slug


def alternative_names(entity: Entity) -> dict[str, str]:
    """One written form per Name node: 'Keijo' and 'Keijō' share a slug, the first wins.

    Forms only in capitals ('PEKING') are the index's matching aids, not names.
    """
    forms: dict[str, str] = {}
    for name in entity.names:
        if not name.isupper() or len(name) <= 6:
            forms.setdefault(_name_slug(name), name)
    return forms


def _local_slug(label: str, index: AuthorityIndex) -> str:
    slug = slugify(label)[:80].strip("-") or "unnamed"
    # A local entity never takes the URI of an index entry it was not matched to.
    taken = {entity.slug for entity in index.entities.values()}
    return f"{slug}-local" if slug in taken else slug


def _add_identifiers(graph: Graph, iri: URIRef, entity: Entity, minter: Minter) -> None:
    # la:equivalent, never owl:sameAs (it would merge every claim of the other record);
    # the E42 keeps the bare identifier searchable whatever URI form an authority uses.
    for scheme, value in entity.identifiers.items():
        graph.add((iri, LA.equivalent, URIRef(EXTERNAL_URIS[scheme].format(value))))
        node = fragment(iri, scheme)
        graph.add((iri, CRM.P1_is_identified_by, node))
        graph.add((node, RDF.type, CRM.E42_Identifier))
        graph.add((node, CRM.P2_has_type, minter.concept("id-type", scheme)))
        graph.add((node, CRM.P190_has_symbolic_content, Literal(value)))
