"""The guard refuses what must never reach the engine."""

import pytest

from fonds.errors import QueryRefused, QueryRejected, QueryTooLarge
from fonds.sparql.guard import check_query


def check(text: str):
    return check_query(text, max_bytes=65536, max_depth=64)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { BIND(<http://x/> AS ?u) SERVICE ?u { ?s ?p ?o } }",
        "SELECT * { OPTIONAL { FILTER EXISTS { SeRvIcE <http://x/> {} } } }",
        "SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * { SERVICE<http://x/>{} }",
    ],
)
def test_service_is_refused_in_every_spelling(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE"):
        check(query)


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://x/>",
        "DROP ALL",
    ],
)
def test_updates_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused, match="read-only"):
        check(query)


def test_keywords_inside_strings_iris_comments_and_names_are_not_keywords() -> None:
    query = """PREFIX service: <http://example.org/service#>
    SELECT ?service WHERE { ?service service:name "SERVICE" ; <http://x/SERVICE> '''INSERT''' } # SERVICE"""
    assert check(query).form == "SELECT"


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("ASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("BASE <http://x/> PREFIX : <a:> DESCRIBE :x", "DESCRIBE"),
    ],
)
def test_query_forms(query: str, form: str) -> None:
    assert check(query).form == form


def test_nesting_is_limited_before_the_engine_can_crash() -> None:
    assert check("SELECT * " + "{" * 64 + "}" * 64).form == "SELECT"
    with pytest.raises(QueryRejected, match="nested deeper than 64"):
        check("SELECT * " + "{" * 2500 + "}" * 2500)
    with pytest.raises(QueryRejected, match="nested deeper"):
        check("SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }")


def test_size_is_limited_with_the_limit_in_the_message() -> None:
    query = "SELECT * { ?s ?p ?o } #" + "x" * 70000
    with pytest.raises(QueryTooLarge, match="the limit is 65536 bytes"):
        check(query)


def test_not_a_query() -> None:
    with pytest.raises(QueryRejected, match="not a SPARQL query"):
        check("hello world")
