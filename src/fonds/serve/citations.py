"""A document's citation for reference managers: RIS, BibTeX and CSL-JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from fastapi.responses import Response

from fonds.serve.problems import problem
from fonds.store import Store


@dataclass
class CitationData:
    """What a reference manager needs."""

    title: str
    date: str | None
    url: str
    archive: str | None
    reference: str | None
    translators: list[str]
    contributors: list[str]
    publisher: str = "Wilson Center Digital Archive"


def _bibtex_safe(text: str) -> str:
    return text.replace("{", "(").replace("}", ")").replace("\\", "/")


def citation_formats(data: CitationData) -> dict[str, tuple[str, str]]:
    """RIS, BibTeX and CSL-JSON: format -> (media type, text)."""
    year = data.date[:4] if data.date else ""
    key = re.sub(r"\W+", "", (data.title.split()[0] if data.title else "doc")).lower() + year
    ris = ["TY  - MANSCPT", f"TI  - {data.title}"]
    ris += [f"A2  - {t}" for t in data.translators]
    if data.date:
        ris.append(f"DA  - {data.date.replace('-', '/')}")
        ris.append(f"PY  - {year}")
    if data.archive:
        ris.append(f"AN  - {data.reference or ''}".rstrip())
        ris.append(f"DP  - {data.archive}")
    ris += [f"PB  - {data.publisher}", f"UR  - {data.url}", "ER  - "]
    translated = f"translated by {', '.join(data.translators)}" if data.translators else None
    bib_fields = {
        "title": data.title,
        "year": year,
        "note": "; ".join(filter(None, [data.reference, translated])),
        "publisher": data.publisher,
        "url": data.url,
        "howpublished": data.archive or "",
    }
    lines = [f"  {k} = {{{_bibtex_safe(v)}}}" for k, v in bib_fields.items() if v]
    bibtex = f"@misc{{{key},\n" + ",\n".join(lines) + "\n}\n"
    csl = {
        "id": data.url,
        "type": "manuscript",
        "title": data.title,
        "URL": data.url,
        "publisher": data.publisher,
        "archive": data.archive,
        "archive_location": data.reference,
        "translator": [{"literal": t} for t in data.translators],
    }
    if data.date:
        csl["issued"] = {"date-parts": [[int(p) for p in data.date.split("-")]]}
    return {
        "ris": ("application/x-research-info-systems", "\n".join(ris) + "\n"),
        "bibtex": ("application/x-bibtex", bibtex),
        "csl": (
            "application/vnd.citationstyles.csl+json",
            json.dumps([csl], indent=2, ensure_ascii=False),
        ),
    }


CITATION_FORMATS = ("ris", "bibtex", "csl")


def citation(store: Store, base: str, path: str, format: str) -> Response:
    """A document's citation for reference managers: RIS, BibTeX or CSL-JSON."""
    snapshot = store.snapshot()
    query = """
        PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?title ?date ?source ?archive ?code ?translator WHERE {
          ?doc a crm:E31_Document ; dcterms:title ?title .
          OPTIONAL { ?doc dcterms:created ?date } OPTIONAL { ?doc dcterms:source ?source }
          OPTIONAL { ?doc rico:hasOrHadInstantiation ?paper .
                     ?paper crm:P50_has_current_keeper/rdfs:label ?archive ; rdfs:label ?code }
          OPTIONAL { ?doc crm:P73_has_translation/crm:P94i_was_created_by/crm:P14_carried_out_by
                     /rdfs:label ?translator }
        }"""
    rows = list(
        snapshot.query(query.replace("?doc", f"<{base + path}>"), use_default_graph_as_union=True)
    )
    if not rows:
        return problem(404, f"/{path[:200]} is not a document of this dataset")
    first = rows[0]

    def text(name: str) -> str | None:
        return first[name].value if first[name] is not None else None

    data = CitationData(
        title=text("title") or path,
        date=text("date"),
        url=text("source") or base + path,
        archive=text("archive"),
        reference=text("code"),
        translators=sorted({r["translator"].value for r in rows if r["translator"] is not None}),
        contributors=[],
    )
    media, body = citation_formats(data)[format]
    name = path.rsplit("/", 1)[-1] + {"ris": ".ris", "bibtex": ".bib", "csl": ".json"}[format]
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
