"""The FastAPI application: SPARQL, resource pages by content negotiation, dumps."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from fonds import __version__, rdfxml
from fonds.errors import NotAcceptable, StoreError
from fonds.mapping.namespaces import PREFIXES
from fonds.serve import browse, jsonld, sparql
from fonds.serve.cache import Cached, ResponseCache, VersionLabels, version_of
from fonds.serve.citations import CITATION_FORMATS, citation
from fonds.serve.describe import describe
from fonds.serve.downloads import dump_response
from fonds.serve.headers import SecurityHeaders, last_modified, not_modified
from fonds.serve.negotiation import choose
from fonds.serve.pages import compile_templates, render, resource_page
from fonds.serve.problems import add_error_handlers, problem
from fonds.serve.queries import load_examples
from fonds.serve.reconcile import reconcile_router
from fonds.serve.void import dataset_description
from fonds.settings import Settings
from fonds.sparql.runner import QueryRunner
from fonds.store import Store
from fonds.store.catalog import CATALOG, Catalog, Selection, is_current
from fonds.store.catalog import build as build_catalog
from fonds.store.dumps import read_manifest
from fonds.store.remote import SparqlStore

LAST_PAGE = 10**9
"""The highest `?page=` asked for: a page's offset must fit SQLite's 64-bit integers."""
PageNumber = Annotated[
    int, Query(ge=1, le=LAST_PAGE, description="which page of 50 results, from 1")
]

# Media types a resource is offered in, HTML first so browsers get a page.
RDF_XML = "application/rdf+xml"
RESOURCE_TYPES = {
    "text/html": None,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    RDF_XML: ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
# A resource with a named graph of its own (a document, a person, ...) also comes as that
# graph, provenance included: what `fonds ingest` wrote for it, as a dataset.
GRAPH_TYPES = ("application/n-quads", "application/trig")
EXTENSIONS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "nq": "application/n-quads",
    "trig": "application/trig",
}
DOWNLOAD_NAMES = {
    "ttl": "Turtle",
    "jsonld": "JSON-LD",
    "nt": "N-Triples",
    "rdf": "RDF/XML",
    "nq": "its graph as N-Quads",
    "trig": "TriG",
}


@dataclass
class AppState:
    """What every request handler needs."""

    settings: Settings
    store: Store
    runner: QueryRunner
    pages: ResponseCache = field(default_factory=lambda: ResponseCache(0))
    labels: VersionLabels = field(default_factory=VersionLabels)
    catalogs: set[Path] = field(default_factory=set)  # checked to be current
    catalog_lock: threading.Lock = field(default_factory=threading.Lock)


def create_app(settings: Settings, store: Store, runner: QueryRunner | None = None) -> FastAPI:
    """Build the web application over a store; the runner is started with the app."""
    runner = runner or QueryRunner(
        workers=settings.query_workers,
        timeout=settings.query_timeout,
        memory_mb=settings.query_memory_mb,
    )
    state = AppState(settings, store, runner, ResponseCache(settings.page_cache_mb * 2**20))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if isinstance(store, SparqlStore) and store.dumps_dir() is None:
            # Data another tool (or another Fonds) wrote: the pages need its catalogue.
            await run_in_threadpool(store.refresh)
        await run_in_threadpool(_warm_up, store)
        runner.start()
        try:
            yield
        finally:
            runner.close()

    app = FastAPI(
        title="Fonds",
        version=__version__,
        description="Historical archive records as linked open data: SPARQL, resources, dumps.",
        lifespan=lifespan,
        docs_url=None,  # served below from the package, not from a CDN
        redoc_url=None,
    )
    app.state.fonds = state
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_credentials=False,
    )
    add_error_handlers(app)

    app.add_middleware(SecurityHeaders)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render("docs.html"))

    @app.get("/", response_class=HTMLResponse, summary="Home page: what the dataset is, counts")
    def home(request: Request) -> Response:
        validators = _listing_validators(state, request)
        if not_modified(request, validators):
            return Response(status_code=304, headers=validators)
        return HTMLResponse(render("home.html", title="Fonds", **_home(state)), headers=validators)

    @app.get("/documents", summary="Documents with facets and full-text search (also JSON, CSV)")
    def documents(request: Request, page: PageNumber = 1, format: str | None = None) -> Response:
        params = dict(request.query_params)
        selection = browse.selection_from(params)
        if format not in (None, "html", "json", "csv"):
            raise NotAcceptable(["html", "json", "csv"])
        validators = _listing_validators(state, request)
        if not_modified(request, validators):
            return Response(status_code=304, headers=validators)
        context = browse.listing_context(catalog_of(state), selection, page, settings.base_iri)
        if format == "json":
            return Response(browse.as_json(context), 200, validators, "application/json")
        if format == "csv":
            return Response(browse.as_csv(context), 200, validators, "text/csv; charset=utf-8")
        title = "Search results" if selection.q else "Documents"
        sparql_query = urlencode({"query": context["sparql"], "format": "html"})
        return HTMLResponse(
            render("documents.html", title=title, sparql_query=sparql_query, **context),
            headers=validators,
        )

    @app.get("/.well-known/void", summary="The dataset described in VoID and DCAT")
    def void(request: Request) -> Response:
        folder = store.dumps_dir()
        graph = dataset_description(
            str(request.base_url),
            settings.base_iri,
            read_manifest(folder) if folder else None,
            catalog_of(state).counts(),
        )
        offered = ["text/turtle", "application/ld+json", "application/n-triples", "text/html"]
        media = choose(request.headers.get("accept"), offered) or "text/turtle"
        if media == "text/html":
            media = "text/turtle"  # a browser gets the Turtle to read
        rdf_format = {"text/turtle": "turtle", "application/ld+json": "json-ld"}.get(media, "nt")
        content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
        return Response(graph.serialize(format=rdf_format), media_type=content_type)

    @app.get("/context.json", summary="The JSON-LD context of Fonds's extension to Linked Art")
    def context() -> Response:
        return JSONResponse(jsonld.local_context(), media_type="application/ld+json")

    @app.get("/queries", summary="Example queries, each runnable with one click")
    def queries(request: Request) -> Response:
        examples = load_examples(settings.queries)
        if choose(request.headers.get("accept"), ["text/html", "application/json"]) == (
            "application/json"
        ):
            return JSONResponse(
                [
                    {
                        "name": e.name,
                        "title": e.title,
                        "description": e.description,
                        "query": e.text,
                    }
                    for e in examples
                ]
            )
        return HTMLResponse(render("queries.html", title="Example questions", examples=examples))

    @app.get("/queries/{name}.rq", summary="One example query as a file")
    def query_file(name: str) -> Response:
        found = {e.name: e for e in load_examples(settings.queries)}
        if name not in found:
            return problem(404, f"no example query called {name!r}; see /queries")
        return Response(found[name].text, media_type="application/sparql-query; charset=utf-8")

    @app.get("/sparql/editor", summary="The SPARQL editor (YASGUI, shipped with Fonds)")
    def editor(query: str | None = None) -> Response:
        examples = load_examples(settings.queries)
        start = query or (examples[0].text if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
        return HTMLResponse(
            render(
                "editor.html",
                title="SPARQL editor",
                query=start,
                prefixes=json.dumps(PREFIXES),
                timeout=settings.query_timeout,
            )
        )

    @app.get("/search", summary="Full-text search (the documents list with a query)")
    def search(q: str = "") -> Response:
        return RedirectResponse("/documents?" + urlencode({"q": q}), status_code=303)

    @app.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query endpoint")
    async def sparql_endpoint(request: Request) -> Response:
        return await sparql.answer(request, state)

    @app.get("/dumps/", summary="The dataset's dumps and their manifest")
    def dumps_index(request: Request) -> Response:
        folder = store.dumps_dir()
        manifest = read_manifest(folder) if folder else None
        if (
            choose(request.headers.get("accept"), ["text/html", "application/json"])
            == "application/json"
        ):
            return JSONResponse(manifest or {"quads": 0, "files": []})
        return HTMLResponse(render("dumps.html", title="Downloads", manifest=manifest))

    @app.api_route("/dumps/{name}", methods=["GET", "HEAD"], summary="One dump file")
    def dump_file(name: str, request: Request) -> Response:
        return dump_response(store.dumps_dir(), name, request)

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    # Before the catch-all resource route, which would otherwise answer /reconcile.
    app.include_router(
        reconcile_router(
            store, settings.base_iri, lambda: catalog_of(state).documents_per_entity()
        ),
        tags=["reconciliation"],
    )

    @app.api_route(
        "/{path:path}", methods=["GET", "HEAD"], summary="Any resource, by content negotiation"
    )
    async def resource(
        path: str, request: Request, format: str | None = None, page: PageNumber = 1
    ) -> Response:
        return await _resource(state, path, request, format, page)

    return app


def _warm_up(store: Store) -> None:
    """What the first page would otherwise wait for: the published store opened (about
    12 ms at 10k documents) and the templates compiled (about 40 ms)."""
    compile_templates()
    with suppress(StoreError):  # each request that needs the store will say what is wrong
        store.snapshot()


def catalog_of(state: AppState) -> Catalog:
    """The catalogue of the published version (built now if an older version lacks it)."""
    folder = state.store.dumps_dir()
    if folder is None:
        raise StoreError("nothing is published yet")
    path = folder / CATALOG
    if path not in state.catalogs:
        with state.catalog_lock:
            if not is_current(path):  # written by an older Fonds, or not at all
                build_catalog(state.store.snapshot(), path)
            state.catalogs.add(path)
    return Catalog(path)


def _home(state: AppState) -> dict:
    # From the catalogue: the same listing in SPARQL sorts every document (minutes at 100k).
    catalog = catalog_of(state)
    listing = browse.listing_context(catalog, Selection(), 1, state.settings.base_iri)
    return {
        "documents": listing["documents"][:20],
        "quads": state.store.triple_count(),
        "counts": catalog.counts(),
        "facets": listing["facets"],
    }


async def _resource(
    state: AppState, path: str, request: Request, format: str | None, page: int = 1
) -> Response:
    """A resource's representation: from the page cache on the event loop, or rendered in
    a worker thread (rendering asks the store, which blocks)."""
    base = state.settings.base_iri
    if format in CITATION_FORMATS:
        return await run_in_threadpool(citation, state.store, base, path, format)
    media = None
    stem, dot, extension = path.rpartition(".")
    if dot and extension in EXTENSIONS and "/" not in extension:
        path, media = stem, EXTENSIONS[extension]
    if format is not None:
        media = EXTENSIONS.get(format) or (format if format in RESOURCE_TYPES else None)
        if media is None:
            raise NotAcceptable(list(RESOURCE_TYPES))
    if media is None:
        media = choose(request.headers.get("accept"), list(RESOURCE_TYPES))
        if media is None:
            raise NotAcceptable(list(RESOURCE_TYPES))
    iri = base + path
    try:
        ox.NamedNode(iri)
    except ValueError:
        return problem(404, f"/{path[:200]} is not a resource of this dataset", media)
    version, published = version_of(state.store)
    validators = _validators(version, published, path, media)
    # A matching ETag was given out for this version, so the resource exists in it.
    if not_modified(request, validators):
        return Response(status_code=304, headers={"Vary": "Accept", **validators})
    key = (validators["ETag"], media, str(page))
    cached = state.pages.get(key)
    if cached is None:
        cached = await run_in_threadpool(
            _render, state, path, iri, media, page, validators, state.labels.of(version)
        )
        if cached is None:
            return problem(404, f"/{path[:200]} is not a resource of this dataset", media)
        if isinstance(cached, Response):
            return cached
        state.pages.put(key, cached)
    return Response(cached.body, media_type=cached.media_type, headers=cached.headers)


def _render(
    state: AppState,
    path: str,
    iri: str,
    media: str,
    page: int,
    validators: dict[str, str],
    labels: dict[str, str | None],
) -> Cached | Response | None:
    """A resource in one media type; None if it is not in the dataset. `labels` are those
    the pages of this version looked up before."""
    base = state.settings.base_iri
    snapshot = state.store.snapshot()
    description = describe(snapshot, iri)
    if not description.triples:
        return None
    own_graph = snapshot.contains_named_graph(ox.NamedNode(base + "graph/" + path))
    offered = {
        ext: name
        for ext, name in DOWNLOAD_NAMES.items()
        if own_graph or EXTENSIONS[ext] not in GRAPH_TYPES
    }
    alternates = ", ".join(
        f'</{path}.{ext}>; rel="alternate"; type="{EXTENSIONS[ext]}"' for ext in offered
    )
    headers = {"Vary": "Accept", "Link": alternates, **validators}
    if media == "text/html":
        html = resource_page(
            snapshot,
            description,
            base,
            offered,
            catalog_of(state).mentioning,
            page,
            labels,
        )
        return Cached(html.encode("utf-8"), "text/html; charset=utf-8", headers)
    if media in GRAPH_TYPES:
        graph = ox.NamedNode(base + "graph/" + path)
        quads = list(snapshot.quads_for_pattern(None, None, None, graph))
        if not quads:
            return problem(406, f"/{path[:200]} has no named graph of its own", None)
        data = ox.serialize(quads, format=RESOURCE_TYPES[media])
        content_type = media + ("; charset=utf-8" if media == "application/trig" else "")
        return Cached(data, content_type, headers)
    if media == "application/ld+json":
        document, profile = jsonld.representation(description.triples, base, iri)
        return Cached(
            json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"),
            f'application/ld+json; profile="{profile}"',
            headers,
        )
    try:
        data = ox.serialize(
            rdfxml.checked(description.triples) if media == RDF_XML else description.triples,
            format=RESOURCE_TYPES[media],
            prefixes=PREFIXES if media == "text/turtle" else None,
        )
    except rdfxml.Unwritable as error:
        raise NotAcceptable([m for m in RESOURCE_TYPES if m != RDF_XML], str(error)) from error
    content_type = media + ("; charset=utf-8" if media.startswith("text/") else "")
    return Cached(data, content_type, headers)


def _listing_validators(state: AppState, request: Request) -> dict[str, str]:
    """ETag and Last-Modified of a page of the catalogue (the home page, a listing): like a
    resource's, it changes only with a new published version."""
    version, published = version_of(state.store)
    return _validators(version, published, request.url.path + "?" + request.url.query, "")


def _validators(version: str, published: str, path: str, media: str) -> dict[str, str]:
    """ETag and Last-Modified of a resource: it changes only with a new published version."""
    tag = hashlib.sha256(f"{version}|{path}|{media}".encode()).hexdigest()[:24]
    headers = {"ETag": f'"{tag}"'}
    if published:
        headers["Last-Modified"] = last_modified(published)
    return headers
