"""The cipher office's handling of a cable, its copies and their distribution.

Modelling guide rows 18, 20 and 32-35.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fonds.extract.handling import HandlingEvent
from fonds.extract.parties import Party, resolve
from fonds.extract.structure import Structure
from fonds.mapping.iris import fragment, slugify
from fonds.mapping.namespaces import (
    CRM,
    LA,
    RICO,
    RST,
)
from fonds.mapping.writer import (
    DAY_INFERRED,
    YEAR_INFERRED,
    Content,
    identifier,
    person_of,
    time_span,
)


def map_distribution(c: Content, structure: Structure) -> None:
    """The distribution list: one statement that refers to every recipient."""
    entries = structure.handling.distribution
    if not entries:
        return
    node = fragment(c.text, "distribution")
    c.add(c.text, CRM.P106_is_composed_of, node)
    c.add(node, RDF.type, CRM.E33_Linguistic_Object)
    c.add(node, CRM.P2_has_type, c.minter.concept("note-type", "distribution-list"))
    c.add(node, CRM.P190_has_symbolic_content, Literal(" ".join(e.span.text for e in entries)))
    for entry in entries:
        party = resolve(entry.recipient, structure.aliases)
        c.add(node, CRM.P67_refers_to, person_of(c, party))


def map_handling(c: Content, structure: Structure) -> None:
    """Handling events, and the copy sent to a file with that file."""
    handling = structure.handling
    paper = c.objects[0] if c.objects else None
    filed: URIRef | None = None
    if handling.copy_to_file:
        copy, file = handling.copy_to_file
        filed = c.minter.entity("object", f"{c.slug}-copy-{slugify(copy)}")
        file_set = c.minter.entity("set", f"{c.slug}-file-{slugify(file)}")
        c.add(filed, RDF.type, CRM["E22_Human-Made_Object"])
        c.add(filed, RDFS.label, Literal(f"Copy no. {copy}, sent to file no. {file}"))
        c.add(filed, CRM.P128_carries, c.text)
        identifier(c, filed, f"copy-{slugify(copy)}", "copy-number", copy)
        c.add(filed, LA.member_of, file_set)
        c.add(file_set, RDF.type, LA.Set)
        c.add(file_set, RDF.type, RICO.RecordSet)
        c.add(file_set, RICO.hasRecordSetType, RST.File)
        c.add(file_set, RDFS.label, Literal(f"File no. {file} (holder not stated)"))
        identifier(c, file_set, f"no-{slugify(file)}", "file-number", file)
    for event in handling.events:
        _event(c, event, paper, filed, handling.copies_printed)


def _event(
    c: Content,
    event: HandlingEvent,
    paper: URIRef | None,
    filed: URIRef | None,
    copies: int | None,
) -> None:
    role = {"cable-reception": "reception"}.get(event.kind, event.kind)
    node = fragment(c.text, role)
    if (node, None, None) in c.graph:
        node = c.next(c.text, role)
    c.add(c.text, CRM.P70_documents, node)
    c.add(node, RDF.type, CRM.E12_Production if event.kind == "printing" else CRM.E7_Activity)
    c.add(node, CRM.P2_has_type, c.minter.concept("activity", event.kind))
    c.add(node, CRM.P3_has_note, Literal(event.span.text))
    if event.agent and event.agent_is_role:
        person = c.entity("person", event.agent, slug=f"{c.slug}-{slugify(event.agent)}")
        c.add(node, CRM.P14_carried_out_by, person)
        if event.agent_start is not None:
            end = event.agent_start + len(event.agent)
            c.annotate(c.translation, c.body, event.agent_start, end, person, "name-pattern", 0.6)
    elif event.agent:
        c.add(node, CRM.P14_carried_out_by, person_of(c, Party(event.agent, None, event.agent)))
    if event.date:
        qualifier = (
            DAY_INFERRED if event.day_inferred else YEAR_INFERRED if event.year_inferred else None
        )
        time_span(c, node, event.date, qualifier)
    if event.kind == "printing":
        for produced in (paper, filed):
            if produced is not None:
                c.add(node, CRM.P108_has_produced, produced)
        if copies:
            c.add(node, CRM.P3_has_note, Literal(f"{copies} copies printed"))
