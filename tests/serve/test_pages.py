"""The pages a historian reads: home, browsing, search, a document, a person, a place."""

import csv
import io
import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from fonds.pipeline import Pipeline
from fonds.serve import create_app, pages, views
from fonds.serve.describe import describe
from fonds.serve.labels import Labeler
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE, write_record
from tests.serve.conftest import published_cable

MOLOTOV = BASE + "person/molotov"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
XSD_DT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with published_cable(tmp_path_factory.mktemp("pages"), query_workers=1) as client:
        yield client


def test_the_home_page_says_what_the_dataset_is_with_counts(client: TestClient) -> None:
    html = client.get("/").text
    assert "1 document ·" in html and "13 people" in html
    assert 'action="/documents"' in html and 'href="/queries"' in html
    assert "Vyacheslav Molotov" in html  # a facet value, linked
    assert ">Cable Telegram no. 59363 from Kovalev to Stalin" in html  # from the catalogue


def test_search_finds_the_cable_with_a_snippet(client: TestClient) -> None:
    html = client.get("/documents", params={"q": "Molotov"}).text
    assert "1 document" in html and "Cable Telegram no. 59363" in html
    assert "[Molotov]" in html
    assert "0 documents" in client.get("/documents", params={"q": "zanzibar"}).text


def test_a_facet_narrows_the_list_and_shows_its_sparql(client: TestClient) -> None:
    listing = client.get("/documents", params={"person": MOLOTOV, "format": "json"}).json()
    assert listing["total"] == 1
    assert f"<{MOLOTOV}>" in listing["sparql"]
    # The SPARQL twin returns the same documents.
    answer = client.get(
        "/sparql",
        params={"query": listing["sparql"]},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    assert [b["document"]["value"] for b in answer["results"]["bindings"]] == [
        d["iri"] for d in listing["documents"]
    ]
    assert client.get("/documents", params={"year": "1950", "format": "json"}).json()["total"] == 0


def test_a_chosen_facet_links_back_to_the_list_without_it(client: TestClient) -> None:
    html = client.get("/documents", params={"year": "1949", "person": MOLOTOV}).text

    without_year = "?" + urlencode({"person": MOLOTOV})
    assert f'<a href="{escape(without_year)}" aria-label="Remove Year filter">' in html
    assert '<a href="?year=1949" aria-label="Remove People filter">' in html


def test_the_list_as_csv(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/documents?format=csv").text)))
    assert [r["date"] for r in rows] == ["1949-10-23"]


def test_the_document_page_highlights_names_and_tells_its_life(client: TestClient) -> None:
    html = client.get("/text/wcda-208256").text
    assert (
        '<mark class="mention"><a href="/person/syngman-rhee" title="Syngman Rhee">SYNGMAN RHEE</a></mark>'
        in html
    )
    assert re.search(
        r"Decipherment</strong> <span class=\"note\">0840 24 October</span> · Finenko", html
    )
    assert (
        '<nav class="breadcrumb"' in html
        and '<a href="/set/rgaspi-f558-op11-d333">d. 333</a>' in html
    )
    assert (
        "conforms to Fonds&#39;s SHACL shapes" in html or "conforms to Fonds's SHACL shapes" in html
    )
    assert 'href="?format=ris"' in html


def test_a_timeline_reads_the_same_whatever_order_the_store_gives_a_day_in() -> None:
    store, doc = ox.Store(), BASE + "text/d"

    def add(s: str, p: str, o: str | ox.Literal) -> None:
        value = o if isinstance(o, ox.Literal) else ox.NamedNode(o)
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(CRM + p), value, ox.NamedNode(doc + "g")))

    add(doc, "P165_incorporates", doc + "/message-1")
    links = [(doc, "P94i_was_created_by"), (doc + "/message-1", "P94i_was_created_by")]
    for n, (holder, link) in enumerate([*links, (doc, "P70_documents")]):
        event, span = f"{holder}#event-{n}", f"{holder}#span-{n}"
        add(holder, link, event)
        add(event, "P4_has_time-span", span)
        add(span, "P82a_begin_of_the_begin", ox.Literal("1949-10-23T00:00:00", datatype=XSD_DT))
        store.add(ox.Quad(ox.NamedNode(span), RDFS_LABEL, ox.Literal("23 October 1949")))
        for person in ("molotov", "stalin", "malenkov"):
            add(event, "P14_carried_out_by", BASE + "person/" + person)

    # One day's events, and each one's people, come back from a query in any order.
    timelines = {repr(views.timeline(store, doc, Labeler(store, BASE))) for _ in range(40)}

    assert len(timelines) == 1
    assert [e.what for e in views.timeline(store, doc, Labeler(store, BASE))] == [
        "Message written",
        "Written",
        "Written",
    ]


@pytest.mark.parametrize(
    ("format", "media", "expected"),
    [
        ("ris", "application/x-research-info-systems", "TY  - MANSCPT"),
        ("bibtex", "application/x-bibtex", "@misc{cable1949,"),
        ("csl", "application/vnd.citationstyles.csl+json", '"type": "manuscript"'),
    ],
)
def test_citations_for_reference_managers(
    client: TestClient, format: str, media: str, expected: str
) -> None:
    response = client.get("/text/wcda-208256", params={"format": format})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert expected in response.text
    if format == "csl":
        (item,) = json.loads(response.text)
        assert item["issued"] == {"date-parts": [[1949, 10, 23]]}


def test_a_person_page_shows_names_links_with_provenance_and_documents(client: TestClient) -> None:
    html = client.get("/person/stalin").text
    assert "Filippov" in html and "pseudonym" in html
    assert (
        'href="http://www.wikidata.org/entity/Q855"' in html and "Curated authority index" in html
    )
    assert "Documents that name this person (1)" in html


def test_a_place_page_has_a_map_drawn_from_the_data(client: TestClient) -> None:
    html = client.get("/place/seoul").text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "Map: Seoul at 37.57°N 126.98°E" in html


def test_pages_have_landmarks_and_a_skip_link(client: TestClient) -> None:
    for path in ("/", "/documents", "/text/wcda-208256", "/person/molotov"):
        html = client.get(path).text
        assert '<main id="main">' in html and 'href="#main"' in html
        assert '<nav aria-label="Main">' in html and 'name="viewport"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/documents?year=abc&page=-3",
        "/documents?page=999999",
        "/documents?page=99999999999999999999",
        "/documents?year=99999999999999999999",
        "/documents?year=%C2%B2",
        "/documents?format=xml",
        "/documents?q=%22%22%22*()",
        "/documents?q=" + "x" * 5000,
        "/documents?person=not-an-iri&type=%00",
        "/search?q=%FF",
        "/person/molotov?page=0",
        "/person/molotov?page=abc",
        "/person/molotov?page=-99999999999999999999",
        "/text/wcda-208256?format=nonsense",
        "/text/nothing?format=ris",
        "/queries/..%2F..%2Fetc%2Fpasswd.rq",
        "/sparql/editor?query=%3Cscript%3Ealert(1)%3C/script%3E",
        "/reconcile/preview?id=%3Cb%3E",
        "/reconcile/suggest/entity?prefix=&cursor=-5",
        "/static/../src/fonds/settings.py",
        "/.well-known/void?x=1",
        "/dumps/..%2Fmanifest.json",
    ],
)
def test_bad_requests_never_get_a_500(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code, response.text[:200])
    assert "<script>alert(1)</script>" not in response.text


def test_a_page_out_of_range_is_refused_with_the_range(client: TestClient) -> None:
    for path in ("/documents?page=0", "/person/molotov?page=99999999999999999999"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert response.json()["details"][0]["loc"] == ["query", "page"]


def test_a_year_that_is_not_a_year_is_ignored(client: TestClient) -> None:
    everything = client.get("/documents?format=json").json()
    for year in ("99999999999999999999", "%C2%B2", "19491"):
        assert client.get(f"/documents?format=json&year={year}").json() == everything


def test_a_browser_is_told_what_is_wrong_on_an_error_page(client: TestClient) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    response = client.get("/documents?page=0", headers=browser)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "page: Input should be greater than or equal to 1" in response.text
    assert client.get("/documents?page=0").headers["content-type"] == "application/problem+json"


def test_a_name_many_documents_write_lists_a_few_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SHOWN_DOCUMENTS", 2)
    monkeypatch.setattr(pages, "SHOWN_VALUES", 2)
    folder = tmp_path / "records"
    folder.mkdir()
    text = CABLE.read_text(encoding="utf-8")
    for number in (208256, 208257, 208258):
        write_record(folder, f"wcda-{number}.txt", text.replace("208256", str(number)))
    config = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(config.store)
    Pipeline(config).ingest([folder], store)

    with TestClient(create_app(config, store)) as client:
        html = client.get("/person/molotov").text

    link = r"<a href=\"/text/wcda-\d+\">[^<]+</a>"
    assert re.search(
        rf"Molotov <span class=\"note\">[^<]*</span> · written so in {link}, {link} and 1 more</li>",
        html,
    )
    assert "and 1 more: see the data downloads above" in html


def test_an_entity_s_names_are_read_from_its_description() -> None:
    node, entity = ox.NamedNode, BASE + "person/skryabin"
    name = node(entity + "#name-molotov")
    store = ox.Store()
    for subject, predicate, value in (
        (node(entity), node(CRM + "P1_is_identified_by"), name),
        (name, node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), views.APPELLATION),
        (name, views.P190, ox.Literal("Molotov")),
        (name, views.P70I, node(BASE + "text/wcda-1")),
        (name, views.P70I, node(BASE + "text/wcda-2")),
    ):
        store.add(ox.Quad(subject, predicate, value, node(BASE + "graph/text/wcda-1")))
    description = describe(store, entity)

    found = views.names(ox.Store(), description, Labeler(store, BASE))  # nothing left to ask

    assert [(n.text, n.documents) for n in found] == [("Molotov", 2)]


def test_a_breadcrumb_climbs_from_each_file_to_its_archive() -> None:
    store, rico = ox.Store(), "https://www.ica.org/standards/RiC/ontology#"
    document = BASE + "text/wcda-1"
    graph = ox.NamedNode(BASE + "graph/text/wcda-1")
    included, held = ox.NamedNode(rico + "isOrWasIncludedIn"), ox.NamedNode(rico + "hasOrHadHolder")
    for subject, predicate, value in (
        (document, included, "set/rgaspi-f558-op11-d333"),
        (document, included, "set/loose-papers"),  # no fond, no archive: a trail of itself
        ("set/rgaspi-f558-op11-d333", included, "set/rgaspi-f558-op11"),
        ("set/rgaspi-f558-op11", included, "set/rgaspi-f558"),
        ("set/rgaspi-f558", held, "group/rgaspi"),
    ):
        subject = subject if subject.startswith("http") else BASE + subject
        store.add(ox.Quad(ox.NamedNode(subject), predicate, ox.NamedNode(BASE + value), graph))
    for iri, text in (
        ("group/rgaspi", "RGASPI"),
        ("set/rgaspi-f558", "RGASPI, f. 558"),
        ("set/rgaspi-f558-op11", "RGASPI, f. 558, op. 11"),
        ("set/rgaspi-f558-op11-d333", "RGASPI, f. 558, op. 11, d. 333"),
    ):
        store.add(ox.Quad(ox.NamedNode(BASE + iri), RDFS_LABEL, ox.Literal(text), graph))

    trails = views.breadcrumb(store, document, Labeler(store, BASE))

    assert trails == [
        [("set/loose-papers", "/set/loose-papers")],
        [
            ("RGASPI", "/group/rgaspi"),
            ("f. 558", "/set/rgaspi-f558"),
            ("op. 11", "/set/rgaspi-f558-op11"),
            ("d. 333", "/set/rgaspi-f558-op11-d333"),
        ],
    ]
