"""`fonds serve --store http://…/sparql`: every page answers as it does on the embedded store.

The cable is published twice with the same clock, once into the embedded store and once
into a real engine of its own (Oxigraph server, Virtuoso), and each page is asked of both.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from fonds.pipeline import Pipeline
from fonds.serve import create_app
from fonds.settings import Settings
from fonds.store import open_store
from fonds.store.http import HttpClient
from tests.conftest import BASE, CABLE, FIXED_NOW, remote_settings
from tests.engines import oxigraph_server, virtuoso

PAGES = [
    "/",
    "/documents",
    "/documents?q=Molotov",
    "/documents?format=csv",
    "/text/wcda-208256",
    "/text/wcda-208256?format=ris",
    "/text/wcda-208256?format=bibtex",
    "/person/stalin",
    "/person/molotov",
    "/place/seoul",
    "/object/rgaspi-f558-op11-d333-ll49-51",
    "/queries",
    "/sparql",
    "/sparql/editor",
    "/reconcile/preview?id=person/stalin",
    "/dumps/manifest.json",
]
GRAPHS = [
    ("/text/wcda-208256", "text/turtle", ox.RdfFormat.TURTLE),
    ("/text/wcda-208256", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("/text/wcda-208256.nq", None, ox.RdfFormat.N_QUADS),
    ("/person/stalin", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("/.well-known/void", "text/turtle", ox.RdfFormat.TURTLE),
]
JSON = [
    "/documents?format=json",
    "/documents?format=json&person=" + BASE + "person/molotov",
    "/reconcile?queries="
    + json.dumps({"q0": {"query": "Molotov", "type": "person"}, "q1": {"query": "Peking"}}),
    "/reconcile/suggest/entity?prefix=Malen",
    "/text/wcda-208256.jsonld",
    "/person/stalin.jsonld",
]
QUERY = """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
SELECT DISTINCT ?person ?name WHERE {
  ?person a crm:E21_Person ; crm:P1_is_identified_by/crm:P190_has_symbolic_content ?name
}"""


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("embedded")
    settings = Settings(store=str(folder / "store"), base_iri=BASE, query_workers=1)
    store = open_store(settings.store, settings)
    Pipeline(settings, clock=lambda: FIXED_NOW).ingest([CABLE], store)
    with TestClient(create_app(settings, store)) as client:
        yield client


@pytest.fixture(scope="module", params=["oxigraph-server", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp(request.param)
    start = virtuoso if request.param == "virtuoso" else oxigraph_server
    with start(folder / "engine") as engine:
        settings = remote_settings(engine, folder, BASE, query_workers=1)
        store = open_store(settings.store, settings)
        Pipeline(settings, clock=lambda: FIXED_NOW).ingest([CABLE], store)
        with TestClient(create_app(settings, store)) as client:
            yield client


XSD = "http://www.w3.org/2001/XMLSchema#"
# Engines keep the value of these literals but not always their spelling or exact type:
# pyoxigraph stores xsd:nonNegativeInteger as xsd:integer, Virtuoso writes true as "1".
SAME_VALUE = {
    f'"true"^^<{XSD}boolean>': f'"1"^^<{XSD}boolean>',
    f'"false"^^<{XSD}boolean>': f'"0"^^<{XSD}boolean>',
    f"^^<{XSD}nonNegativeInteger>": f"^^<{XSD}integer>",
}


def canonical(statement: str) -> str:
    for spelling, canonical_spelling in SAME_VALUE.items():
        statement = statement.replace(spelling, canonical_spelling)
    return statement


def statements(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {canonical(str(t)) for t in ox.parse(data, fmt, base_iri=BASE)}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_as_on_the_embedded_store(
    path: str, embedded: TestClient, remote: TestClient
) -> None:
    here, there = embedded.get(path), remote.get(path)

    assert there.status_code == here.status_code == 200, there.text[:500]
    assert there.headers["content-type"] == here.headers["content-type"]
    if path == "/dumps/manifest.json":
        assert json.loads(there.text)["quads"] == json.loads(here.text)["quads"]
    elif path.endswith("format=csv"):
        assert sorted(there.text.splitlines()) == sorted(here.text.splitlines())
    else:
        assert there.text == here.text


@pytest.mark.parametrize(("path", "accept", "fmt"), GRAPHS)
def test_every_resource_has_the_same_statements(
    path: str, accept: str | None, fmt: ox.RdfFormat, embedded: TestClient, remote: TestClient
) -> None:
    headers = {"Accept": accept} if accept else {}
    here, there = embedded.get(path, headers=headers), remote.get(path, headers=headers)

    assert there.status_code == here.status_code == 200
    if path == "/.well-known/void":  # it names the dumps' checksums and dates
        assert len(statements(there.content, fmt)) == len(statements(here.content, fmt))
    else:
        assert statements(there.content, fmt) == statements(here.content, fmt)


@pytest.mark.parametrize("path", JSON)
def test_json_answers_are_the_same(path: str, embedded: TestClient, remote: TestClient) -> None:
    here, there = embedded.get(path), remote.get(path)

    assert there.status_code == here.status_code == 200
    assert there.json() == here.json()


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"]
)
def test_sparql_answers_the_same_rows(
    accept: str, embedded: TestClient, remote: TestClient
) -> None:
    here = embedded.get("/sparql", params={"query": QUERY}, headers={"Accept": accept})
    there = remote.get("/sparql", params={"query": QUERY}, headers={"Accept": accept})

    assert there.status_code == here.status_code == 200
    assert there.headers["content-type"] == here.headers["content-type"]
    fmt = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "text/csv": ox.QueryResultsFormat.CSV,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    }[accept]
    if fmt == ox.QueryResultsFormat.CSV:
        assert sorted(there.text.splitlines()) == sorted(here.text.splitlines())
    else:
        rows = [
            sorted(str([str(value) for value in row]) for row in answer)
            for answer in (ox.parse_query_results(x.content, fmt) for x in (here, there))
        ]
        assert len(rows[0]) > 10
        assert rows[1] == rows[0]


def test_sparql_constructs_and_refusals_behave_alike(
    embedded: TestClient, remote: TestClient
) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <" + BASE + "person/stalin>) }"
    here = embedded.get("/sparql", params={"query": construct}, headers={"Accept": "text/turtle"})
    there = remote.get("/sparql", params={"query": construct}, headers={"Accept": "text/turtle"})
    assert statements(there.content, ox.RdfFormat.TURTLE) == statements(
        here.content, ox.RdfFormat.TURTLE
    )

    for query, status in [
        ("SELECT * { ?s ?p }", 400),
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 403),
        ("DROP ALL", 403),
    ]:
        assert remote.get("/sparql", params={"query": query}).status_code == status


def test_the_dumps_hold_the_same_dataset(embedded: TestClient, remote: TestClient) -> None:
    here = embedded.get("/dumps/dataset.nt.gz")
    there = remote.get("/dumps/dataset.nt.gz")

    nt = ox.RdfFormat.N_TRIPLES
    assert statements(gzip.decompress(there.content), nt) == statements(
        gzip.decompress(here.content), nt
    )


def test_serving_an_existing_remote_dataset_builds_its_dumps_first(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "engine") as engine:
        writer = remote_settings(engine, tmp_path / "writer", BASE)
        Pipeline(writer, clock=lambda: FIXED_NOW).ingest([CABLE], open_store(writer.store, writer))
        reader = remote_settings(engine, tmp_path / "reader", BASE)  # a cache of its own
        store = open_store(reader.store, reader)
        assert store.dumps_dir() is None

        with TestClient(create_app(reader, store)) as client:
            assert client.get("/documents?format=json").json()["total"] == 1
            assert client.get("/dumps/dataset.nt").status_code == 200


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the requests sent to the store from now on in the test."""
    urls: list[str] = []
    send = HttpClient.request

    def counted(client: HttpClient, method: str, url: str, **options: object) -> object:
        urls.append(url)
        return send(client, method, url, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(HttpClient, "request", counted)
    return urls


def test_a_document_page_asks_the_store_a_few_questions(
    remote: TestClient, asked: list[str]
) -> None:

    page = remote.get("/text/wcda-208256?page=3")  # a page of its own: rendered now

    assert page.status_code == 200
    # The labels of the hundred-odd resources it links to are asked for together, the
    # levels of its breadcrumb in one query, and its description two levels at a time.
    assert 0 < len(asked) <= 13  # 197 when each label was a request, 19 each level


def test_a_results_table_asks_the_store_for_its_labels_together(
    remote: TestClient, asked: list[str]
) -> None:
    every_subject = "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 400"

    table = remote.get("/sparql", params={"query": every_subject, "format": "html"})

    assert table.status_code == 200 and "Vyacheslav Molotov" in table.text
    assert 0 < len(asked) <= 5  # the query, then the labels of its hundreds of IRIs
