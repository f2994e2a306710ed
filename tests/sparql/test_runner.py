"""Query processes: a runaway query is killed, a crashing one takes only its worker."""

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from fonds.errors import QueryCrashed, QuerySyntaxError, QueryTimeout
from fonds.sparql.runner import QueryRunner
from fonds.store.oxigraph import OxigraphStore

G = "http://example.org/g"
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("runner") / "store")
    with store.batch() as batch:
        batch.replace(
            G,
            [
                ox.Quad(
                    ox.NamedNode(f"http://example.org/s{i}"),
                    ox.NamedNode("http://example.org/p"),
                    ox.Literal(str(i)),
                    ox.NamedNode(G),
                )
                for i in range(100)
            ],
        )
    return store


@pytest.fixture(scope="module")
def runner():
    runner = QueryRunner(workers=1, timeout=1.5, memory_mb=2048)
    runner.start()
    yield runner
    runner.close()


def run(runner: QueryRunner, store: OxigraphStore, query: str, media: str = "text/csv") -> bytes:
    return runner.run(store.location(), store.snapshot(), query, media)


def test_answers_in_the_requested_format(runner: QueryRunner, store: OxigraphStore) -> None:
    assert run(runner, store, COUNT) == b"n\r\n100\r\n"


def test_a_runaway_query_is_stopped_and_the_next_one_is_answered(
    runner: QueryRunner, store: OxigraphStore
) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"longer than 1\.5 s"):
        run(runner, store, RUNAWAY)
    assert time.monotonic() - started < 5
    assert run(runner, store, COUNT) == b"n\r\n100\r\n"


def test_a_query_that_crashes_the_engine_only_kills_its_worker(
    runner: QueryRunner, store: OxigraphStore
) -> None:
    # Past the guard's limit pyoxigraph overflows its stack; here the runner is called
    # directly to prove that even an unguarded crash leaves the service answering.
    deep = "SELECT * " + "{" * 20000 + "}" * 20000
    with pytest.raises(QueryCrashed):
        run(runner, store, deep)
    assert run(runner, store, COUNT) == b"n\r\n100\r\n"


def test_syntax_errors_come_back_with_the_parser_message(
    runner: QueryRunner, store: OxigraphStore
) -> None:
    with pytest.raises(QuerySyntaxError, match="error at 1:"):
        run(runner, store, "SELECT * {")


def test_an_empty_store_is_queried_in_process(tmp_path: Path) -> None:
    empty = OxigraphStore(tmp_path / "empty")
    runner = QueryRunner(workers=1)
    assert runner.run(empty.location(), empty.snapshot(), COUNT, "text/csv") == b"n\r\n0\r\n"


def test_a_worker_left_holding_too_much_memory_answers_and_is_replaced(
    store: OxigraphStore,
) -> None:
    runner = QueryRunner(workers=1, timeout=10, memory_mb=2048, retire_mb=1)
    runner.start()
    try:
        first = runner._all[0].process.pid
        assert run(runner, store, COUNT) == b"n\r\n100\r\n"
        assert runner._all[0].process.pid != first
        assert run(runner, store, COUNT) == b"n\r\n100\r\n"
    finally:
        runner.close()
