"""The embedded message, the names a document mentions and the events it reports: rows 24-29."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from fonds.extract.dates import PartialDate
from fonds.extract.parties import resolve
from fonds.extract.structure import Structure
from fonds.link.authorities import HONORIFIC, name_key
from fonds.link.recognize import Mention
from fonds.mapping.iris import fragment, slugify
from fonds.mapping.namespaces import (
    CRM,
    RICO,
)
from fonds.mapping.writer import (
    MARK_KINDS,
    NOTE_KINDS,
    YEAR_INFERRED,
    Content,
    local_group,
    mention_entity,
    owner_at,
    person_of,
    time_span,
)
from fonds.records.model import Record


def map_messages(c: Content, structure: Structure, date: PartialDate) -> None:
    """Each embedded message as a record part with its own creation, sender and addressee."""
    for number, message in enumerate(structure.messages, start=1):
        part = c.minter.of(c.text, f"message-{number}")
        c.add(c.text, CRM.P165_incorporates, part)
        c.add(part, RDF.type, CRM.E33_Linguistic_Object)
        c.add(part, RDF.type, RICO.RecordPart)
        c.add(part, RICO.isOrWasConstituentOf, c.text)
        c.add(part, CRM.P2_has_type, c.minter.concept("doc-type", "message"))
        label = "Embedded message"
        creation = fragment(part, "creation")
        c.add(part, CRM.P94i_was_created_by, creation)
        c.add(creation, RDF.type, CRM.E65_Creation)
        if message.author:
            author = person_of(c, resolve(message.author.text, structure.aliases))
            c.add(creation, CRM.P14_carried_out_by, author)
            c.add(part, RICO.hasSender, author)
            label += f" from {c.label_of(author)}"
        if message.date:
            time_span(
                c,
                creation,
                message.date.date,
                YEAR_INFERRED if message.date.year_inferred else None,
            )
            label += f", {message.date.text}"
        if message.addressee:
            c.add(
                part,
                RICO.hasAddressee,
                person_of(c, resolve(message.addressee.text, structure.aliases)),
            )
        c.add(part, RDFS.label, Literal(label))


def map_mentions(c: Content, structure: Structure, record: Record) -> None:
    """Every name found: P67 from the part that names it, and a Web Annotation at its offsets."""
    body = record.text or ""
    for mention in structure.mentions:
        entity = mention_entity(c, mention)
        bracket = structure.bracket_at(mention.start)
        if bracket is None or bracket.kind not in MARK_KINDS | NOTE_KINDS:
            # In a stamp or a note, the mark or the note refers to it (see _mark).
            c.add(owner_at(c, structure, mention.start), CRM.P67_refers_to, entity)
        c.annotate(
            c.translation, body, mention.start, mention.end, entity, mention.method, mention.score
        )
        if mention.key is not None:
            written = HONORIFIC.sub("", _index_form(c, mention))
            if name_key(written) != name_key(c.label_of(entity)):
                c.documented_name(entity, written)
    for group in structure.local_groups:
        iri = local_group(c, group)
        bracket = structure.bracket_at(group.span.start)
        if bracket is None or bracket.kind not in MARK_KINDS | NOTE_KINDS:
            c.add(owner_at(c, structure, group.span.start), CRM.P67_refers_to, iri)
        c.annotate(c.translation, body, group.span.start, group.span.end, iri, "name-pattern", 0.6)
    for actor in structure.generic_actors:
        of = c.index.entities[actor.of_key].pref_label
        label = f"{actor.role} of {of}"
        person = c.entity("person", label, slug=f"{c.slug}-{slugify(label)}")
        c.add(owner_at(c, structure, actor.span.start), CRM.P67_refers_to, person)
        c.annotate(
            c.translation, body, actor.span.start, actor.span.end, person, "name-pattern", 0.6
        )
    for name, mentions in structure.field_mentions.items():
        node = fragment(c.text, name)
        value = {"title": record.title, "summary": record.summary, "citation": record.citation}[
            name
        ]
        for mention in mentions:
            entity = mention_entity(c, mention)
            c.add(node, CRM.P67_refers_to, entity)
            c.annotate(
                node,
                value or "",
                mention.start,
                mention.end,
                entity,
                mention.method,
                mention.score,
            )


def _index_form(c: Content, mention: Mention) -> str:
    """The index's spelling of a name the text writes in capitals ('PEKING' -> 'Peking')."""
    entity = c.index.entities[mention.key]
    forms = [n for n in entity.names if name_key(n) == name_key(mention.text)]
    mixed = [f for f in forms if not f.isupper()]
    return (mixed or forms or [mention.text])[0]


def map_reported_events(c: Content, structure: Structure) -> None:
    """The events the text reports, documented by the part that reports them."""
    for event in structure.events:
        owner = owner_at(c, structure, event.phrase.start)
        node = c.next(owner, "event")
        c.add(owner, CRM.P70_documents, node)
        c.add(node, RDF.type, CRM.E5_Event)
        c.add(node, RDFS.label, Literal(event.sentence.text[:300]))
        c.add(node, CRM.P3_has_note, Literal(f"Dated in the text: '{event.phrase.text}'"))
        time_span(c, node, event.date, YEAR_INFERRED if event.year_inferred else None)
