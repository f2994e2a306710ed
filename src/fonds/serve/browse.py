"""Browsing: the document list with facets and full-text search, and its SPARQL twin.

Every listing page is also JSON and CSV (`?format=json|csv`), and links to the SPARQL
query that gives the same documents, so that a historian who started with facets can see
how the question is asked of the data.
"""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlencode

from fonds.store.catalog import Catalog, FacetValue, Listed, Selection

PAGE_SIZE = 50
FACET_NAMES = {
    "year": "Year",
    "type": "Document type",
    "archive": "Archive",
    "person": "People",
    "place": "Places",
    "organization": "Organizations",
}
_MENTION_PATH = (
    "crm:P67_refers_to|crm:P165_incorporates/crm:P67_refers_to|"
    "crm:P1_is_identified_by/crm:P67_refers_to|crm:P67i_is_referred_to_by/crm:P67_refers_to|"
    "rico:hasSender|rico:hasAddressee|crm:P94i_was_created_by/crm:P14_carried_out_by|"
    "crm:P70_documents/crm:P14_carried_out_by"
)


def selection_from(params: dict[str, str]) -> Selection:
    """A Selection from query parameters; unknown parameters, and a year that is not one
    to four digits, are ignored."""
    # Not str.isdigit: it takes "²" and "٣", and a number SQLite's integers cannot hold.
    year = params.get("year", "").strip()
    return Selection(
        year=int(year) if re.fullmatch(r"[0-9]{1,4}", year) else None,
        type=params.get("type") or None,
        archive=params.get("archive") or None,
        person=params.get("person") or None,
        place=params.get("place") or None,
        organization=params.get("organization") or None,
        q=(params.get("q") or "").strip()[:200] or None,
    )


def as_sparql(selection: Selection) -> str:
    """The SPARQL query that lists the same documents as the selection."""
    lines = [
        "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>",
        "PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>",
        "PREFIX dcterms: <http://purl.org/dc/terms/>",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
        "SELECT DISTINCT ?document ?title ?date WHERE {",
        "  ?document a crm:E31_Document ; dcterms:title ?title .",
        "  OPTIONAL { ?document dcterms:created ?date }",
    ]
    if selection.year is not None:
        lines.append(f'  FILTER(STRSTARTS(STR(?date), "{selection.year:04d}"))')
    if selection.type:
        lines.append(
            f"  ?document crm:P2_has_type/skos:prefLabel {_literal(selection.type, 'en')} ."
        )
    if selection.archive:
        lines.append(
            "  ?document rico:hasOrHadInstantiation/crm:P50_has_current_keeper/rdfs:label "
            f"{_literal(selection.archive)} ."
        )
    for kind in ("person", "place", "organization"):
        if entity := getattr(selection, kind):
            lines.append(f"  ?document {_MENTION_PATH} <{entity}> .")
    if selection.q:
        lines += [
            "  OPTIONAL { ?document dcterms:abstract ?summary }",
            "  OPTIONAL { ?document crm:P73_has_translation/crm:P190_has_symbolic_content ?text }",
            '  BIND(LCASE(CONCAT(?title, " ", COALESCE(?summary, ""), " ", COALESCE(?text, "")))'
            " AS ?words)",
        ]
        for word in selection.q.lower().split():
            lines.append(f"  FILTER(CONTAINS(?words, {_literal(word)}))")
    lines += ["}", "ORDER BY ?date ?title"]
    return "\n".join(lines)


def _literal(text: str, language: str | None = None) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    return f"{escaped}@{language}" if language else escaped


def listing_context(
    catalog: Catalog, selection: Selection, page: int, base: str
) -> dict[str, object]:
    """Everything the documents page shows."""
    page = max(1, page)
    total, documents, facets = catalog.browse(selection, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    chosen = selection.chosen()
    return {
        "selection": chosen,
        "total": total,
        "documents": [_document(d, base) for d in documents],
        "facets": [
            {
                "name": name,
                "title": FACET_NAMES[name],
                "options": [_facet_value(name, v, chosen) for v in facets.get(name, [])],
                "chosen": chosen.get(name),
                "chosen_label": _chosen_label(facets.get(name, []), chosen.get(name)),
                "remove_href": "?" + urlencode({k: v for k, v in chosen.items() if k != name}),
            }
            for name in FACET_NAMES
        ],
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "sparql": as_sparql(selection),
        "json_href": "?" + urlencode({**chosen, "format": "json"}),
        "csv_href": "?" + urlencode({**chosen, "format": "csv"}),
        "page_href": lambda n: "?" + urlencode({**chosen, "page": n}),
    }


def _chosen_label(values: list[FacetValue], chosen: str | None) -> str | None:
    if chosen is None:
        return None
    return next((v.label for v in values if v.value == chosen), chosen.rsplit("/", 1)[-1])


def _facet_value(name: str, value: FacetValue, chosen: dict[str, str]) -> dict[str, object]:
    return {
        "label": value.label,
        "count": value.count,
        "href": "?"
        + urlencode({**{k: v for k, v in chosen.items() if k != "page"}, name: value.value}),
        "selected": chosen.get(name) == value.value,
    }


def _document(document: Listed, base: str) -> dict[str, object]:
    return {
        "iri": document.iri,
        "href": "/" + document.iri[len(base) :] if document.iri.startswith(base) else document.iri,
        "title": document.title,
        "date": document.date,
        "type": document.type,
        "archive": document.archive,
        "snippet": document.snippet,
    }


def as_json(context: dict[str, object]) -> str:
    """The listing as JSON (what the page shows, without the HTML)."""
    keep = ("selection", "total", "page", "pages", "documents", "sparql")
    facets = {
        f["name"]: [{"label": v["label"], "count": v["count"]} for v in f["options"]]
        for f in context["facets"]  # type: ignore[union-attr]
    }
    return json.dumps({**{k: context[k] for k in keep}, "facets": facets}, ensure_ascii=False)


def as_csv(context: dict[str, object]) -> str:
    """The listed documents as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["iri", "title", "date", "type", "archive"])
    for d in context["documents"]:  # type: ignore[union-attr]
        writer.writerow(
            [d["iri"], d["title"], d["date"] or "", d["type"] or "", d["archive"] or ""]
        )
    return out.getvalue()
