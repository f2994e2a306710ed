"""The inside of a document as RDF: modelling guide rows 5-7 and 13-35.

Archival placement, markings, numbers, handling events, copies, stamps, editorial notes,
the embedded message, the people, places and organizations it mentions and the events it
reports. Each becomes the node the guide gives it, with a link back to the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from fonds.extract.dates import PartialDate, find_moments
from fonds.extract.editorial import Bracket
from fonds.extract.handling import CLASSIFICATIONS, HandlingEvent
from fonds.extract.names import heading_to_name, name_case, place_heading
from fonds.extract.parties import Party, resolve
from fonds.extract.structure import LocalGroup, Structure, as_written
from fonds.link.authorities import HONORIFIC, AuthorityIndex, name_key
from fonds.link.recognize import Mention
from fonds.mapping.agents import Agent, alternative_names, describe, name_node
from fonds.mapping.archival import place_reference
from fonds.mapping.iris import Minter, fragment, slugify
from fonds.mapping.languages import Language
from fonds.mapping.namespaces import (
    ALTERNATE_NAME,
    CRM,
    FONDS,
    LA,
    OA,
    PSEUDONYM,
    RICO,
    RST,
    XSD,
)
from fonds.mapping.timespans import add_time_span
from fonds.records.model import Record

YEAR_INFERRED = "The year is not written: it is taken from the document's date."
DAY_INFERRED = "The day is not written: it is taken from the handling event before it."
MARK_KINDS = {"handwritten-annotation", "letterhead", "stamp", "signature", "marginal-marking"}
NOTE_KINDS = {"translator-note", "editor-note", "original-term", "editorial-insertion"}


@dataclass
class Content:
    """Mapping state for one document: where to write and what is already described."""

    graph: Graph
    minter: Minter
    index: AuthorityIndex
    text: URIRef
    translation: URIRef
    slug: str
    body: str = ""
    """The text of the document (the P190 content of `translation`)."""
    agent: URIRef | None = None
    """The software agent (or reviewer) that makes the links, for their provenance."""
    when: str = ""
    """When the links are made: the ingest's start, an xsd:dateTime in UTC."""
    agents: list[Agent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    objects: list[URIRef] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        """Add one triple to the document graph."""
        self.graph.add((s, p, o))

    def next(self, owner: URIRef, role: str) -> URIRef:
        """The next numbered fragment of `owner`: #tn-1, #tn-2, ..."""
        key = f"{owner}#{role}"
        self.counters[key] = self.counters.get(key, 0) + 1
        return fragment(owner, f"{role}-{self.counters[key]}")

    def annotate(
        self,
        source: URIRef,
        text: str,
        start: int,
        end: int,
        body: URIRef,
        method: str,
        score: float,
    ) -> URIRef:
        """A Web Annotation saying that text[start:end] of `source` names `body`.

        Offsets count Unicode code points in the source's P190 content, as the Web
        Annotation model's TextPositionSelector does; the quote selector keeps the words
        so a page can still find them if the text is ever re-typed.
        """
        node = self.next(self.text, "mention")
        target, position, quote = (
            URIRef(f"{node}-{part}") for part in ("target", "position", "quote")
        )
        self.add(node, RDF.type, OA.Annotation)
        self.add(node, OA.motivatedBy, OA.identifying)
        self.add(node, OA.hasBody, body)
        self.add(node, OA.hasTarget, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, source)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(text[start:end]))
        if start:
            self.add(quote, OA.prefix, Literal(text[max(0, start - 24) : start]))
        if end < len(text):
            self.add(quote, OA.suffix, Literal(text[end : end + 24]))
        self.add(node, DCTERMS.type, self.minter.concept("link-method", method))
        self.add(node, FONDS.score, Literal(f"{score:.2f}", datatype=XSD.decimal))
        if self.when:
            self.add(node, DCTERMS.created, Literal(self.when, datatype=XSD.dateTime))
        if self.agent is not None:
            self.add(node, DCTERMS.creator, self.agent)
        return node

    def entity(
        self, kind: str, name: str = "", *, key: str | None = None, slug: str | None = None
    ) -> URIRef:
        """The URI of a person, group or place, describing it once in its own graph."""
        agent = describe(name, kind, self.index, self.minter, key=key, slug=slug, when=self.when)
        self._keep(agent)
        entity = self.index.entities.get(key) if key else None
        within = entity.other.get("within") if entity else None
        if within and within in self.index.entities:
            self.entity("place", key=within)
        return agent.iri

    def label_of(self, iri: URIRef) -> str:
        """The label of an entity this document describes."""
        for agent in self.agents:
            if agent.iri == iri:
                return str(agent.graph.value(iri, RDFS.label) or "")
        return ""

    def _keep(self, agent: Agent) -> None:
        if all(a.iri != agent.iri for a in self.agents):
            self.agents.append(agent)

    def concept(self, scheme: str, term: str, label: str) -> URIRef:
        """A concept not in ontology/fonds.ttl (a classification only a record uses)."""
        iri = self.minter.concept(scheme, term)
        g = Graph()
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, RDF.type, CRM.E55_Type))
        g.add((iri, SKOS.inScheme, self.minter.concept_scheme(scheme)))
        g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
        self._keep(Agent(iri, self.minter.graph_of(iri), g))
        return iri

    def documented_name(self, entity: URIRef, written: str, pseudonym: bool = False) -> URIRef:
        """The Name the text writes for an entity, documented in this document.

        When the index knows the name, its spelling is used, so that the Name node is the
        one the entity's own description holds ('PEKING' is documented as 'Peking').
        """
        form = as_written(written).strip(" .,;:")
        node = name_node(entity, form)
        known = next(
            (e for e in self.index.entities.values() if e.slug == str(entity).rsplit("/", 1)[-1]),
            None,
        )
        if known is not None:
            forms = alternative_names(known)
            form = forms.get(str(node).rsplit("#name-", 1)[-1], form)
        self.add(entity, CRM.P1_is_identified_by, node)
        self.add(node, RDF.type, CRM.E33_E41_Linguistic_Appellation)
        self.add(node, CRM.P2_has_type, PSEUDONYM if pseudonym else ALTERNATE_NAME)
        self.add(node, CRM.P190_has_symbolic_content, Literal(form))
        self.add(node, CRM.P70i_is_documented_in, self.text)
        return node


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
    _marks_and_notes(content, structure, body, original)
    _distribution(content, structure)
    _handling(content, structure)
    _messages(content, structure, date)
    _mentions(content, structure, record)
    _reported_events(content, structure)


# --- rows 5-7: repository, record sets, the object ---------------------------------


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
            c._keep(record_set)
    for unparsed in structure.references.unparsed:
        node = c.next(c.text, "archival-reference")
        c.add(c.text, CRM.P67i_is_referred_to_by, node)
        c.add(node, RDF.type, CRM.E33_Linguistic_Object)
        c.add(node, CRM.P2_has_type, c.minter.concept("note-type", "archival-reference"))
        c.add(node, CRM.P190_has_symbolic_content, Literal(unparsed))
        c.warnings.append(f"archival reference not recognised, kept verbatim: {unparsed[:120]!r}")


# --- the archive's metadata lists: authors, associated names, places, subjects ---------


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


# --- rows 16, 17, 21, 31: markings and numbers ---------------------------------------


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


def _identifier(c: Content, owner: URIRef, role: str, kind: str, value: str) -> URIRef:
    node = fragment(owner, role)
    c.add(owner, CRM.P1_is_identified_by, node)
    c.add(node, RDF.type, CRM.E42_Identifier)
    c.add(node, CRM.P2_has_type, c.minter.concept("id-type", kind))
    c.add(node, CRM.P190_has_symbolic_content, Literal(value))
    return node


def _numbers(c: Content, structure: Structure) -> None:
    handling = structure.handling
    if handling.cable_number:
        _identifier(
            c,
            c.text,
            f"no-{slugify(handling.cable_number.text)}",
            "cable-number",
            handling.cable_number.text,
        )
    if handling.sender_number:
        _identifier(
            c,
            c.text,
            f"sender-no-{slugify(handling.sender_number.text)}",
            "sender-cable-number",
            handling.sender_number.text,
        )
    if handling.this_copy:
        for obj in c.objects[:1]:
            _identifier(
                c, obj, f"copy-{handling.this_copy.text}", "copy-number", handling.this_copy.text
            )


# --- rows 19, 23, 31: sender, addressee, pseudonyms, place of sending --------------------


def _person(c: Content, party: Party) -> URIRef:
    entity = c.index.find(party.name, type="person")
    iri = c.entity("person", party.name, key=entity.key if entity else None)
    if party.pseudonym:
        name = c.documented_name(iri, party.pseudonym, pseudonym=True)
        if (None, CRM.P140_assigned_attribute_to, name) in c.graph:
            return iri  # the editor's identification is already recorded
        attribution = c.next(c.text, "identification")
        c.add(attribution, RDF.type, CRM.E13_Attribute_Assignment)
        c.add(attribution, CRM.P140_assigned_attribute_to, name)
        c.add(attribution, CRM.P141_assigned, iri)
        c.add(attribution, CRM.P177_assigned_property_of_type, CRM.P1i_identifies)
        c.add(
            attribution,
            CRM.P3_has_note,
            Literal(f"The editor identifies '{party.written or party.pseudonym}' as {party.name}."),
        )
    elif (written := HONORIFIC.sub("", party.written)) and name_key(written) != name_key(
        c.label_of(iri)
    ):
        c.documented_name(iri, written)
    return iri


def _parties(c: Content, structure: Structure, creation: URIRef) -> None:
    for party in structure.senders:
        iri = _person(c, party)
        c.add(c.text, RICO.hasSender, iri)
        c.add(creation, CRM.P14_carried_out_by, iri)
    for party in structure.recipients:
        c.add(c.text, RICO.hasAddressee, _person(c, party))


def _origin(c: Content, structure: Structure, creation: URIRef) -> None:
    origin = structure.handling.origin
    if origin is None:
        return
    entity = c.index.find(origin.text, type="place")
    place = c.entity("place", as_written(origin.text), key=entity.key if entity else None)
    c.add(creation, CRM.P7_took_place_at, place)
    if entity is not None:
        c.documented_name(place, origin.text)


# --- rows 13-15, 22, 30, 35: marks on the paper, notes in the translation ---------------


def _mentions_in(structure: Structure, start: int, end: int) -> list[Mention]:
    return [m for m in structure.mentions if start <= m.start and m.end <= end]


def _marks_and_notes(
    c: Content, structure: Structure, body: str, original: Language | None
) -> None:
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
            for mention in _mentions_in(structure, bracket.start, bracket.end):
                c.add(node, CRM.P67_refers_to, _mention_entity(c, mention))
        elif bracket.kind == "completion":
            _completion(c, bracket, _owner(c, structure, bracket.start))


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
    mentions = _mentions_in(structure, bracket.start, bracket.end)
    groups = [g for g in structure.local_groups if bracket.start <= g.span.start < bracket.end]
    for mention in mentions:
        c.add(node, CRM.P67_refers_to, _mention_entity(c, mention))
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
    number = _identifier(
        c, paper, f"no-{slugify(incoming.text)}", "incoming-registration-number", incoming.text
    )
    registration = fragment(c.text, "registration")
    c.add(c.text, CRM.P70_documents, registration)
    c.add(registration, RDF.type, CRM.E15_Identifier_Assignment)
    c.add(registration, CRM.P2_has_type, c.minter.concept("activity", "registration"))
    c.add(registration, CRM.P37_assigned, number)
    c.add(registration, CRM.P140_assigned_attribute_to, paper)
    if groups:
        c.add(registration, CRM.P14_carried_out_by, _local_group(c, groups[0]))
    elif orgs := [m for m in mentions if m.kind == "organization"]:
        c.add(registration, CRM.P14_carried_out_by, c.entity("organization", key=orgs[0].key))
    moments = find_moments(bracket.content)
    if moments:
        _time_span(c, registration, moments[0].date)


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
    c.add(attribution, RDF.type, CRM.E13_Attribute_Assignment)
    c.add(attribution, CRM.P140_assigned_attribute_to, c.documented_name(person, full))
    c.add(attribution, CRM.P141_assigned, person)
    c.add(attribution, CRM.P177_assigned_property_of_type, CRM.P1i_identifies)
    c.add(
        attribution,
        CRM.P3_has_note,
        Literal(f"The text writes '{written}': the bracketed part is the editor's completion."),
    )


# --- rows 18, 20, 32-35: distribution, handling events, copies -----------------------


def _distribution(c: Content, structure: Structure) -> None:
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
        c.add(node, CRM.P67_refers_to, _person(c, party))


def _time_span(c: Content, owner: URIRef, date: PartialDate, qualifier: str | None = None) -> None:
    span = fragment(owner, "ts") if "#" not in owner else URIRef(f"{owner}-ts")
    c.add(owner, CRM["P4_has_time-span"], span)
    add_time_span(c.graph, span, date)
    if qualifier:
        c.add(span, CRM.P79_beginning_is_qualified_by, Literal(qualifier))
        c.add(span, CRM.P80_end_is_qualified_by, Literal(qualifier))


def _handling(c: Content, structure: Structure) -> None:
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
        _identifier(c, filed, f"copy-{slugify(copy)}", "copy-number", copy)
        c.add(filed, LA.member_of, file_set)
        c.add(file_set, RDF.type, LA.Set)
        c.add(file_set, RDF.type, RICO.RecordSet)
        c.add(file_set, RICO.hasRecordSetType, RST.File)
        c.add(file_set, RDFS.label, Literal(f"File no. {file} (holder not stated)"))
        _identifier(c, file_set, f"no-{slugify(file)}", "file-number", file)
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
        c.add(node, CRM.P14_carried_out_by, _person(c, Party(event.agent, None, event.agent)))
    if event.date:
        qualifier = (
            DAY_INFERRED if event.day_inferred else YEAR_INFERRED if event.year_inferred else None
        )
        _time_span(c, node, event.date, qualifier)
    if event.kind == "printing":
        for produced in (paper, filed):
            if produced is not None:
                c.add(node, CRM.P108_has_produced, produced)
        if copies:
            c.add(node, CRM.P3_has_note, Literal(f"{copies} copies printed"))


# --- rows 24-29: the embedded message, mentions, reported events ---------------------


def _messages(c: Content, structure: Structure, date: PartialDate) -> None:
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
            author = _person(c, resolve(message.author.text, structure.aliases))
            c.add(creation, CRM.P14_carried_out_by, author)
            c.add(part, RICO.hasSender, author)
            label += f" from {c.label_of(author)}"
        if message.date:
            _time_span(
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
                _person(c, resolve(message.addressee.text, structure.aliases)),
            )
        c.add(part, RDFS.label, Literal(label))


def _owner(c: Content, structure: Structure, offset: int) -> URIRef:
    number = structure.message_at(offset)
    return c.text if number is None else c.minter.of(c.text, f"message-{number + 1}")


def _local_group(c: Content, group: LocalGroup) -> URIRef:
    iri = c.entity("organization", group.label)
    if group.parent_key:
        c.add(
            iri,
            CRM.P107i_is_current_or_former_member_of,
            c.entity("organization", key=group.parent_key),
        )
    elif group.parent_label:
        c.add(
            iri,
            CRM.P107i_is_current_or_former_member_of,
            c.entity("organization", group.parent_label),
        )
    if group.place_key:
        c.add(iri, CRM.P74_has_current_or_former_residence, c.entity("place", key=group.place_key))
    return iri


def _mention_entity(c: Content, mention: Mention) -> URIRef:
    """The entity a mention names: the index's, or a local one labelled as written."""
    if mention.key is not None:
        return c.entity(mention.kind, key=mention.key)
    name = mention.name
    return c.entity(mention.kind, name_case(name) if name.isupper() else name)


def _mentions(c: Content, structure: Structure, record: Record) -> None:
    body = record.text or ""
    for mention in structure.mentions:
        entity = _mention_entity(c, mention)
        bracket = structure.bracket_at(mention.start)
        if bracket is None or bracket.kind not in MARK_KINDS | NOTE_KINDS:
            # In a stamp or a note, the mark or the note refers to it (see _mark).
            c.add(_owner(c, structure, mention.start), CRM.P67_refers_to, entity)
        c.annotate(
            c.translation, body, mention.start, mention.end, entity, mention.method, mention.score
        )
        if mention.key is not None:
            written = HONORIFIC.sub("", _index_form(c, mention))
            if name_key(written) != name_key(c.label_of(entity)):
                c.documented_name(entity, written)
    for group in structure.local_groups:
        iri = _local_group(c, group)
        bracket = structure.bracket_at(group.span.start)
        if bracket is None or bracket.kind not in MARK_KINDS | NOTE_KINDS:
            c.add(_owner(c, structure, group.span.start), CRM.P67_refers_to, iri)
        c.annotate(c.translation, body, group.span.start, group.span.end, iri, "name-pattern", 0.6)
    for actor in structure.generic_actors:
        of = c.index.entities[actor.of_key].pref_label
        label = f"{actor.role} of {of}"
        person = c.entity("person", label, slug=f"{c.slug}-{slugify(label)}")
        c.add(_owner(c, structure, actor.span.start), CRM.P67_refers_to, person)
        c.annotate(
            c.translation, body, actor.span.start, actor.span.end, person, "name-pattern", 0.6
        )
    for name, mentions in structure.field_mentions.items():
        node = fragment(c.text, name)
        value = {"title": record.title, "summary": record.summary, "citation": record.citation}[
            name
        ]
        for mention in mentions:
            entity = _mention_entity(c, mention)
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


def _reported_events(c: Content, structure: Structure) -> None:
    for event in structure.events:
        owner = _owner(c, structure, event.phrase.start)
        node = c.next(owner, "event")
        c.add(owner, CRM.P70_documents, node)
        c.add(node, RDF.type, CRM.E5_Event)
        c.add(node, RDFS.label, Literal(event.sentence.text[:300]))
        c.add(node, CRM.P3_has_note, Literal(f"Dated in the text: '{event.phrase.text}'"))
        _time_span(c, node, event.date, YEAR_INFERRED if event.year_inferred else None)
