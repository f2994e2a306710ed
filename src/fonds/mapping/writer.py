"""The state one document's mapping writes into, and the helpers every part of it uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from fonds.extract.dates import PartialDate
from fonds.extract.names import name_case
from fonds.extract.parties import Party
from fonds.extract.structure import LocalGroup, Structure, as_written
from fonds.link.authorities import HONORIFIC, AuthorityIndex, name_key
from fonds.link.recognize import Mention
from fonds.mapping.agents import Agent, Described, alternative_names, describe, name_node
from fonds.mapping.iris import Minter, fragment
from fonds.mapping.namespaces import (
    ALTERNATE_NAME,
    CRM,
    FONDS,
    OA,
    PSEUDONYM,
    XSD,
)
from fonds.mapping.timespans import add_time_span

YEAR_INFERRED = "The year is not written: it is taken from the document's date."
DAY_INFERRED = "The day is not written: it is taken from the handling event before it."
MARK_KINDS = {"handwritten-annotation", "letterhead", "stamp", "signature", "marginal-marking"}
NOTE_KINDS = {"translator-note", "editor-note", "original-term", "editorial-insertion"}
# Looked up once: rdflib makes a new URIRef on each RDF.type, and a document's mentions
# look these up hundreds of times.
TYPE, METHOD, CREATED, CREATOR = RDF.type, DCTERMS.type, DCTERMS.created, DCTERMS.creator


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
    described: Described = field(default_factory=Described)
    """The entity descriptions the document links to (its DocumentGraphs' own)."""
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

    def identification(self, attribution: URIRef, name: URIRef, entity: URIRef, note: str) -> None:
        """Record, as an E13, that the editor identified the written `name` as `entity`."""
        self.add(attribution, RDF.type, CRM.E13_Attribute_Assignment)
        self.add(attribution, CRM.P140_assigned_attribute_to, name)
        self.add(attribution, CRM.P141_assigned, entity)
        self.add(attribution, CRM.P177_assigned_property_of_type, CRM.P1i_identifies)
        self.add(attribution, CRM.P3_has_note, Literal(note))

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
        self.add(node, TYPE, OA.Annotation)
        self.add(node, OA.motivatedBy, OA.identifying)
        self.add(node, OA.hasBody, body)
        self.add(node, OA.hasTarget, target)
        self.add(target, TYPE, OA.SpecificResource)
        self.add(target, OA.hasSource, source)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        self.add(position, TYPE, OA.TextPositionSelector)
        self.add(position, OA.start, typed(str(start), XSD.nonNegativeInteger))
        self.add(position, OA.end, typed(str(end), XSD.nonNegativeInteger))
        self.add(quote, TYPE, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(text[start:end]))
        if start:
            self.add(quote, OA.prefix, Literal(text[max(0, start - 24) : start]))
        if end < len(text):
            self.add(quote, OA.suffix, Literal(text[end : end + 24]))
        self.add(node, METHOD, self.minter.concept("link-method", method))
        self.add(node, FONDS.score, typed(f"{score:.2f}", XSD.decimal))
        if self.when:
            self.add(node, CREATED, typed(self.when, XSD.dateTime))
        if self.agent is not None:
            self.add(node, CREATOR, self.agent)
        return node

    def entity(
        self, kind: str, name: str = "", *, key: str | None = None, slug: str | None = None
    ) -> URIRef:
        """The URI of a person, group or place, describing it once in its own graph."""
        agent = describe(name, kind, self.index, self.minter, key=key, slug=slug, when=self.when)
        self.keep(agent)
        entity = self.index.entities.get(key) if key else None
        within = entity.other.get("within") if entity else None
        if within and within in self.index.entities:
            self.entity("place", key=within)
        return agent.iri

    def label_of(self, iri: URIRef) -> str:
        """The label of an entity this document describes."""
        agent = self.described.get(iri)
        return str(agent.graph.value(iri, RDFS.label) or "") if agent is not None else ""

    def keep(self, agent: Agent) -> None:
        """Link the document to an entity's description (the first one kept for its IRI)."""
        self.described.keep(agent)

    def concept(self, scheme: str, term: str, label: str) -> URIRef:
        """A concept not in ontology/fonds.ttl (a classification only a record uses)."""
        iri = self.minter.concept(scheme, term)
        g = Graph()
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, RDF.type, CRM.E55_Type))
        g.add((iri, SKOS.inScheme, self.minter.concept_scheme(scheme)))
        g.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
        self.keep(Agent(iri, self.minter.graph_of(iri), g))
        return iri

    def documented_name(self, entity: URIRef, written: str, pseudonym: bool = False) -> URIRef:
        """The Name the text writes for an entity, documented in this document.

        When the index knows the name, its spelling is used, so that the Name node is the
        one the entity's own description holds ('PEKING' is documented as 'Peking').
        """
        form = as_written(written).strip(" .,;:")
        node = name_node(entity, form)
        known = self.index.by_slug.get(str(entity).rsplit("/", 1)[-1])
        if known is not None:
            forms = alternative_names(known)
            form = forms.get(str(node).rsplit("#name-", 1)[-1], form)
        self.add(entity, CRM.P1_is_identified_by, node)
        self.add(node, RDF.type, CRM.E33_E41_Linguistic_Appellation)
        self.add(node, CRM.P2_has_type, PSEUDONYM if pseudonym else ALTERNATE_NAME)
        self.add(node, CRM.P190_has_symbolic_content, Literal(form))
        self.add(node, CRM.P70i_is_documented_in, self.text)
        return node


@lru_cache(maxsize=8192)
def typed(lexical: str, datatype: URIRef) -> Literal:
    """A typed literal, made once: rdflib parses the lexical form of each one it makes,
    and a document repeats offsets, scores and its link time hundreds of times."""
    return Literal(lexical, datatype=datatype)


def identifier(c: Content, owner: URIRef, role: str, kind: str, value: str) -> URIRef:
    """An E42 identifier of `owner`, typed by the id-type scheme."""
    node = fragment(owner, role)
    c.add(owner, CRM.P1_is_identified_by, node)
    c.add(node, RDF.type, CRM.E42_Identifier)
    c.add(node, CRM.P2_has_type, c.minter.concept("id-type", kind))
    c.add(node, CRM.P190_has_symbolic_content, Literal(value))
    return node


def time_span(c: Content, owner: URIRef, date: PartialDate, qualifier: str | None = None) -> None:
    """A time-span for an event, qualified (P79/P80) when part of its date is inferred."""
    span = fragment(owner, "ts") if "#" not in owner else URIRef(f"{owner}-ts")
    c.add(owner, CRM["P4_has_time-span"], span)
    add_time_span(c.graph, span, date)
    if qualifier:
        c.add(span, CRM.P79_beginning_is_qualified_by, Literal(qualifier))
        c.add(span, CRM.P80_end_is_qualified_by, Literal(qualifier))


def person_of(c: Content, party: Party) -> URIRef:
    """The person a party names, with the text's pseudonym and the editor's identification."""
    entity = c.index.find(party.name, type="person")
    iri = c.entity("person", party.name, key=entity.key if entity else None)
    if party.pseudonym:
        name = c.documented_name(iri, party.pseudonym, pseudonym=True)
        if (None, CRM.P140_assigned_attribute_to, name) in c.graph:
            return iri  # the editor's identification is already recorded
        c.identification(
            c.next(c.text, "identification"),
            name,
            iri,
            f"The editor identifies '{party.written or party.pseudonym}' as {party.name}.",
        )
    elif (written := HONORIFIC.sub("", party.written)) and name_key(written) != name_key(
        c.label_of(iri)
    ):
        c.documented_name(iri, written)
    return iri


def owner_at(c: Content, structure: Structure, offset: int) -> URIRef:
    """The text part that holds `offset`: an embedded message, or the document itself."""
    number = structure.message_at(offset)
    return c.text if number is None else c.minter.of(c.text, f"message-{number + 1}")


def mention_entity(c: Content, mention: Mention) -> URIRef:
    """The entity a mention names: the index's, or a local one labelled as written."""
    if mention.key is not None:
        return c.entity(mention.kind, key=mention.key)
    name = mention.name
    return c.entity(mention.kind, name_case(name) if name.isupper() else name)


def mentions_in(structure: Structure, start: int, end: int) -> list[Mention]:
    """The mentions inside a span of the text."""
    return [m for m in structure.mentions if start <= m.start and m.end <= end]


def local_group(c: Content, group: LocalGroup) -> URIRef:
    """A body the index does not know, with its parent body and its seat."""
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
