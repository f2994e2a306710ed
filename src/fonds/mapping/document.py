"""A Record as RDF: the document, its translation, creation, names, identifiers, statements.

Follows the modelling guide, rows 1-4, 8-12, 17 and 36. The document's own triples go in
its named graph; people and groups it involves are described once each, in their own
graphs, so that a re-ingest replaces exactly what the document says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from fonds import __version__
from fonds.extract.dates import PartialDate
from fonds.extract.document_type import document_type, title_number
from fonds.extract.structure import analyse
from fonds.link.authorities import AuthorityIndex
from fonds.mapping.agents import Agent, Described, describe
from fonds.mapping.content import map_content
from fonds.mapping.iris import Minter, external_iri, fragment, slugify
from fonds.mapping.languages import Language, resolve_language, split_languages
from fonds.mapping.namespaces import (
    CITATION,
    CRM,
    DCTERMS,
    PRIMARY_NAME,
    PROV,
    PUBLISHING,
    RICO,
    SUMMARY,
    XSD,
)
from fonds.mapping.timespans import add_time_span
from fonds.mapping.triples import new_graph
from fonds.mapping.writer import Content
from fonds.records.model import Record

SOURCE = "wcda"
ARCHIVE_KEY = "wilson_digital_archive"


@dataclass(frozen=True)
class Ingest:
    """The run that generates graphs: PROV-O needs its IRI and clock."""

    iri: URIRef
    agent: URIRef
    started: datetime

    @classmethod
    def start(cls, minter: Minter, now: datetime) -> Ingest:
        """A new ingest activity starting at `now` (UTC)."""
        stamp = now.strftime("%Y%m%dt%H%M%S%fz")
        agent = minter.entity("agent", "fonds-" + slugify(__version__))
        return cls(minter.entity("activity", f"ingest-{stamp}"), agent, now)

    def graph(self) -> Graph:
        """The activity's own description."""
        g = Graph()
        g.add((self.iri, RDF.type, PROV.Activity))
        g.add((self.iri, PROV.startedAtTime, Literal(_utc(self.started), datatype=XSD.dateTime)))
        g.add((self.iri, PROV.wasAssociatedWith, self.agent))
        g.add((self.agent, RDF.type, PROV.SoftwareAgent))
        g.add((self.agent, RDFS.label, Literal(f"Fonds {__version__}")))
        return g


@dataclass
class DocumentGraphs:
    """Everything one record maps to."""

    document: URIRef
    graph_name: URIRef
    graph: Graph
    described: Described = field(default_factory=Described)
    warnings: list[str] = field(default_factory=list)
    """What was kept but not understood (an archival reference in an unknown style)."""
    converted: bytes | None = None
    """`graph` as N-Triples, once validation has written it (not written twice)."""

    @property
    def agents(self) -> list[Agent]:
        """The descriptions of the entities the document links to, each in its own graph."""
        return self.described.agents

    def union(self) -> Graph:
        """The document graph together with the descriptions it links to."""
        g = Graph()
        g += self.graph
        for agent in self.agents:
            g += agent.graph
        return g


def to_graphs(
    record: Record, minter: Minter, index: AuthorityIndex, ingest: Ingest, now: datetime
) -> DocumentGraphs:
    """Map one record; raises FondsError when a value cannot become RDF (a bad URL)."""
    text = minter.text(SOURCE, record.record_id)
    out = DocumentGraphs(text, minter.graph_of(text), new_graph())
    g = out.graph
    add = g.add

    for cls in (CRM.E31_Document, CRM.E33_Linguistic_Object, RICO.Record):
        add((text, RDF.type, cls))
    add((text, RDFS.label, Literal(record.title)))
    kind = _kind(record)
    add((text, CRM.P2_has_type, minter.concept("doc-type", kind)))
    add((text, DCTERMS.title, Literal(record.title, lang="en")))

    # Title as a Name (English: the archive's modern title, not the 1949 wording).
    title = fragment(text, "title")
    add((text, CRM.P1_is_identified_by, title))
    add((title, RDF.type, CRM.E33_E41_Linguistic_Appellation))
    add((title, CRM.P2_has_type, PRIMARY_NAME))
    add((title, CRM.P190_has_symbolic_content, Literal(record.title)))
    english = resolve_language("English", index, minter)
    if english is not None:
        add((title, CRM.P72_has_language, english.iri))

    _identifier(g, minter, text, "wcda-id", "wcda-record-id", record.record_id)
    if number := title_number(record.title):
        number_kind = (
            "cable-number"
            if kind in ("cable", "telegram", "ciphered-telegram")
            else "document-number"
        )
        _identifier(g, minter, text, f"no-{slugify(number)}", number_kind, number)

    _creation(g, text, record.date)

    originals = [
        lang
        for n in split_languages(record.original_language)
        if (lang := resolve_language(n, index, minter))
    ]
    for language in originals:
        _language(g, text, language)

    if record.summary:
        _statement(g, fragment(text, "summary"), text, SUMMARY, record.summary, english)
        add((text, DCTERMS.abstract, Literal(record.summary, lang="en")))
    if record.citation:
        _statement(g, fragment(text, "citation"), text, CITATION, record.citation, english)
        add((text, DCTERMS.bibliographicCitation, Literal(record.citation)))

    translated = (
        resolve_language(record.translation_language, index, minter)
        if record.translation_language
        else None
    )
    if translated and translated.iri in {lang.iri for lang in originals}:
        translated = None  # "Translation - Russian" of a Russian original is the original
    published = text
    if translated:
        published = _translation(out, minter, index, text, translated, record)
    elif record.text:
        add((text, CRM.P190_has_symbolic_content, Literal(record.text)))

    content = Content(
        g,
        minter,
        index,
        text,
        published,
        str(text).rsplit("/", 1)[-1],
        body=record.text or "",
        agent=ingest.agent,
        when=_utc(ingest.started),
        described=out.described,
    )
    map_content(
        content,
        analyse(record, index.recognizer),
        record,
        creation=fragment(text, "creation"),
        original=originals[0] if originals else None,
    )
    out.warnings = content.warnings

    _publication(out, minter, index, text, published, record)
    _provenance(out, record, ingest, now)
    return out


def _kind(record: Record) -> str:
    """The document type: from the archive's Type field, the title, or the text's heading."""
    for source in (record.kind, record.title, (record.text or "")[:400]):
        if source and (kind := document_type(source)) != "document":
            return kind
    return "document"


def _identifier(g: Graph, minter: Minter, owner: URIRef, role: str, kind: str, value: str) -> None:
    node = fragment(owner, role)
    g.add((owner, CRM.P1_is_identified_by, node))
    g.add((node, RDF.type, CRM.E42_Identifier))
    g.add((node, CRM.P2_has_type, minter.concept("id-type", kind)))
    g.add((node, CRM.P190_has_symbolic_content, Literal(value)))


def _creation(g: Graph, text: URIRef, date: PartialDate) -> None:
    creation, span = fragment(text, "creation"), fragment(text, "creation-ts")
    g.add((text, CRM.P94i_was_created_by, creation))
    g.add((creation, RDF.type, CRM.E65_Creation))
    g.add((creation, CRM["P4_has_time-span"], span))
    add_time_span(g, span, date)
    value, kind = date.xsd
    g.add((text, DCTERMS.created, Literal(value, datatype=XSD[kind])))


def _language(g: Graph, node: URIRef, language: Language) -> None:
    g.add((node, CRM.P72_has_language, language.iri))
    if language.iso639_2 is not None:
        g.add((node, DCTERMS.language, language.iso639_2))
    for triple in language.declaration:
        g.add(triple)


def _statement(
    g: Graph, node: URIRef, about: URIRef, kind: URIRef, content: str, language: Language | None
) -> None:
    g.add((about, CRM.P67i_is_referred_to_by, node))
    g.add((node, RDF.type, CRM.E33_Linguistic_Object))
    g.add((node, CRM.P2_has_type, kind))
    g.add((node, CRM.P190_has_symbolic_content, Literal(content)))
    if language is not None:
        g.add((node, CRM.P72_has_language, language.iri))


def _translation(
    out: DocumentGraphs,
    minter: Minter,
    index: AuthorityIndex,
    text: URIRef,
    language: Language,
    record: Record,
) -> URIRef:
    g = out.graph
    translation = minter.of(text, slugify(language.code))
    g.add((text, CRM.P73_has_translation, translation))
    g.add((translation, CRM.P73i_is_translation_of, text))
    g.add((translation, RDF.type, CRM.E33_Linguistic_Object))
    g.add((translation, RDFS.label, Literal(f"{language.label} translation of “{record.title}”")))
    _language(g, translation, language)
    if record.text:
        g.add((translation, CRM.P190_has_symbolic_content, Literal(record.text)))
    if record.translators:
        creation = fragment(translation, "translation")
        g.add((translation, CRM.P94i_was_created_by, creation))
        g.add((creation, RDF.type, CRM.E65_Creation))
        g.add((creation, CRM.P2_has_type, minter.concept("activity", "translation")))
        for name in record.translators:
            g.add((creation, CRM.P14_carried_out_by, _agent(out, name, "person", index, minter)))
    return translation


def _publication(
    out: DocumentGraphs,
    minter: Minter,
    index: AuthorityIndex,
    text: URIRef,
    published: URIRef,
    record: Record,
) -> None:
    g = out.graph
    if record.canonical_url or record.source_url:
        g.add((text, DCTERMS.source, external_iri(record.canonical_url or record.source_url)))
    publication = fragment(text, "publication")
    g.add((publication, RDF.type, CRM.E7_Activity))
    g.add((publication, CRM.P2_has_type, PUBLISHING))
    g.add(
        (
            publication,
            CRM.P14_carried_out_by,
            _agent(out, "", "organization", index, minter, key=ARCHIVE_KEY),
        )
    )
    g.add((published, CRM.P16i_was_used_for, publication))
    if record.uploaded:
        span = fragment(text, "publication-ts")
        g.add((publication, CRM["P4_has_time-span"], span))
        add_time_span(g, span, record.uploaded)
    if record.donors:
        funding = fragment(text, "funding")
        g.add((funding, RDF.type, CRM.E7_Activity))
        g.add((funding, CRM.P2_has_type, minter.concept("activity", "funding")))
        g.add((funding, CRM.P9i_forms_part_of, publication))
        for donor in record.donors:
            entity = index.find(donor)
            kind = (
                entity.type
                if entity and entity.type in ("person", "organization")
                else ("organization")
            )
            g.add((funding, CRM.P14_carried_out_by, _agent(out, donor, kind, index, minter)))
    if record.contributors:
        contribution = fragment(text, "contribution")
        g.add((contribution, RDF.type, CRM.E7_Activity))
        g.add((contribution, CRM.P2_has_type, minter.concept("activity", "contribution")))
        g.add((contribution, CRM.P9i_forms_part_of, publication))
        for name in record.contributors:
            g.add(
                (contribution, CRM.P14_carried_out_by, _agent(out, name, "person", index, minter))
            )


def _agent(
    out: DocumentGraphs,
    name: str,
    kind: str,
    index: AuthorityIndex,
    minter: Minter,
    key: str | None = None,
) -> URIRef:
    agent = describe(name, kind, index, minter, key=key)
    out.described.keep(agent)
    return agent.iri


def _provenance(out: DocumentGraphs, record: Record, ingest: Ingest, now: datetime) -> None:
    # PROV-O describes the generated graph, never the 1949 document. It lives in the
    # document's own graph, the activity's few triples included, so that a re-ingest
    # replaces all of it together and no run leaves an orphaned activity behind.
    g, graph = out.graph, out.graph_name
    g += ingest.graph()
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, PROV.wasGeneratedBy, ingest.iri))
    g.add((graph, PROV.generatedAtTime, Literal(_utc(now), datatype=XSD.dateTime)))
    if record.source_url or record.canonical_url:
        source = external_iri(record.source_url or record.canonical_url or "")
        g.add((graph, PROV.wasDerivedFrom, source))
        g.add((ingest.iri, PROV.used, source))


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
