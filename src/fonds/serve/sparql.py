"""The SPARQL 1.1 Protocol for queries: GET, POST form-encoded, POST direct."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from fonds.errors import (
    NotAcceptable,
    QueryRefused,
    QueryRejected,
    QueryTooLarge,
    UnsupportedMediaType,
)
from fonds.serve.cache import version_of
from fonds.serve.labels import Labeler
from fonds.serve.negotiation import choose
from fonds.serve.pages import render
from fonds.serve.void import service_description
from fonds.sparql.guard import check_query

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
EXAMPLE = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>

SELECT ?document ?title ?date WHERE {
  ?document a crm:E31_Document ;
            dcterms:title ?title ;
            dcterms:created ?date .
}
ORDER BY ?date
LIMIT 100"""


@dataclass(frozen=True)
class ProtocolRequest:
    """A query request as the protocol delivers it."""

    query: str | None
    default_graphs: list[str]
    named_graphs: list[str]
    format: str | None


async def read_request(request: Request, max_bytes: int) -> ProtocolRequest:
    """Collect the protocol parameters from the URL and, for POST, the body."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        content_type = request.headers.get("content-type", "")
        media, _, rest = content_type.partition(";")
        media = media.strip().lower()
        charset = _charset(rest)
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType(f"the request body must be UTF-8, not {charset}")
        body = await _body(request, max_bytes * 4)
        text = _utf8(body)
        if media == "application/x-www-form-urlencoded":
            try:
                params += parse_qsl(text, keep_blank_values=True, max_num_fields=64)
            except ValueError as error:
                raise QueryRejected(f"malformed form body: {error}") from None
        elif media == "application/sparql-query":
            params.append(("query", text))
        elif media == "application/sparql-update":
            raise QueryRefused("this endpoint is read-only: SPARQL updates are not accepted")
        else:
            raise UnsupportedMediaType(
                "POST a query as application/x-www-form-urlencoded or application/sparql-query"
            )
    if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in params):
        raise QueryRefused("this endpoint is read-only: SPARQL updates are not accepted")
    queries = [v for n, v in params if n == "query"]
    if len(queries) > 1:
        raise QueryRejected("the request gives the 'query' parameter more than once")
    formats = [v for n, v in params if n == "format"]
    return ProtocolRequest(
        query=queries[0] if queries else None,
        default_graphs=[v for n, v in params if n == "default-graph-uri"],
        named_graphs=[v for n, v in params if n == "named-graph-uri"],
        format=formats[0] if formats else None,
    )


async def answer(request: Request, state: object) -> Response:
    """Handle one /sparql request (state is the app's AppState)."""
    settings = state.settings
    protocol = await read_request(request, settings.max_query_bytes)
    if protocol.query is None:
        wanted = choose(
            request.headers.get("accept"), ["text/html", "text/turtle", "application/ld+json"]
        )
        if wanted in ("text/turtle", "application/ld+json"):
            # A SPARQL 1.1 service description, for clients that ask the endpoint itself.
            description = service_description(str(request.base_url), settings.query_timeout)
            return Response(
                description.serialize(format="turtle" if wanted == "text/turtle" else "json-ld"),
                media_type=wanted,
            )
        return HTMLResponse(
            render(
                "sparql.html",
                title="SPARQL",
                query=EXAMPLE,
                timeout=settings.query_timeout,
                table=None,
            )
        )
    checked = check_query(
        protocol.query, max_bytes=settings.max_query_bytes, max_depth=settings.max_query_depth
    )
    for iri in protocol.default_graphs + protocol.named_graphs:
        if not iri.startswith(("http://", "https://", "urn:")):
            raise QueryRejected(f"graph names must be http(s) or urn IRIs: {iri[:80]!r}")
    offered = GRAPH_TYPES if checked.form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    html = protocol.format == "html" and checked.form == "SELECT"
    if html:
        media = "application/sparql-results+json"
    elif protocol.format:
        media = FORMAT_NAMES.get(protocol.format.lower())
        if media not in offered:
            raise NotAcceptable(offered)
    else:
        media = choose(request.headers.get("accept"), offered)
        if media is None:
            raise NotAcceptable(offered)
    store = state.store
    data = await run_in_threadpool(
        state.runner.run,
        store.location(),
        store.snapshot(),
        checked.text,
        media,
        protocol.default_graphs,
        protocol.named_graphs,
    )
    if html:
        version, _ = version_of(store)
        labels = Labeler(store.snapshot(), settings.base_iri, state.labels.of(version))
        # Off the event loop: labels are read from the store, over HTTP for a remote one.
        table = await run_in_threadpool(_table, json.loads(data), labels)
        return HTMLResponse(
            render(
                "sparql.html",
                title="SPARQL results",
                query=checked.text,
                timeout=settings.query_timeout,
                table=table,
                csv_href="/sparql?" + urlencode({"query": checked.text, "format": "csv"}),
                json_href="/sparql?" + urlencode({"query": checked.text, "format": "json"}),
                edit_href="/sparql/editor?" + urlencode({"query": checked.text}),
            )
        )
    content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
    return Response(data, media_type=content_type, headers={"Vary": "Accept"})


def _table(results: dict, labels: Labeler) -> dict:
    variables = results["head"]["vars"]
    bindings = results["results"]["bindings"]
    labels.prefetch(c["value"] for b in bindings for c in b.values() if c["type"] == "uri")
    rows = []
    for binding in bindings:
        row = []
        for variable in variables:
            cell = binding.get(variable)
            if cell is None:
                row.append({"text": ""})
            elif cell["type"] == "uri":
                row.append({"text": labels(cell["value"]), "href": labels.href(cell["value"])})
            else:
                row.append({"text": cell["value"]})
        rows.append(row)
    return {"vars": variables, "rows": rows}


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise QueryTooLarge(f"the request body is over the {limit} byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryTooLarge(f"the request body is over the {limit} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryRejected("the request body is not valid UTF-8") from None
