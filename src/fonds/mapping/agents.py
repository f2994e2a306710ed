"""People, groups and places: one shared description each, in its own named graph."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fonds.extract.dates import PartialDate, make_date
from fonds.link.authorities import AuthorityIndex, Entity, name_key
from fonds.mapping.iris import Minter, fragment, slugify
from fonds.mapping.namespaces import (
    ALTERNATE_NAME,
    CRM,
    DCTERMS,
    FONDS,
    LA,
    PRIMARY_NAME,
    RICO,
    XSD,
)
from fonds.mapping.timespans import add_time_span

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


class Described:
    """The entity descriptions a document links to: each IRI once, in the order first kept.

    Kept by IRI as well: a document keeps and looks up dozens, each many times, and
    rdflib compares its terms in Python.
    """

    def __init__(self) -> None:
        self.agents: list[Agent] = []
        self._by_iri: dict[URIRef, Agent] = {}

    def keep(self, agent: Agent) -> None:
        """Link to an entity's description (the first one kept for its IRI)."""
        if agent.iri not in self._by_iri:
            self._by_iri[agent.iri] = agent
            self.agents.append(agent)

    def get(self, iri: URIRef) -> Agent | None:
        """The description kept for `iri`, if any."""
        return self._by_iri.get(iri)


def describe(
    name: str,
    kind: str,
    index: AuthorityIndex,
    minter: Minter,
    *,
    key: str | None = None,
    slug: str | None = None,
    when: str = "",
) -> Agent:
    """Describe the person, organization or place called `name` (or index entry `key`).

    A name the index does not know becomes a local entity marked unreconciled, never a
    guess at a known one. `slug` mints a document-scoped entity ('the shift chief').
    `when` (an xsd:dateTime) dates the links to authority records. Descriptions are
    deterministic, so each is built once and shared: never modify the returned graph.
    """
    return _describe(" ".join(name.split()), kind, index, minter, key, slug, when)


@lru_cache(maxsize=8192)
def _describe(
    name: str,
    kind: str,
    index: AuthorityIndex,
    minter: Minter,
    key: str | None,
    slug: str | None,
    when: str,
) -> Agent:
    if key:
        entity = index.entities.get(key)
    elif slug:
        entity = None
    else:
        # A reviewer's `match` decision turns a local name into an index entity.
        entity = index.find(name, type=kind) or index.resolve(name, kind).entity
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
        for scheme, value in entity.identifiers.items():
            link = _add_identifier(graph, iri, scheme, value, minter)
            _link_provenance(graph, link, minter, "authority-index", when)
            for source in entity.sources[:3]:
                if source.startswith(("http://", "https://")) and " " not in source:
                    graph.add((link, DCTERMS.source, URIRef(source)))
        if kind == "place" and (within := index.entities.get(entity.other.get("within", ""))):
            graph.add((iri, CRM.P89_falls_within, minter.entity("place", within.slug)))
        if kind == "place" and entity.point:
            # WKT, as Linked Art's defined_by: longitude first.
            lon, lat = entity.point
            graph.add((iri, CRM.P168_place_is_defined_by, Literal(f"POINT({lon} {lat})")))
        _life(graph, iri, kind, entity)
        return Agent(iri, minter.graph_of(iri), graph)
    decision = index.decisions.get((name_key(label), kind)) or index.decisions.get(
        (name_key(label), "")
    )
    if decision is not None and decision.decision in EXTERNAL_URIS:
        # A reviewer linked this local entity to an external record by hand.
        link = _add_identifier(graph, iri, decision.decision, decision.target, minter)
        _link_provenance(graph, link, minter, "review-decision", decision.date)
        if decision.reviewer:
            graph.add((link, DCTERMS.contributor, Literal(decision.reviewer)))
    status = "distinct" if decision is not None else "unreconciled"
    graph.add((iri, CRM.P2_has_type, minter.concept("reconciliation", status)))
    return Agent(iri, minter.graph_of(iri), graph)


LIFE_EVENTS = {
    "person": (
        (CRM.P98i_was_born, CRM.E67_Birth, "birth"),
        (CRM.P100i_died_in, CRM.E69_Death, "death"),
    ),
    "organization": (
        (CRM.P95i_was_formed_by, CRM.E66_Formation, "formation"),
        (CRM.P99i_was_dissolved_by, CRM.E68_Dissolution, "dissolution"),
    ),
}


def _life(graph: Graph, iri: URIRef, kind: str, entity: Entity) -> None:
    """Birth and death (formation and dissolution) at the precision the index gives."""
    for written, (prop, cls, role) in zip(entity.dates, LIFE_EVENTS.get(kind, ()), strict=False):
        date = _index_date(written)
        if date is None:
            continue
        event, span = fragment(iri, role), fragment(iri, f"{role}-ts")
        graph.add((iri, prop, event))
        graph.add((event, RDF.type, cls))
        graph.add((event, CRM["P4_has_time-span"], span))
        add_time_span(graph, span, date)


def _index_date(text: str) -> PartialDate | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        return make_date(year, month, day)
    except ValueError:
        return None


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


def _add_identifier(graph: Graph, iri: URIRef, scheme: str, value: str, minter: Minter) -> URIRef:
    """la:equivalent and an E42 for one external identifier; returns the link's E13 node.

    la:equivalent, never owl:sameAs (it would merge every claim of the other record);
    the E42 keeps the bare identifier searchable whatever URI form an authority uses.
    """
    external = URIRef(EXTERNAL_URIS[scheme].format(value))
    graph.add((iri, LA.equivalent, external))
    node = fragment(iri, scheme)
    graph.add((iri, CRM.P1_is_identified_by, node))
    graph.add((node, RDF.type, CRM.E42_Identifier))
    graph.add((node, CRM.P2_has_type, minter.concept("id-type", scheme)))
    graph.add((node, CRM.P190_has_symbolic_content, Literal(value)))
    link = fragment(iri, f"{scheme}-link")
    graph.add((link, RDF.type, CRM.E13_Attribute_Assignment))
    graph.add((link, CRM.P140_assigned_attribute_to, iri))
    graph.add((link, CRM.P141_assigned, external))
    graph.add((link, CRM.P177_assigned_property_of_type, LA.equivalent))
    return link


def _link_provenance(graph: Graph, link: URIRef, minter: Minter, method: str, when: str) -> None:
    """How a link to an authority record was made, how sure, and when."""
    graph.add((link, CRM.P2_has_type, minter.concept("link-method", method)))
    graph.add((link, FONDS.score, Literal("1.00", datatype=XSD.decimal)))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[\d:]+(Z|[+-]\d{2}:\d{2})?)?", when or ""):
        datatype = XSD.dateTime if "T" in when else XSD.date
        graph.add((link, DCTERMS.created, Literal(when, datatype=datatype)))
