"""The W3C Reconciliation Service API (version 0.2) at /reconcile.

    GET  /reconcile                           service manifest
    GET|POST /reconcile?queries={...}         batch reconciliation (JSON, or JSONP with callback)
    GET  /reconcile/suggest/entity?prefix=    autocomplete
    GET  /reconcile/suggest/type?prefix=      the three types
    GET  /reconcile/suggest/property?prefix=  the identifier properties
    GET  /reconcile/preview?id=               a small HTML card

Entity ids are resource paths under the base IRI ('person/molotov'), so the manifest's
view template sends OpenRefine to the entity's own page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from fonds.errors import FondsError
from fonds.link.reconcile import IDENTIFIER_PROPERTIES, TYPES, Catalog
from fonds.store import Store

MAX_QUERIES = 100
_CALLBACK = re.compile(r"[A-Za-z_$][\w$.]{0,63}")


class BadReconcileRequest(FondsError):
    """A reconciliation request that cannot be answered (400, like every FondsError)."""


def reconcile_router(
    store: Store, base_iri: str, documents: Callable[[], Mapping[str, int]]
) -> APIRouter:
    """The /reconcile routes over the entities of the published store.

    `documents` gives the number of documents naming each entity (from the catalogue).
    """
    router = APIRouter()
    cache: dict[str, tuple[object, Catalog]] = {}

    def catalog() -> Catalog:
        snapshot = store.snapshot()
        # A new published version has new dumps; an in-memory store, a new size.
        version = (id(snapshot), str(store.dumps_dir()), store.triple_count())
        if "current" not in cache or cache["current"][0] != version:
            cache["current"] = (version, Catalog(snapshot, base_iri, documents()))
        return cache["current"][1]

    @router.api_route("/reconcile", methods=["GET", "POST"])
    async def service(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        callback = params.get("callback")
        if callback is not None and not _CALLBACK.fullmatch(callback):
            raise BadReconcileRequest("callback must be a JavaScript identifier")
        if "queries" in params:
            body = _answer(catalog(), params["queries"])
        elif "query" in params:  # a single query, as some clients still send
            body = _answer(catalog(), json.dumps({"q0": _single(params["query"])}))["q0"]
        else:
            body = _manifest(str(request.base_url), base_iri)
        return _respond(body, callback)

    @router.get("/reconcile/suggest/entity")
    def suggest_entity(prefix: str = "", type: str | None = None, cursor: int = 0) -> Response:
        kind = type if type in TYPES else None
        found = catalog().suggest(prefix, kind, limit=cursor + 10)[cursor:]
        return JSONResponse(
            {
                "result": [
                    {
                        "id": e.id,
                        "name": e.label,
                        "description": e.description,
                        "notable": [{"id": e.kind, "name": TYPES[e.kind][0]}],
                    }
                    for e in found
                ]
            }
        )

    @router.get("/reconcile/suggest/type")
    def suggest_type(prefix: str = "") -> Response:
        return JSONResponse(
            {
                "result": [
                    {"id": kind, "name": name}
                    for kind, (name, _) in TYPES.items()
                    if name.lower().startswith(prefix.lower())
                ]
            }
        )

    @router.get("/reconcile/suggest/property")
    def suggest_property(prefix: str = "") -> Response:
        return JSONResponse(
            {
                "result": [
                    {"id": pid, "name": f"{pid} identifier"}
                    for pid in IDENTIFIER_PROPERTIES
                    if pid.startswith(prefix.lower())
                ]
            }
        )

    @router.get("/reconcile/preview")
    def preview(id: str) -> Response:
        entity = catalog().get(id)
        if entity is None:
            return HTMLResponse(f"<p>No entity {html.escape(id)}.</p>", status_code=404)
        links = "".join(
            f'<li><a href="{html.escape(x)}">{html.escape(x)}</a></li>'
            for x in sorted(entity.equivalents)
        )
        names = ", ".join(html.escape(n) for n in sorted(entity.names - {entity.label})[:8])
        return HTMLResponse(
            f'<div style="font:14px sans-serif"><strong>{html.escape(entity.label)}</strong>'
            f"<br>{html.escape(entity.description)}"
            + (f"<br>Also: {names}" if names else "")
            + (f"<ul>{links}</ul>" if links else "")
            + "</div>"
        )

    return router


def _manifest(service_url: str, base_iri: str) -> dict:
    root = service_url.rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "Fonds: people, places and organizations in the archive",
        "identifierSpace": base_iri,
        "schemaSpace": "http://www.cidoc-crm.org/cidoc-crm/",
        "defaultTypes": [{"id": kind, "name": name} for kind, (name, _) in TYPES.items()],
        "view": {"url": f"{root}/{{{{id}}}}"},
        "preview": {"url": f"{root}/reconcile/preview?id={{{{id}}}}", "width": 400, "height": 160},
        "suggest": {
            "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": root, "service_path": "/reconcile/suggest/property"},
        },
        "batchSize": 20,
    }


def _single(query: str) -> dict:
    try:
        parsed = json.loads(query)
    except json.JSONDecodeError:
        return {"query": query}
    return parsed if isinstance(parsed, dict) else {"query": query}


def _answer(catalog: Catalog, queries_text: str) -> dict:
    try:
        queries = json.loads(queries_text)
    except json.JSONDecodeError as error:
        raise BadReconcileRequest(f"queries is not JSON: {error.msg} at {error.pos}") from None
    if not isinstance(queries, dict):
        raise BadReconcileRequest('queries must be an object like {"q0": {"query": "Molotov"}}')
    if len(queries) > MAX_QUERIES:
        raise BadReconcileRequest(f"at most {MAX_QUERIES} queries in one batch")
    answers = {}
    for key, query in queries.items():
        if not isinstance(query, dict) or not isinstance(query.get("query", ""), str):
            raise BadReconcileRequest(f"query {key!r} needs a 'query' string")
        kind = query.get("type")
        kind = kind if isinstance(kind, str) and kind in TYPES else None
        limit = query.get("limit", 5)
        limit = limit if isinstance(limit, int) and limit > 0 else 5
        properties = query.get("properties") or []
        if not isinstance(properties, list):
            raise BadReconcileRequest(f"query {key!r}: properties must be a list")
        candidates = catalog.reconcile(
            query.get("query", ""),
            kind,
            limit,
            [p for p in properties if isinstance(p, dict)],
        )
        answers[key] = {"result": [c.json() for c in candidates]}
    return answers


def _respond(body: dict, callback: str | None) -> Response:
    if callback:
        return Response(f"{callback}({json.dumps(body)})", media_type="application/javascript")
    return JSONResponse(body)
