"""Marks on the paper and notes in the translation: rows 13-15, 22 and 30."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from fonds.extract.dates import find_moments
from fonds.extract.editorial import Bracket
from fonds.extract.names import name_case
from fonds.extract.structure import LocalGroup, Structure
from fonds.link.recognize import Mention
from fonds.mapping.iris import fragment, slugify
from fonds.mapping.languages import Language
from fonds.mapping.namespaces import (
    CRM,
)
from fonds.mapping.writer import (
    MARK_KINDS,
    NOTE_KINDS,
    Content,
    identifier,
    local_group,
    mention_entity,
    mentions_in,
    owner_at,
    time_span,
)


def map_marks(c: Content, structure: Structure, body: str, original: Language | None) -> None:
    """Marks on the paper (or the text, when no copy is known) and notes in the translation."""
    paper = c.objects[0] if c.objects else None
    for bracket in structure.brackets:
        if bracket.kind in MARK_KINDS:
            _mark(c, structure, bracket, paper, body)
        elif bracket.kind in NOTE_KINDS:
            role = {
                "translator-note": "tn",
                "editor-note": "note",
                "original-term": "term",
                "editorial-insertion": "insertion",
            }[bracket.kind]
            node = c.next(c.translation, role)
            c.add(c.translation, CRM.P106_is_composed_of, node)
            c.add(node, RDF.type, CRM.E33_Linguistic_Object)
            c.add(node, CRM.P2_has_type, c.minter.concept("note-type", bracket.kind))
            c.add(node, CRM.P190_has_symbolic_content, Literal(bracket.content))
            if bracket.kind == "original-term" and original is not None:
                c.add(node, CRM.P72_has_language, original.iri)
            for mention in mentions_in(structure, bracket.start, bracket.end):
                c.add(node, CRM.P67_refers_to, mention_entity(c, mention))
        elif bracket.kind == "completion":
            _completion(c, bracket, owner_at(c, structure, bracket.start))


def _mark(
    c: Content, structure: Structure, bracket: Bracket, paper: URIRef | None, body: str
) -> None:
    # Marks belong to the paper (P128 carries). Without a parsed archival copy they are
    # kept as described parts of the text, so that nothing the editor recorded is lost.
    owner = paper or c.text
    role = {"handwritten-annotation": "handwritten", "marginal-marking": "margin"}.get(
        bracket.kind, bracket.kind
    )
    node = c.next(owner, role)
    if paper is not None:
        c.add(paper, CRM.P128_carries, node)
        mark_class = (
            CRM.E37_Mark
            if bracket.kind in ("signature", "marginal-marking")
            else (CRM.E34_Inscription)
        )
        c.add(node, RDF.type, mark_class)
    else:
        c.add(c.text, CRM.P106_is_composed_of, node)
        c.add(node, RDF.type, CRM.E33_Linguistic_Object)
    c.add(node, CRM.P2_has_type, c.minter.concept("mark-type", bracket.kind))
    if bracket.kind == "signature":
        c.add(node, CRM.P3_has_note, Literal(bracket.content))
    elif bracket.kind == "marginal-marking":
        c.add(node, CRM.P3_has_note, Literal(bracket.content))
        end = body.find("\n", bracket.end)
        paragraph = body[bracket.end : end if end >= 0 else len(body)].strip()
        if paragraph:
            part = c.next(c.translation, "paragraph")
            c.add(c.translation, CRM.P106_is_composed_of, part)
            c.add(part, RDF.type, CRM.E33_Linguistic_Object)
            c.add(part, CRM.P190_has_symbolic_content, Literal(paragraph))
            c.add(node, CRM.P67_refers_to, part)
    else:
        c.add(node, CRM.P190_has_symbolic_content, Literal(bracket.content))
    mentions = mentions_in(structure, bracket.start, bracket.end)
    groups = [g for g in structure.local_groups if bracket.start <= g.span.start < bracket.end]
    for mention in mentions:
        c.add(node, CRM.P67_refers_to, mention_entity(c, mention))
    if bracket.kind == "letterhead" and not mentions:
        name = bracket.content.removeprefix("the ")
        entity = c.index.find(name, type="organization")
        c.add(
            node,
            CRM.P67_refers_to,
            c.entity("organization", name, key=entity.key if entity else None),
        )
    if bracket.kind == "stamp" and paper is not None:
        _registration(c, structure, bracket, paper, mentions, groups)


def _registration(
    c: Content,
    structure: Structure,
    bracket: Bracket,
    paper: URIRef,
    mentions: list[Mention],
    groups: list[LocalGroup],
) -> None:
    incoming = structure.handling.incoming_number
    if incoming is None or not bracket.start <= incoming.start < bracket.end:
        return
    number = identifier(
        c, paper, f"no-{slugify(incoming.text)}", "incoming-registration-number", incoming.text
    )
    registration = fragment(c.text, "registration")
    c.add(c.text, CRM.P70_documents, registration)
    c.add(registration, RDF.type, CRM.E15_Identifier_Assignment)
    c.add(registration, CRM.P2_has_type, c.minter.concept("activity", "registration"))
    c.add(registration, CRM.P37_assigned, number)
    c.add(registration, CRM.P140_assigned_attribute_to, paper)
    if groups:
        c.add(registration, CRM.P14_carried_out_by, local_group(c, groups[0]))
    elif orgs := [m for m in mentions if m.kind == "organization"]:
        c.add(registration, CRM.P14_carried_out_by, c.entity("organization", key=orgs[0].key))
    moments = find_moments(bracket.content)
    if moments:
        time_span(c, registration, moments[0].date)


def _completion(c: Content, bracket: Bracket, owner: URIRef) -> None:
    written = f"{bracket.name} [{bracket.content}]"
    full = name_case(f"{bracket.name} {bracket.content}")
    person = c.entity("person", full)
    attribution = c.next(c.text, "completion")
    c.add(owner, CRM.P67_refers_to, person)
    if bracket.name_start is not None:
        c.annotate(
            c.translation, c.body, bracket.name_start, bracket.end, person, "editorial-bracket", 0.8
        )
    c.identification(
        attribution,
        c.documented_name(person, full),
        person,
        f"The text writes '{written}': the bracketed part is the editor's completion.",
    )
