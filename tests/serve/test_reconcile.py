"""The W3C Reconciliation Service API over the published cable, as OpenRefine calls it."""

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import BASE
from tests.serve.conftest import published_cable


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with published_cable(tmp_path_factory.mktemp("reconcile"), query_workers=1) as client:
        yield client


def test_the_manifest_declares_version_0_2_types_and_services(client: TestClient) -> None:
    manifest = client.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == BASE
    assert {t["id"] for t in manifest["defaultTypes"]} == {"person", "organization", "place"}
    assert manifest["view"]["url"].endswith("/{{id}}")
    assert manifest["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"


def test_a_batch_query_for_molotov_of_type_person_matches_molotov(client: TestClient) -> None:
    queries = {"q0": {"query": "Molotov", "type": "person"}, "q1": {"query": "Peking"}}
    response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200
    answers = response.json()
    best = answers["q0"]["result"][0]
    assert (best["id"], best["name"], best["match"]) == (
        "person/molotov",
        "Vyacheslav Molotov",
        True,
    )
    assert best["type"] == [{"id": "person", "name": "Person"}]
    assert answers["q1"]["result"][0]["id"] == "place/beijing"


def test_identifier_properties_confirm_or_contradict(client: TestClient) -> None:
    def score(qid: str) -> float:
        query = {"q": {"query": "Stalin", "properties": [{"pid": "wikidata", "v": qid}]}}
        result = client.get("/reconcile", params={"queries": json.dumps(query)}).json()
        return next(r["score"] for r in result["q"]["result"] if r["id"] == "person/stalin")

    assert score("Q855") > score("Q1")


def test_a_name_two_candidates_share_is_not_a_match(client: TestClient) -> None:
    query = {"q": {"query": "Korea", "type": "place", "limit": 3}}
    results = client.get("/reconcile", params={"queries": json.dumps(query)}).json()["q"]["result"]
    assert [r["match"] for r in results if r["match"]] in ([], [True])
    assert results[0]["id"] in ("place/korea", "place/korean-peninsula")


def test_jsonp_callback_and_single_query(client: TestClient) -> None:
    response = client.get(
        "/reconcile", params={"queries": json.dumps({"q": {"query": "Mao"}}), "callback": "cb"}
    )
    assert response.text.startswith("cb(") and "mao-zedong" in response.text
    single = client.get("/reconcile", params={"query": "Syngman Rhee"}).json()
    assert single["result"][0]["id"] == "person/syngman-rhee"


def test_suggest_and_preview(client: TestClient) -> None:
    found = client.get("/reconcile/suggest/entity", params={"prefix": "Malen"}).json()["result"]
    assert found[0]["id"] == "person/malenkov"
    preview = client.get("/reconcile/preview", params={"id": "person/stalin"})
    assert preview.status_code == 200 and "http://www.wikidata.org/entity/Q855" in preview.text
    assert client.get("/reconcile/preview", params={"id": "person/nobody"}).status_code == 404
    types = client.get("/reconcile/suggest/type", params={"prefix": "pl"}).json()["result"]
    assert types == [{"id": "place", "name": "Place"}]


@pytest.mark.parametrize(
    "params",
    [
        {"queries": "{not json"},
        {"queries": "[1, 2]"},
        {"queries": json.dumps({"q": "Molotov"})},
        {"queries": json.dumps({"q": {"query": "x", "properties": "wikidata"}})},
        {"queries": json.dumps({"q": {"query": "x"}}), "callback": "alert(1)//"},
    ],
)
def test_bad_requests_are_400_with_a_reason(client: TestClient, params: dict) -> None:
    response = client.get("/reconcile", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error"]


def test_a_pseudonym_finds_its_person_described_with_documents_and_records(
    client: TestClient,
) -> None:
    query = {"q": {"query": "Filippov", "type": "person"}}
    best = client.get("/reconcile", params={"queries": json.dumps(query)}).json()["q"]["result"][0]
    assert (best["id"], best["score"]) == ("person/stalin", 95.0)  # another of his names
    assert best["description"].startswith("Person; named in 1 document; ")
    assert "http://www.wikidata.org/entity/Q855" in best["description"]
