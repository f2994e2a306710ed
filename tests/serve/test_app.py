"""The published cable through the HTTP API, as users reach it."""

import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from pyld import jsonld as pyld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from fonds.serve import create_app
from fonds.serve import jsonld as fonds_jsonld
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE
from tests.serve.conftest import published_cable

PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX aat: <http://vocab.getty.edu/aat/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with published_cable(
        tmp_path_factory.mktemp("app"), query_timeout=2, query_workers=1
    ) as client:
        yield client


def select(client: TestClient, query: str) -> list[dict]:
    response = client.get(
        "/sparql",
        params={"query": PREFIXES + query},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def test_sparql_returns_the_cable_title_date_number_language_and_translator(
    client: TestClient,
) -> None:
    rows = select(
        client,
        """
        SELECT ?title ?created ?number ?language ?translator WHERE {
          ?doc dcterms:title ?title ; dcterms:created ?created ;
               crm:P72_has_language ?language ;
               crm:P1_is_identified_by [ crm:P2_has_type ?numberType ; crm:P190_has_symbolic_content ?number ] ;
               crm:P73_has_translation/crm:P94i_was_created_by/crm:P14_carried_out_by/rdfs:label ?translator .
          FILTER (STRENDS(STR(?numberType), "/cable-number"))
        }""",
    )
    assert rows == [
        {
            "title": {
                "type": "literal",
                "xml:lang": "en",
                "value": "Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong",
            },
            "created": {
                "type": "literal",
                "datatype": "http://www.w3.org/2001/XMLSchema#date",
                "value": "1949-10-23",
            },
            "number": {"type": "literal", "value": "59363"},
            "language": {"type": "uri", "value": "http://vocab.getty.edu/aat/300389168"},
            "translator": {"type": "literal", "value": "Gary Goldberg"},
        }
    ]
    assert select(client, "SELECT ?l { aat:300389168 rdfs:label ?l }")[0]["l"]["value"] == "Russian"


@pytest.mark.parametrize(
    ("accept", "starts"),
    [
        ("application/sparql-results+xml", b"<?xml"),
        ("text/csv", b"n\r\n"),
        ("text/tab-separated-values", b"?n\n"),
    ],
)
def test_results_formats_by_accept(client: TestClient, accept: str, starts: bytes) -> None:
    response = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert response.content.startswith(starts)


def test_post_form_and_direct_queries(client: TestClient) -> None:
    form = client.post(
        "/sparql",
        data={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    direct = client.post(
        "/sparql",
        content="ASK { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    assert form.json()["boolean"] is True and direct.json()["boolean"] is True


def test_a_listing_or_the_home_page_is_not_sent_again_while_the_version_is_the_same(
    client: TestClient,
) -> None:
    search = {"q": "Molotov", "format": "json"}
    first = client.get("/documents", params=search)
    assert first.status_code == 200 and "last-modified" in first.headers
    again = client.get(
        "/documents", params=search, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    other = client.get("/documents", params={"q": "Stalin", "format": "json"})
    assert other.headers["etag"] != first.headers["etag"]
    page = client.get("/documents", params={"q": "Molotov"})
    assert page.headers["etag"] not in (first.headers["etag"], other.headers["etag"])
    home = client.get("/")
    assert client.get("/", headers={"If-None-Match": home.headers["etag"]}).status_code == 304


def test_construct_comes_back_as_a_graph(client: TestClient) -> None:
    response = client.get(
        "/sparql",
        params={
            "query": "CONSTRUCT WHERE { ?s a <http://www.cidoc-crm.org/cidoc-crm/E21_Person> }"
        },
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    persons = Graph().parse(data=response.text, format="nt")
    assert {str(o) for o in persons.objects()} == {"http://www.cidoc-crm.org/cidoc-crm/E21_Person"}
    assert (URIRef("http://localhost:8000/person/stalin"), None, None) in persons


def test_a_construct_rdf_xml_cannot_write_is_406_naming_the_predicate(
    client: TestClient,
) -> None:
    # An element name needs a local part: pyoxigraph would write `<oxprefix:>`, not XML.
    query = "CONSTRUCT { ?s <http://example.org/terms/> ?o } WHERE { ?s a ?o } LIMIT 3"
    accept = {"Accept": "application/rdf+xml"}
    refused = client.get("/sparql", params={"query": query}, headers=accept)
    assert refused.status_code == 406
    assert "<http://example.org/terms/>" in refused.json()["error"]
    turtle = client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200


def test_nothing_acceptable_is_406_and_a_bad_query_is_400_with_the_parser_message(
    client: TestClient,
) -> None:
    refused = client.get(
        "/sparql", params={"query": "SELECT * {?s ?p ?o}"}, headers={"Accept": "image/png"}
    )
    broken = client.get("/sparql", params={"query": "SELECT * { ?s ?p }"})
    assert refused.status_code == 406 and "application/sparql-results+json" in refused.text
    assert broken.status_code == 400 and "error at 1:" in broken.json()["error"]


def test_protocol_misuse_gets_4xx(client: TestClient) -> None:
    twice = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    plain = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    utf16 = client.post(
        "/sparql",
        content="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert (twice.status_code, plain.status_code, utf16.status_code) == (400, 415, 415)


class Canary:
    """A listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.hits = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
                self.hits += 1
                connection.close()
            except TimeoutError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


def test_service_and_updates_are_refused_without_any_outbound_connection(
    client: TestClient,
) -> None:
    canary = Canary()
    try:
        service = client.get(
            "/sparql",
            params={
                "query": f"SELECT * {{ SERVICE <http://127.0.0.1:{canary.port}/> {{ ?s ?p ?o }} }}"
            },
        )
        escaped = client.post(
            "/sparql",
            data={"query": f"SELECT * {{ \\u0053ERVICE <http://127.0.0.1:{canary.port}/> {{}} }}"},
        )
        insert = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
        insert_as_query = client.get(
            "/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}
        )
        direct_update = client.post(
            "/sparql",
            content=f"LOAD <http://127.0.0.1:{canary.port}/>",
            headers={"Content-Type": "application/sparql-update"},
        )
    finally:
        canary.close()
    assert [r.status_code for r in (service, escaped, insert, insert_as_query, direct_update)] == [
        403
    ] * 5
    assert "SERVICE" in service.json()["error"]
    assert canary.hits == 0
    assert (
        select(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(?s = <urn:a>) }")[0]["n"]["value"]
        == "0"
    )


def test_a_runaway_query_is_stopped_and_the_server_keeps_answering(client: TestClient) -> None:
    stopped = client.get("/sparql", params={"query": RUNAWAY})
    assert stopped.status_code == 503
    assert "longer than 2 s" in stopped.json()["error"]
    assert stopped.headers["retry-after"] == "5"
    assert (
        select(client, "SELECT (COUNT(*) AS ?n) { ?s a crm:E31_Document }")[0]["n"]["value"] == "1"
    )


def test_too_deep_a_query_is_refused_before_the_engine(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * " + "{" * 3000 + "}" * 3000})
    assert response.status_code == 400 and "nested deeper" in response.json()["error"]


def test_turtle_and_json_ld_of_the_document_parse_to_the_same_graph(client: TestClient) -> None:
    turtle = client.get("/text/wcda-208256", headers={"Accept": "text/turtle"})
    jsonld = client.get("/text/wcda-208256", headers={"Accept": "application/ld+json"})
    ntriples = client.get("/text/wcda-208256.nt")
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert "Accept" in turtle.headers["vary"]
    # The JSON-LD is compacted with Linked Art's context and Fonds's own; expanding it
    # back (contexts from the package, never the network) gives the same graph.
    document = json.loads(jsonld.text)
    assert document["@context"] == [
        "https://linked.art/ns/v1/linked-art.json",
        BASE + "context.json",
    ]
    expanded = fonds_jsonld.expand(document, BASE)
    graphs = [
        Graph().parse(data=turtle.text, format="turtle"),
        Graph().parse(data=pyld.to_rdf(expanded, {"format": "application/n-quads"}), format="nt"),
        Graph().parse(data=ntriples.text, format="nt"),
    ]
    assert len(graphs[0]) > 40
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])
    assert client.get("/context.json").json()["@context"]["sender"]["@id"] == "rico:hasSender"


@contextmanager
def serving(folder: Path, quads: list[ox.Quad]) -> Iterator[TestClient]:
    """The app over a store that holds just these quads, in their graphs."""
    settings = Settings(store=str(folder / "store"), base_iri=BASE, query_workers=1)
    store = open_store(settings.store, settings)
    with store.batch() as batch:
        for graph in sorted({q.graph_name.value for q in quads}):
            batch.replace(graph, [q for q in quads if q.graph_name.value == graph])
    with TestClient(create_app(settings, store)) as client:
        yield client


NOTE, NOTE_GRAPH = ox.NamedNode(BASE + "note/odd"), ox.NamedNode(BASE + "graph/note/odd")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def test_a_resource_its_contexts_cannot_compact_is_served_expanded(tmp_path: Path) -> None:
    # An IRI written `crm:E21_Person` (a CURIE some dataset took for an IRI) reads as a
    # compact IRI of Linked Art's context, and JSON-LD forbids compacting it.
    refers_to = ox.NamedNode("http://www.cidoc-crm.org/cidoc-crm/P67_refers_to")
    quads = [
        ox.Quad(NOTE, LABEL, ox.Literal("An odd note"), NOTE_GRAPH),
        ox.Quad(NOTE, refers_to, ox.NamedNode("crm:E21_Person"), NOTE_GRAPH),
    ]
    with serving(tmp_path, quads) as client:
        response = client.get("/note/odd.jsonld")
        ntriples = client.get("/note/odd.nt").text

    assert response.status_code == 200
    assert 'profile="http://www.w3.org/ns/json-ld#expanded"' in response.headers["content-type"]
    served = pyld.to_rdf(response.json(), {"format": "application/n-quads"})
    assert isomorphic(
        Graph().parse(data=served, format="nt"), Graph().parse(data=ntriples, format="nt")
    )


def test_a_resource_rdf_xml_cannot_write_is_406_and_offers_the_others(tmp_path: Path) -> None:
    quads = [
        ox.Quad(NOTE, LABEL, ox.Literal("An odd note"), NOTE_GRAPH),
        ox.Quad(NOTE, ox.NamedNode("http://example.org/terms/"), ox.Literal("x"), NOTE_GRAPH),
    ]
    with serving(tmp_path, quads) as client:
        refused = client.get("/note/odd.rdf")
        turtle = client.get("/note/odd.ttl")

    assert refused.status_code == 406
    assert "<http://example.org/terms/>" in refused.json()["error"]
    assert "text/turtle" in refused.json()["offered"]
    assert "application/rdf+xml" not in refused.json()["offered"]
    assert turtle.status_code == 200


def test_every_resource_uri_of_the_document_dereferences(client: TestClient) -> None:
    rows = select(
        client,
        """SELECT DISTINCT ?o WHERE { GRAPH <http://localhost:8000/graph/text/wcda-208256> { ?s ?p ?o } }""",
    )
    ours = {r["o"]["value"].split("#")[0] for r in rows if r["o"]["value"].startswith(BASE)}
    assert len(ours) >= 8
    for iri in sorted(ours):
        response = client.get("/" + iri[len(BASE) :], headers={"Accept": "text/turtle"})
        assert response.status_code == 200, iri


def test_the_html_page_shows_title_date_summary_text_and_labelled_links(client: TestClient) -> None:
    page = client.get("/text/wcda-208256", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.text
    assert (
        "<h1>Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong</h1>"
        in html
    )
    assert "October 23, 1949" in html
    assert "Mao details the actions" in html
    assert "I am sending you information received by our " in html
    assert (
        '<a href="/person/goldberg-gary">Gary Goldberg</a>' in page.text or "Gary Goldberg" in html
    )
    assert 'href="/text/wcda-208256.ttl"' in html
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_unknown_resources_and_formats(client: TestClient) -> None:
    assert client.get("/text/nothing-here").status_code == 404
    assert client.get("/text/wcda-208256", headers={"Accept": "image/png"}).status_code == 406
    assert (
        client.get("/text/wcda-208256?format=ttl").headers["content-type"].startswith("text/turtle")
    )
    assert client.put("/text/wcda-208256").status_code == 405
    assert client.get("/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_every_answer_carries_the_security_headers_once(client: TestClient) -> None:
    page = client.get("/text/wcda-208256")
    answers = [
        page,
        client.get("/text/wcda-208256"),  # from the page cache
        client.get("/text/wcda-208256", headers={"If-None-Match": page.headers["etag"]}),
        client.get("/text/nothing-here"),
        client.get("/sparql", params={"query": "SELECT nonsense"}),
        client.get("/dumps/manifest.json"),
    ]
    assert [a.status_code for a in answers] == [200, 200, 304, 404, 400, 200]
    for answer in answers:
        assert answer.headers.get_list("x-content-type-options") == ["nosniff"]
        assert answer.headers.get_list("referrer-policy") == ["no-referrer"]
        assert len(answer.headers.get_list("content-security-policy")) == 1


def test_dumps_are_listed_and_match_their_checksums(client: TestClient, tmp_path: Path) -> None:
    manifest = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    names = {f["name"] for f in manifest["files"]}
    assert {"dataset.nt", "dataset.ttl"} <= names
    nt = client.get("/dumps/dataset.nt")
    ttl = client.get("/dumps/dataset.ttl")
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert isomorphic(
        Graph().parse(data=nt.text, format="nt"), Graph().parse(data=ttl.text, format="turtle")
    )
    assert client.get("/dumps/../../etc/passwd").status_code == 404
    assert json.loads(client.get("/dumps/manifest.json").text)["quads"] == manifest["quads"]


def test_resources_and_dumps_answer_304_when_unchanged(client: TestClient) -> None:
    for path in ("/text/wcda-208256.ttl", "/person/stalin", "/dumps/dataset.nt"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["etag"] and first.headers["last-modified"]
        again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        later = client.get(path, headers={"If-Modified-Since": first.headers["last-modified"]})
        assert later.status_code == 304
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_dataset_describes_itself_in_void_and_dcat(client: TestClient) -> None:
    void = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    dumps = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    names = {f["name"] for f in dumps["files"]}
    assert {"dataset.nt", "dataset.nt.gz", "dataset.ttl", "dataset.nq", "dataset.jsonld"} <= names
    assert {"dataset.ttl.gz", "dataset.nq.gz", "dataset.jsonld.gz"} <= names
    answer = void.query(
        """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#>
           PREFIX void: <http://rdfs.org/ns/void#>
           SELECT ?dump ?bytes ?sha WHERE { ?d void:dataDump ?dump . ?dump dcat:byteSize ?bytes ;
             spdx:checksum/spdx:checksumValue ?sha }"""
    )
    found = {str(row.dump).rsplit("/", 1)[-1]: (int(row.bytes), str(row.sha)) for row in answer}
    for entry in dumps["files"]:
        if "sha256" in entry:  # the kept files; the uncompressed names are made from them
            assert found[entry["name"]] == (entry["bytes"], entry["sha256"])
    description = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert "sd:Service" in description.text and "UnionDefaultGraph" in description.text


def test_an_uncompressed_dump_is_its_gzip_file_decompressed(client: TestClient) -> None:
    import gzip

    manifest = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    sizes = {entry["name"]: entry["bytes"] for entry in manifest["files"]}
    for name in ("nt", "ttl", "nq", "jsonld"):
        plain = client.get(f"/dumps/dataset.{name}")
        kept = client.get(f"/dumps/dataset.{name}.gz")
        assert gzip.decompress(kept.content) == plain.content
        assert (
            int(plain.headers["content-length"]) == len(plain.content) == sizes[f"dataset.{name}"]
        )
        assert kept.headers["digest"] == "sha-256=" + hashlib.sha256(kept.content).hexdigest()
        head = client.head(f"/dumps/dataset.{name}")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == plain.headers["content-length"]


def test_a_dump_is_sent_in_the_byte_range_asked_for(client: TestClient) -> None:
    whole = client.get("/dumps/dataset.nq.gz")
    size = len(whole.content)
    assert whole.headers["accept-ranges"] == "bytes" and size > 1000

    part = client.get("/dumps/dataset.nq.gz", headers={"Range": "bytes=100-599"})
    assert part.status_code == 206 and part.content == whole.content[100:600]
    assert part.headers["content-range"] == f"bytes 100-599/{size}"
    rest = client.get("/dumps/dataset.nq.gz", headers={"Range": "bytes=600-"})
    assert whole.content[:100] + part.content + rest.content == whole.content
    tail = client.get("/dumps/dataset.nq.gz", headers={"Range": "bytes=-10"})
    assert tail.content == whole.content[-10:]
    # Resuming a copy of another version sends the whole file; a range past the end: 416.
    stale = {"Range": "bytes=100-", "If-Range": '"older"'}
    assert client.get("/dumps/dataset.nq.gz", headers=stale).status_code == 200
    current = {"Range": "bytes=100-", "If-Range": whole.headers["etag"]}
    assert client.get("/dumps/dataset.nq.gz", headers=current).content == whole.content[100:]
    past = client.get("/dumps/dataset.nq.gz", headers={"Range": f"bytes={size}-"})
    assert past.status_code == 416 and past.headers["content-range"] == f"bytes */{size}"
    head = client.head("/dumps/dataset.nq.gz", headers={"Range": "bytes=0-9"})
    assert head.status_code == 206 and head.headers["content-length"] == "10"


def test_a_document_comes_with_its_named_graph_as_n_quads_and_trig(client: TestClient) -> None:
    quads = client.get("/text/wcda-208256.nq")
    assert quads.status_code == 200 and quads.headers["content-type"] == "application/n-quads"
    graphs = {line.rsplit(" ", 2)[-2] for line in quads.text.strip().splitlines()}
    assert graphs == {f"<{BASE}graph/text/wcda-208256>"}
    assert "prov#wasGeneratedBy" in quads.text
    trig = client.get("/text/wcda-208256", headers={"Accept": "application/trig"})
    assert trig.status_code == 200 and "graph/text/wcda-208256" in trig.text
    # A node that lives inside a document's graph has no graph of its own to offer.
    assert client.get("/object/rgaspi-f558-op11-d333-ll49-51.nq").status_code == 406
    assert ".nq" not in client.get("/object/rgaspi-f558-op11-d333-ll49-51").text
