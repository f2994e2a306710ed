"""People, groups and places: one shared description each, in its own named graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fonds.link.authorities import AuthorityIndex, Entity
from fonds.mapping.iris import Minter, fragment, slugify
from fonds.mapping.namespaces import CRM, LA, PRIMARY_NAME, RICO

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
    name: str, kind: str, index: AuthorityIndex, minter: Minter, *, key: str | None = None
) -> Agent:
    """Describe the person, organization or place called `name` (or index entry `key`)."""
    entity = index.entities.get(key) if key else index.find(name, type=kind)
    label = entity.pref_label if entity else " ".join(name.split())
    slug = entity.slug if entity else slugify(label)
    iri = minter.entity(ENDPOINTS[kind], slug)
    graph = Graph()
    for cls in CLASSES[kind]:
        graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(label)))
    name_node = fragment(iri, "name-1")
    graph.add((iri, CRM.P1_is_identified_by, name_node))
    graph.add((name_node, RDF.type, CRM.E33_E41_Linguistic_Appellation))
    graph.add((name_node, CRM.P2_has_type, PRIMARY_NAME))
    graph.add((name_node, CRM.P190_has_symbolic_content, Literal(label)))
    if entity:
        _add_identifiers(graph, iri, entity, minter)
    return Agent(iri, minter.graph_of(iri), graph)


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
