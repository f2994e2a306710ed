"""HTML pages: a document view, an entity view and a generic resource view, with labels
(labels.py) instead of bare URIs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from fonds.mapping.namespaces import PREFIXES
from fonds.serve import views
from fonds.serve.describe import Description, describe, incoming
from fonds.serve.labels import Labeler, humanize

CRM = PREFIXES["crm"]
DCT = PREFIXES["dcterms"]
TEMPLATES = Environment(
    loader=PackageLoader("fonds.serve", "templates"), autoescape=select_autoescape(default=True)
)


@dataclass(slots=True)
class Row:
    """One property of one subject, with displayable values."""

    predicate: str
    name: str
    values: list[Value] = field(default_factory=list)
    more: int = 0
    """Values not shown: the page lists at most SHOWN_VALUES of a property."""


SHOWN_VALUES = 50
"""Values of one property shown on a page: a name Molotov's documents write has thousands."""


def rows(description: Description, subject: str, labels: Labeler) -> list[Row]:
    """The properties of one subject, grouped, with labelled values."""
    grouped: dict[str, Row] = {}
    for triple in description.about(subject):
        p = triple.predicate.value
        row = grouped.setdefault(
            p, Row(p, humanize(p) if p != PREFIXES["rdf"] + "type" else "type")
        )
        if len(row.values) < SHOWN_VALUES:
            row.values.append(value(triple.object, labels))
        else:
            row.more += 1
    return sorted(grouped.values(), key=lambda r: (r.name != "type", r.name))


# What the templates loop over are slotted classes, not dicts: Jinja looks an attribute up
# before an item, and the AttributeError each dict key cost was a third of a document
# page's template time (and a dict's methods hide keys of the same name, such as `clear`).
@dataclass(slots=True)
class Value:
    """A statement's object as a page shows it: a link for an IRI, text for a literal."""

    text: str
    href: str | None = None
    note: str = ""
    """A literal's language or datatype."""
    long: bool = False


def value(term: ox.NamedNode | ox.Literal, labels: Labeler) -> Value:
    """A term as the templates show it."""
    if isinstance(term, ox.NamedNode):
        return Value(labels(term.value), labels.href(term.value))
    extra = term.language or (humanize(term.datatype.value) if term.datatype else "")
    if extra == "string":
        extra = ""
    return Value(term.value, None, extra, len(term.value) > 300)


@dataclass(slots=True)
class Section:
    """The statements about one subject of a page: the resource or one of its fragments."""

    title: str
    anchor: str
    """The fragment's name, '' for the resource itself."""
    rows: list[Row]


@dataclass(slots=True)
class Link:
    """A resource that points at the page's resource, and the property it does so by."""

    text: str
    href: str | None
    via: str


@dataclass
class DocumentView:
    """What a document page shows in plain words."""

    title: str
    date: str | None
    summary: str | None
    citation: str | None
    source: str | None
    text: str | None
    text_language: str | None
    languages: list[str]
    translators: list[str]
    document_type: str | None
    markings: list[str] = field(default_factory=list)
    """Security classifications written on the document (historical, not access rules)."""


def document_view(
    store: ox.Store, description: Description, labels: Labeler
) -> DocumentView | None:
    """The document fields for a crm:E31_Document, or None for other resources."""
    iri = description.iri
    types = {t.value for t in description.values(iri, ox.NamedNode(PREFIXES["rdf"] + "type"))}
    if CRM + "E31_Document" not in types:
        return None

    # What is read is read once: the document with its fragments, and its translation (a
    # resource of its own) with its fragments. On a remote store each lookup is a request.
    read = [description]

    def objects(subject: str, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        node = ox.NamedNode(predicate)
        known = next((d for d in read if d.about(subject)), None)
        if known is not None:
            return known.values(subject, node)
        quads = store.quads_for_pattern(ox.NamedNode(subject), node, None, None)
        return [q.object for q in quads]  # type: ignore[misc]

    def first(subject: str, predicate: str) -> str | None:
        found = objects(subject, predicate)
        return found[0].value if found else None

    creation = first(iri, CRM + "P94i_was_created_by")
    span = first(creation, CRM + "P4_has_time-span") if creation else None
    translation = first(iri, CRM + "P73_has_translation")
    if translation:
        read.append(describe(store, translation))
        labels.learn(read[-1])
    text_holder = (
        translation
        if translation and first(translation, CRM + "P190_has_symbolic_content")
        else iri
    )
    translators = []
    if translation and (made := first(translation, CRM + "P94i_was_created_by")):
        translators = [labels(v.value) for v in objects(made, CRM + "P14_carried_out_by")]
    languages = [
        labels(v.value) for v in description.values(iri, ox.NamedNode(CRM + "P72_has_language"))
    ]
    text_language = first(text_holder, CRM + "P72_has_language")
    kinds = [v.value for v in description.values(iri, ox.NamedNode(CRM + "P2_has_type"))]
    doc_type = next((k for k in kinds if "/concept/doc-type/" in k), None)
    markings = [labels(k) for k in kinds if "/concept/security/" in k]
    return DocumentView(
        title=first(iri, DCT + "title") or labels(iri),
        date=first(span, PREFIXES["rdfs"] + "label") if span else None,
        summary=first(iri, DCT + "abstract"),
        citation=first(iri, DCT + "bibliographicCitation"),
        source=first(iri, DCT + "source"),
        text=first(text_holder, CRM + "P190_has_symbolic_content"),
        text_language=labels(text_language) if text_language else None,
        languages=languages,
        translators=translators,
        document_type=labels(doc_type) if doc_type else None,
        markings=markings,
    )


ENTITY_CLASSES = {
    CRM + "E21_Person": "person",
    CRM + "E74_Group": "organization",
    CRM + "E53_Place": "place",
}


def document_extras(
    store: ox.Store, description: Description, base: str, labels: Labeler, view: DocumentView
) -> dict[str, object]:
    """Highlighted text, timeline, breadcrumb, citation downloads, validation status."""
    iri = description.iri
    translation = [
        v.value for v in description.values(iri, ox.NamedNode(CRM + "P73_has_translation"))
    ]
    source = translation[0] if translation and view.text else iri
    graph = base + "graph/" + iri[len(base) :] if iri.startswith(base) else iri
    conforms, warnings = views.validation(store, graph)
    return {
        "segments": views.highlighted(store, source, view.text or "", labels, graph),
        "timeline": views.timeline(store, iri, labels),
        "breadcrumbs": views.breadcrumb(store, iri, labels),
        "conforms": conforms,
        "warnings": warnings,
        "citations": [
            ("RIS", "?format=ris"),
            ("BibTeX", "?format=bibtex"),
            ("CSL-JSON", "?format=csl"),
        ],
    }


def entity_extras(
    store: ox.Store,
    description: Description,
    kind: str,
    labels: Labeler,
    mentioning: tuple[int, list],
    page: int,
) -> dict[str, object]:
    """Names, authority links with provenance, documents that name it, a map for places."""
    iri = description.iri
    total, documents = mentioning
    return {
        "kind": kind,
        "names": views.names(store, description, labels),
        "links": views.authority_links(store, iri, labels),
        "mentioned_in": [
            {"title": d.title, "href": labels.href(d.iri), "date": d.date} for d in documents
        ],
        "mentioned_total": total,
        "page": page,
        "pages": max(1, -(-total // 50)),
        "map": views.place_map(store, iri, labels) if kind == "place" else None,
    }


def resource_page(
    store: ox.Store,
    description: Description,
    base: str,
    formats: dict[str, str],
    mentioning: Callable[[str, int, int], tuple[int, list]] | None = None,
    page: int = 1,
    shared_labels: dict[str, str | None] | None = None,
) -> str:
    """The HTML page of any resource; `mentioning(iri, limit, offset)` lists the documents
    that name an entity (from the catalogue), `shared_labels` are the labels the pages of
    this version looked up before."""
    labels = Labeler(store, base, shared_labels)
    labels.learn(description)
    pointing = incoming(store, description.iri)
    labels.prefetch([*description.resources(), *(s for s, _ in pointing)])
    sections = [
        Section(labels(s), s.split("#", 1)[1] if "#" in s else "", rows(description, s, labels))
        for s in description.subjects()
    ]
    links = [Link(labels(s), labels.href(s), humanize(p)) for s, p in pointing]
    path = labels.href(description.iri) or "/"
    document = document_view(store, description, labels)
    extras: dict[str, object] = {}
    if document is not None:
        extras = document_extras(store, description, base, labels, document)
    types = {
        t.value for t in description.values(description.iri, ox.NamedNode(PREFIXES["rdf"] + "type"))
    }
    kind = next((ENTITY_CLASSES[t] for t in types if t in ENTITY_CLASSES), None)
    entity = None
    if kind is not None and mentioning is not None:
        entity = entity_extras(
            store,
            description,
            kind,
            labels,
            mentioning(description.iri, 50, (page - 1) * 50),
            page,
        )
    return TEMPLATES.get_template("resource.html").render(
        title=labels(description.iri),
        iri=description.iri,
        document=document,
        entity=entity,
        sections=sections,
        incoming=links,
        downloads=[{"name": name, "href": f"{path}.{ext}"} for ext, name in formats.items()],
        **extras,
    )


def compile_templates() -> None:
    """Compile every template now (about 40 ms), not on the first request that needs it."""
    for name in TEMPLATES.list_templates():
        TEMPLATES.get_template(name)


def render(template: str, **context: object) -> str:
    """Render one of the package's templates."""
    return TEMPLATES.get_template(template).render(**context)
