"""What the document and entity pages show, read with SPARQL from the published store.

A document page: its text with every recognized name highlighted and linked, its life as
a timeline, its place in the archive as a breadcrumb, its citation (also as RIS, BibTeX
and CSL-JSON) and the validation status of its graph. An entity page: its names, its
links to authority records with their provenance, the documents that name it, and a
map of where it is, for places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from fonds.serve.describe import RDF_TYPE, Description
from fonds.serve.labels import Labeler

PREFIXES = """
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX fonds: <https://w3id.org/fonds/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX la: <https://linked.art/ns/terms/>
"""
_CRM = "http://www.cidoc-crm.org/cidoc-crm/"
P1 = ox.NamedNode(_CRM + "P1_is_identified_by")
P2 = ox.NamedNode(_CRM + "P2_has_type")
P70I = ox.NamedNode(_CRM + "P70i_is_documented_in")
P190 = ox.NamedNode(_CRM + "P190_has_symbolic_content")
APPELLATION = ox.NamedNode(_CRM + "E33_E41_Linguistic_Appellation")


@dataclass
class Segment:
    """A piece of the text: plain, or a name linked to its entity."""

    text: str
    href: str | None = None
    title: str | None = None


@dataclass
class Event:
    """One line of a document's timeline."""

    date: str
    sort: str
    what: str
    who: list[str] = field(default_factory=list)


def highlighted(
    store: ox.Store, source: str, text: str, labels: Labeler, graph: str
) -> list[Segment]:
    """The text cut into segments, each recognized name a link (outermost names win).

    The names are the Web Annotations on `source` in the document's `graph`, where the
    text their offsets count in is kept.
    """
    # Asked within the graph, not the union of all: at 100,000 documents the store then
    # starts from one document's statements (1.2 against 3.8 ms a page).
    query = """SELECT ?body ?start ?end WHERE { GRAPH ?graph {
        ?t oa:hasSource ?source_iri . ?m oa:hasTarget ?t ; oa:hasBody ?body .
        ?t oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end }
    } ORDER BY ?start DESC(?end) ?body"""
    query = query.replace("?source_iri", f"<{source}>").replace("?graph", f"<{graph}>")
    spans = []
    for row in store.query(PREFIXES + query):
        start, end = int(row["start"].value), int(row["end"].value)
        if 0 <= start < end <= len(text):
            spans.append((start, end, row["body"].value))
    labels.prefetch(body for _, _, body in spans)
    segments, position = [], 0
    for start, end, body in spans:
        if start < position:
            continue  # nested inside a longer name already linked
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], labels.href(body), labels(body)))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def timeline(store: ox.Store, document: str, labels: Labeler) -> list[Event]:
    """The document's life: written, sent, received, deciphered, printed, registered."""
    query = """SELECT ?event ?type ?label ?begin ?who WHERE {
        { ?doc_iri crm:P94i_was_created_by ?event }
        UNION { ?doc_iri crm:P165_incorporates/crm:P94i_was_created_by ?event }
        UNION { ?doc_iri crm:P70_documents ?event . FILTER NOT EXISTS { ?event a crm:E5_Event } }
        ?event crm:P4_has_time-span ?ts .
        ?ts crm:P82a_begin_of_the_begin ?begin ; rdfs:label ?label .
        OPTIONAL { ?event crm:P2_has_type ?type }
        OPTIONAL { ?event crm:P14_carried_out_by ?who }
    } ORDER BY ?begin"""
    rows = list(
        store.query(
            PREFIXES + query.replace("?doc_iri", f"<{document}>"), use_default_graph_as_union=True
        )
    )
    labels.prefetch(row[name].value for row in rows for name in ("type", "who") if row[name])
    # A store returns the rows of one day, and an event's several rows, in any order: they
    # are gathered and sorted, so that the same version always gives the same page.
    spans: dict[str, set[tuple[str, str]]] = {}
    kinds: dict[str, set[str]] = {}
    actors: dict[str, set[str]] = {}
    for row in rows:
        event = row["event"].value
        spans.setdefault(event, set()).add((row["begin"].value, row["label"].value))
        kinds.setdefault(event, set()).update([row["type"].value] if row["type"] else [])
        actors.setdefault(event, set()).update([row["who"].value] if row["who"] else [])
    events = []
    for event, span in spans.items():
        begin, label = min(span)
        kind = min(kinds[event], default=None)
        what = labels(kind) if kind else _creation_label(event)
        events.append(Event(label, begin, what, sorted(labels(a) for a in actors[event])))
    return sorted(events, key=lambda e: (e.sort, e.what, e.date, e.who))


def _creation_label(event: str) -> str:
    return "Message written" if "/message-" in event else "Written"


def breadcrumb(store: ox.Store, document: str, labels: Labeler) -> list[list[tuple[str, str]]]:
    """For each archival file the document sits in: archive › fond › series › file."""
    # Every level in one query: one request on a remote store, not one a level. (On the
    # embedded store walking the levels took 0.08 ms, this 0.22.) UNIONs, not OPTIONALs:
    # after the path, Virtuoso drops a row whose first OPTIONAL fails.
    query = """SELECT ?file ?step ?parent ?holder WHERE {
        { ?doc_iri rico:isOrWasIncludedIn ?file . ?file rico:isOrWasIncludedIn* ?step .
          { ?step rico:isOrWasIncludedIn ?parent } UNION { ?step rico:hasOrHadHolder ?holder } }
        UNION { ?doc_iri rico:isOrWasIncludedIn ?file }
    }"""
    files: set[str] = set()
    parents: dict[str, set[str]] = {}
    holders: dict[str, set[str]] = {}
    for row in store.query(
        PREFIXES + query.replace("?doc_iri", f"<{document}>"), use_default_graph_as_union=True
    ):
        files.add(row["file"].value)
        if row["parent"] is not None:
            parents.setdefault(row["step"].value, set()).add(row["parent"].value)
        if row["holder"] is not None:
            holders.setdefault(row["step"].value, set()).add(row["holder"].value)
    trails = []
    for file in sorted(files):  # and the least of several parents: the same page every time
        chain, current = [], file
        while current is not None and current not in chain:
            chain.append(current)
            current = min(parents.get(current, ()), default=None)
        trails.append(sorted(holders.get(chain[-1], ()))[:1] + list(reversed(chain)))
    labels.prefetch(step for trail in trails for step in trail)
    return [[(_last_level(labels(s)), labels.href(s) or "#") for s in trail] for trail in trails]


def _last_level(label: str) -> str:
    """'RGASPI, f. 558, op. 11' shows as 'op. 11' under its parent in a breadcrumb."""
    parts = label.split(", ")
    return parts[-1] if len(parts) > 1 else label


def validation(store: ox.Store, graph: str) -> tuple[bool | None, list[str]]:
    """Whether the document's graph conformed to the shapes at ingest, and its warnings."""
    node = ox.NamedNode(graph)
    conforms = [
        q.object.value
        for q in store.quads_for_pattern(
            node, ox.NamedNode("https://w3id.org/fonds/ns#conforms"), None, None
        )
    ]
    warnings = sorted(
        {
            q.object.value
            for q in store.quads_for_pattern(
                node, ox.NamedNode("https://w3id.org/fonds/ns#warning"), None, None
            )
        }
    )
    # xsd:boolean has two spellings for each value; Virtuoso returns "1" for true.
    return (conforms[0] in ("true", "1") if conforms else None), warnings


@dataclass
class NameView:
    """One of an entity's names."""

    text: str
    kinds: list[str]
    documented_in: list[tuple[str, str]] = field(default_factory=list)
    """The first documents (title, link) that write the name so, by IRI."""
    documents: int = 0
    """How many documents write the name so: thousands for Molotov's at 100k."""


SHOWN_DOCUMENTS = 10
"""Documents listed beside each name; the page lists all of them, 50 at a time, below."""


def names(store: ox.Store, description: Description, labels: Labeler) -> list[NameView]:
    """The entity's names with their types (primary, alternate, pseudonym) and sources."""
    # Read statement by statement, not by a SPARQL join over the union of the graphs: a
    # name that thousands of documents write is described again in each of their graphs,
    # and such a join multiplies the copies (Molotov's page at 100k never finished). A
    # name that is a fragment of the entity is in its description already.
    found: list[NameView] = []
    for name in description.values(description.iri, P1):
        if not isinstance(name, ox.NamedNode):
            continue
        texts: set[str] = set()
        kinds: set[str] = set()
        documents: set[str] = set()
        appellation = False
        for predicate, value in _statements(store, description, name.value):
            if predicate == RDF_TYPE:
                appellation = appellation or value == APPELLATION
            elif predicate == P190:
                texts.add(value.value)
            elif predicate == P2:
                kinds.add(value.value)
            elif predicate == P70I:
                documents.add(value.value)
        if not appellation or not texts:
            continue
        shown = sorted(documents)  # the same page whatever order the store answered in
        found.append(
            NameView(
                min(texts),
                sorted({labels(kind) for kind in kinds}, reverse=True),  # "pseudonym, alternate"
                [(labels(d), labels.href(d) or "#") for d in shown[:SHOWN_DOCUMENTS]],
                len(shown),
            )
        )
    return sorted(found, key=lambda v: ("primary" not in " ".join(v.kinds), v.text))


def _statements(
    store: ox.Store, description: Description, subject: str
) -> list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]:
    """(predicate, object) of every statement about `subject`: from the description when
    it holds them (the resource's fragments), else from the store."""
    if subject.startswith(description.iri + "#"):
        return [(t.predicate, t.object) for t in description.about(subject)]  # type: ignore[misc]
    quads = store.quads_for_pattern(ox.NamedNode(subject), None, None, None)
    return [(q.predicate, q.object) for q in quads]  # type: ignore[misc]


@dataclass
class AuthorityLink:
    """A link to an external record, with how it was made."""

    href: str
    method: str
    score: str | None
    when: str | None
    sources: list[str] = field(default_factory=list)


def authority_links(store: ox.Store, entity: str, labels: Labeler) -> list[AuthorityLink]:
    """la:equivalent links with their E13 provenance."""
    query = """SELECT ?x ?method ?score ?when ?source WHERE {
        ?entity_iri la:equivalent ?x .
        OPTIONAL { ?link crm:P140_assigned_attribute_to ?entity_iri ; crm:P141_assigned ?x .
                   OPTIONAL { ?link crm:P2_has_type ?method } OPTIONAL { ?link fonds:score ?score }
                   OPTIONAL { ?link dcterms:created ?when }
                   OPTIONAL { ?link dcterms:source ?source } }
    } ORDER BY ?x"""
    found: dict[str, AuthorityLink] = {}
    for row in store.query(
        PREFIXES + query.replace("?entity_iri", f"<{entity}>"), use_default_graph_as_union=True
    ):
        x = row["x"].value
        link = found.setdefault(
            x,
            AuthorityLink(
                x,
                labels(row["method"].value) if row["method"] else "",
                row["score"].value if row["score"] else None,
                row["when"].value[:10] if row["when"] else None,
            ),
        )
        if row["source"] is not None and row["source"].value not in link.sources:
            link.sources.append(row["source"].value)
    for link in found.values():
        link.sources.sort()
    return sorted(found.values(), key=lambda link: link.href)


GRID = "#8a99a8"


def place_map(store: ox.Store, place: str, labels: Labeler, span: float = 12.0) -> str | None:
    """An SVG map around a place with coordinates, with the dataset's places nearby.

    Drawn from the data alone (no tiles, no network): the place, every other place of
    the dataset within `span` degrees, a graticule every 5 degrees.
    """
    query = """SELECT ?p ?wkt WHERE { ?p crm:P168_place_is_defined_by ?wkt }"""
    points = {}
    for row in store.query(PREFIXES + query, use_default_graph_as_union=True):
        match = re.fullmatch(r"POINT\(([-\d.]+) ([-\d.]+)\)", row["wkt"].value)
        if match:
            points[row["p"].value] = (float(match.group(1)), float(match.group(2)))
    if place not in points:
        return None
    lon0, lat0 = points[place]
    width, height = 360, 260

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            (lon - lon0 + span) / (2 * span) * width,
            (lat0 + span * 0.72 - lat) / (2 * span * 0.72) * height,
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="map-title" class="map"><title id="map-title">Map: '
        f"{_xml(labels(place))} at {lat0:.2f}°N {lon0:.2f}°E, with nearby places</title>",
        f'<rect width="{width}" height="{height}" fill="#f4f8fb" stroke="#c9d6e2"/>',
    ]
    for degree in range(-180, 181, 5):
        x, _ = xy(degree, lat0)
        if 0 < x < width:
            parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#dde6ee"/>')
            parts.append(
                f'<text x="{x + 2:.1f}" y="{height - 4}" font-size="8" fill="{GRID}">'
                f"{degree}°E</text>"
            )
        _, y = xy(lon0, degree * 1.0 if -90 <= degree <= 90 else 0)
        if -90 <= degree <= 90 and 0 < y < height:
            parts.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#dde6ee"/>')
            parts.append(
                f'<text x="2" y="{y - 2:.1f}" font-size="8" fill="#8a99a8">{degree}°N</text>'
            )
    for other, (lon, lat) in sorted(points.items()):
        x, y = xy(lon, lat)
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        here = other == place
        colour, r = ("#c5221f", 6) if here else ("#5f6368", 3)
        name = _xml(labels(other))
        href = labels.href(other) or "#"
        parts.append(
            f'<a href="{href}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
            f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="{12 if here else 10}" '
            f'fill="{colour}">{name}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
