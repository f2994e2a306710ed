"""Where the paper is kept: repository, fond / series / file record sets, the object itself.

Modelling guide rows 5-7: the archival copy is an E22 Human-Made Object and rico:Instantiation
that carries the text; the record sets are la:Set + rico:RecordSet, chained upwards with
rico:isOrWasIncludedIn and la:member_of, and shared by every document that cites them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from fonds.extract.archival_reference import RECORD_SET_TYPES, ArchivalReference
from fonds.mapping.agents import Agent
from fonds.mapping.iris import Minter, fragment, slugify
from fonds.mapping.namespaces import CRM, LA, RICO, RST


@dataclass(frozen=True)
class Placed:
    """One archival reference as RDF: the object, the file it sits in, and the set graphs."""

    object: URIRef
    file: URIRef
    sets: list[Agent]


def place_reference(
    g: Graph,
    minter: Minter,
    text: URIRef,
    reference: ArchivalReference,
    repository: URIRef,
    repository_slug: str,
    record_id: str,
) -> Placed:
    """Add the object to the document graph; return it with the shared record-set graphs."""
    sets: list[Agent] = []
    parent: URIRef | None = None
    slug = repository_slug
    labels = [reference.repository]
    for depth, level in enumerate(reference.levels):
        slug = f"{slug}-{level.slug}"
        labels.append(level.label)
        iri = minter.entity("set", slug)
        set_graph = Graph()
        set_type = "Fonds" if depth == 0 else RECORD_SET_TYPES[level.kind]
        set_graph.add((iri, RDF.type, LA.Set))
        set_graph.add((iri, RDF.type, RICO.RecordSet))
        set_graph.add((iri, RICO.hasRecordSetType, RST[set_type]))
        set_graph.add((iri, RDFS.label, Literal(", ".join(labels))))
        code = fragment(iri, "code")
        set_graph.add((iri, CRM.P1_is_identified_by, code))
        set_graph.add((code, RDF.type, CRM.E42_Identifier))
        set_graph.add((code, CRM.P2_has_type, minter.concept("id-type", "archival-reference-code")))
        set_graph.add((code, CRM.P190_has_symbolic_content, Literal(", ".join(labels))))
        if parent is None:
            set_graph.add((iri, RICO.hasOrHadHolder, repository))
        else:
            set_graph.add((iri, RICO.isOrWasIncludedIn, parent))
            set_graph.add((iri, LA.member_of, parent))
        sets.append(Agent(iri, minter.graph_of(iri), set_graph))
        parent = iri
    assert parent is not None  # a parsed reference has at least its fond

    tail = reference.folios.slug if reference.folios else f"wcda-{slugify(record_id)}"
    if reference.item_number:
        tail = f"no-{slugify(reference.item_number)}-{tail}"
    obj = minter.entity("object", f"{slug}-{tail}")
    g.add((obj, RDF.type, CRM["E22_Human-Made_Object"]))
    g.add((obj, RDF.type, RICO.Instantiation))
    g.add((obj, RDFS.label, Literal(reference.code)))
    g.add((obj, CRM.P128_carries, text))
    g.add((obj, CRM.P50_has_current_keeper, repository))
    g.add((obj, LA.member_of, parent))
    g.add((obj, RICO.isOrWasInstantiationOf, text))
    g.add((text, RICO.hasOrHadInstantiation, obj))
    g.add((text, RICO.isOrWasIncludedIn, parent))
    code = fragment(obj, "refcode")
    g.add((obj, CRM.P1_is_identified_by, code))
    g.add((code, RDF.type, CRM.E42_Identifier))
    g.add((code, CRM.P2_has_type, minter.concept("id-type", "archival-reference-code")))
    g.add((code, CRM.P190_has_symbolic_content, Literal(reference.code)))
    if reference.verbatim != reference.code or reference.notes:
        note = " ".join([f"Cited as '{reference.verbatim}'.", *reference.notes])
        g.add((code, CRM.P3_has_note, Literal(note)))
    if reference.folios and reference.folios.unit == "folio" and reference.folios.count:
        g.add(
            (
                obj,
                CRM.P57_has_number_of_parts,
                Literal(reference.folios.count, datatype=XSD.integer),
            )
        )
    return Placed(obj, parent, sets)
