"""The inside of a document as RDF: modelling guide rows 5-7 and 13-35.

Archival placement, markings, numbers, handling events, copies, stamps, editorial notes,
the embedded message, the people, places and organizations it mentions and the events it
reports. Each becomes the node the guide gives it, with a link back to the text. This
module puts the parts together (marks.py, handling.py, mentions.py) and maps the archive's
own metadata.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from fonds.extract.handling import CLASSIFICATIONS
from fonds.extract.names import heading_to_name, place_heading
from fonds.extract.structure import Structure, as_written
from fonds.mapping.archival import place_reference
from fonds.mapping.handling import map_distribution, map_handling
from fonds.mapping.iris import slugify
from fonds.mapping.languages import Language
from fonds.mapping.marks import map_marks
from fonds.mapping.mentions import map_mentions, map_messages, map_reported_events
from fonds.mapping.namespaces import (
    CRM,
    RICO,
)
from fonds.mapping.writer import (
    Content,
    identifier,
    person_of,
)
from fonds.records.model import Record


def map_content(
    content: Content,
    structure: Structure,
    record: Record,
    *,
    creation: URIRef,
    original: Language | None,
) -> None:
    """Write everything `structure` found, and the record's metadata lists, into the graph."""
    body, date = record.text or "", record.date
    _archive(content, structure, record.record_id, record.archive_name)
    _classification(content, structure, (record.classification,) if record.classification else ())
    _metadata(content, record, creation)
    _numbers(content, structure)
    _parties(content, structure, creation)
    _origin(content, structure, creation)
    map_marks(content, structure, body, original)
    map_distribution(content, structure)
    map_handling(content, structure)
    map_messages(content, structure, date)
    map_mentions(content, structure, record)
    map_reported_events(content, structure)


def _archive(c: Content, structure: Structure, record_id: str, archive_name: str | None) -> None:
    for reference in structure.references.references:
        entity = c.index.find(reference.repository, type="organization") or (
            c.index.find(archive_name, type="organization") if archive_name else None
        )
        repository = c.entity(
            "organization", reference.repository, key=entity.key if entity else None
        )
        repository_slug = str(repository).rsplit("/", 1)[-1]
        placed = place_reference(
            c.graph, c.minter, c.text, reference, repository, repository_slug, record_id
        )
        c.objects.append(placed.object)
        for record_set in placed.sets:
            c.keep(record_set)
    for unparsed in structure.references.unparsed:
        node = c.next(c.text, "archival-reference")
        c.add(c.text, CRM.P67i_is_referred_to_by, node)
        c.add(node, RDF.type, CRM.E33_Linguistic_Object)
        c.add(node, CRM.P2_has_type, c.minter.concept("note-type", "archival-reference"))
        c.add(node, CRM.P190_has_symbolic_content, Literal(unparsed))
        c.warnings.append(f"archival reference not recognised, kept verbatim: {unparsed[:120]!r}")


def _named(c: Content, name: str, default_kind: str) -> URIRef:
    """An entity from a metadata list, typed by the index when it knows the name."""
    name = heading_to_name(name) if default_kind != "place" else place_heading(name)
    entity = c.index.find(name)
    if entity is not None and entity.type in ("person", "organization", "place"):
        return c.entity(entity.type, key=entity.key)
    return c.entity(default_kind, name)


def _metadata(c: Content, record: Record, creation: URIRef) -> None:
    for author in record.authors:
        c.add(creation, CRM.P14_carried_out_by, _named(c, author, "person"))
    for name in record.people_and_organizations:
        kind = "person" if "," in name else "organization"
        c.add(c.text, CRM.P67_refers_to, _named(c, name, kind))
    for place in record.places:
        c.add(c.text, CRM.P67_refers_to, _named(c, place, "place"))
    for subject in record.subjects:
        if term := slugify(subject)[:80].strip("-"):
            c.add(c.text, CRM.P129_is_about, c.concept("subject", term, subject))
    if record.rights:
        c.add(c.text, DCTERMS.rights, Literal(record.rights))


def _classification(c: Content, structure: Structure, extra: tuple[str, ...]) -> None:
    terms = {term for term, _ in structure.handling.classification}
    for term in terms:
        c.add(c.text, CRM.P2_has_type, c.minter.concept("security", term))
    known = dict(CLASSIFICATIONS)
    for value in extra:
        term = known.get(value.strip().lower().rstrip("."))
        if term is None:
            term = slugify(value)
            if not term:
                continue
            c.concept("security", term, value.strip())
        if term not in terms:
            terms.add(term)
            c.add(c.text, CRM.P2_has_type, c.minter.concept("security", term))


def _numbers(c: Content, structure: Structure) -> None:
    handling = structure.handling
    if handling.cable_number:
        identifier(
            c,
            c.text,
            f"no-{slugify(handling.cable_number.text)}",
            "cable-number",
            handling.cable_number.text,
        )
    if handling.sender_number:
        identifier(
            c,
            c.text,
            f"sender-no-{slugify(handling.sender_number.text)}",
            "sender-cable-number",
            handling.sender_number.text,
        )
    if handling.this_copy:
        for obj in c.objects[:1]:
            identifier(
                c, obj, f"copy-{handling.this_copy.text}", "copy-number", handling.this_copy.text
            )


def _parties(c: Content, structure: Structure, creation: URIRef) -> None:
    for party in structure.senders:
        iri = person_of(c, party)
        c.add(c.text, RICO.hasSender, iri)
        c.add(creation, CRM.P14_carried_out_by, iri)
    for party in structure.recipients:
        c.add(c.text, RICO.hasAddressee, person_of(c, party))


def _origin(c: Content, structure: Structure, creation: URIRef) -> None:
    origin = structure.handling.origin
    if origin is None:
        return
    entity = c.index.find(origin.text, type="place")
    place = c.entity("place", as_written(origin.text), key=entity.key if entity else None)
    c.add(creation, CRM.P7_took_place_at, place)
    if entity is not None:
        c.documented_name(place, origin.text)
