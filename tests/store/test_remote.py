"""The remote store on a bad day: lost answers, a store that goes away, wrong credentials."""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote_plus

import pyoxigraph as ox
import pytest

from fonds.errors import SettingsError, StoreError
from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import Store, open_store, parts, staging
from tests.conftest import CABLE, FIXED_NOW, free_port, remote_settings, write_record
from tests.engines import Engine
from tests.faults import every, faulty_proxy

BASE = "http://remote.example.org/"


def graph(name: str) -> str:
    return f"{BASE}graph/{name}"


def quads(name: str, version: str, count: int = 20) -> list[ox.Quad]:
    return [
        ox.Quad(
            ox.NamedNode(f"{BASE}{name}/{n}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(f"{version} {n}"),
            ox.NamedNode(graph(name)),
        )
        for n in range(count)
    ]


def contents(store: Store) -> set[ox.Quad]:
    return set(store.snapshot().quads_for_pattern(None, None, None, None))


def ledger(store: Store) -> list[str]:
    """The batches the staging ledger names."""
    query = f"SELECT ?batch WHERE {{ GRAPH <{staging.LEDGER}> {{ ?batch ?p ?n }} }}"
    return [row["batch"].value for row in store.snapshot().query(query)]  # type: ignore[union-attr]


def through(engine: Engine, rewrite: object) -> Engine:
    """The same engine, reached through the proxy."""
    return Engine(
        engine.name,
        rewrite(engine.query_url),  # type: ignore[operator]
        rewrite(engine.update_url),  # type: ignore[operator]
        rewrite(engine.store_url) if engine.store_url else None,  # type: ignore[operator]
        engine.user,
        engine.password,
    )


@pytest.fixture
def direct(oxigraph_engine: Engine, tmp_path: Path) -> Settings:
    """Settings for a fresh dataset on the shared Oxigraph server (cleared first)."""
    settings = remote_settings(
        oxigraph_engine, tmp_path / "direct", BASE, sparql_chunk_bytes=10_000
    )
    store = open_store(settings.store, settings)
    with store.batch() as batch:
        for name in store.snapshot().graph_names():
            batch.remove(name)
    return settings


def test_lost_answers_are_retried_and_the_batch_lands_whole(
    oxigraph_engine: Engine, direct: Settings, tmp_path: Path
) -> None:
    with faulty_proxy(oxigraph_engine.query_url, every(3, "cut")) as rewrite:
        settings = remote_settings(
            through(oxigraph_engine, rewrite), tmp_path, BASE, sparql_chunk_bytes=10_000
        )
        store = open_store(settings.store, settings)
        with store.batch() as batch:
            for n in range(12):
                batch.replace(graph(f"doc{n}"), quads(f"doc{n}", "v1"))

    expected = {q for n in range(12) for q in quads(f"doc{n}", "v1")}
    assert contents(open_store(direct.store, direct)) == expected


def test_a_store_that_goes_away_mid_batch_keeps_every_document_whole(
    oxigraph_engine: Engine, direct: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(direct.store, direct)
    with store.batch() as batch:
        for n in range(6):
            batch.replace(graph(f"doc{n}"), quads(f"doc{n}", "old"))
    monkeypatch.setattr(staging, "MOVES_PER_REQUEST", 1)  # one document per request
    moves = 0
    lock = threading.Lock()

    def die_after_three_moves(request: bytes) -> str:
        nonlocal moves
        with lock:
            if b"MOVE" in request:
                moves += 1
            return "refuse" if moves > 3 else "pass"

    with faulty_proxy(oxigraph_engine.query_url, die_after_three_moves) as rewrite:
        settings = remote_settings(
            through(oxigraph_engine, rewrite), tmp_path, BASE, sparql_retries=2
        )
        flaky = open_store(settings.store, settings)
        with (
            pytest.raises(StoreError, match="cannot reach the SPARQL service"),
            flaky.batch() as batch,
        ):
            for n in range(6):
                batch.replace(graph(f"doc{n}"), quads(f"doc{n}", "new"))

    after = contents(store)
    versions = []
    for n in range(6):
        held = {q for q in after if q.graph_name.value == graph(f"doc{n}")}
        assert held in (set(quads(f"doc{n}", "old")), set(quads(f"doc{n}", "new")))
        versions.append("new" if held == set(quads(f"doc{n}", "new")) else "old")
    assert versions == ["new"] * 3 + ["old"] * 3


def test_what_a_failed_batch_staged_is_dropped_by_a_later_one(
    oxigraph_engine: Engine, direct: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged = 0

    def die_after_two_graphs(request: bytes) -> str:
        nonlocal staged
        staged += request.startswith(b"PUT ")
        return "refuse" if staged > 2 else "pass"

    with faulty_proxy(oxigraph_engine.query_url, die_after_two_graphs) as rewrite:
        settings = remote_settings(
            through(oxigraph_engine, rewrite), tmp_path, BASE, sparql_retries=1
        )
        with pytest.raises(StoreError), open_store(settings.store, settings).batch() as batch:
            for n in range(5):
                batch.replace(graph(f"doc{n}"), quads(f"doc{n}", "lost"))
    store = open_store(direct.store, direct)
    assert store.snapshot().graph_names(staging.STAGING)  # left behind: the store was gone
    assert contents(store) == set()

    monkeypatch.setattr(staging, "STAGING_EXPIRY", -1.0)
    with store.batch() as batch:
        batch.replace(graph("doc0"), quads("doc0", "next"))

    assert store.snapshot().graph_names(staging.STAGING) == []
    assert ledger(store) == []
    assert contents(store) == set(quads("doc0", "next"))


def test_a_later_batch_finds_what_a_failed_one_staged_without_listing_the_store(
    oxigraph_engine: Engine, direct: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(direct.store, direct)
    left_before = set(store.snapshot().graph_names(staging.STAGING)), set(ledger(store))
    monkeypatch.setattr(staging.StagedWrites, "discard", lambda self: None)  # as in a crash
    with pytest.raises(RuntimeError), store.batch() as batch:
        batch.replace(graph("doc"), quads("doc", "lost"))
        raise RuntimeError("the process dies before it can clean up")
    monkeypatch.undo()
    assert len(set(store.snapshot().graph_names(staging.STAGING)) - left_before[0]) == 1
    assert len(set(ledger(store)) - left_before[1]) == 1
    asked: list[bytes] = []

    def watch(request: bytes) -> str:
        asked.append(request)
        return "pass"

    monkeypatch.setattr(staging, "STAGING_EXPIRY", -1.0)
    with faulty_proxy(oxigraph_engine.query_url, watch) as rewrite:
        settings = remote_settings(through(oxigraph_engine, rewrite), tmp_path, BASE)
        with open_store(settings.store, settings).batch() as batch:
            batch.replace(graph("doc"), quads("doc", "next"))

    assert store.snapshot().graph_names(staging.STAGING) == []
    assert ledger(store) == []
    # Listing the graphs would read every statement of the store; the ledger named them.
    listing = f"STRSTARTS(STR(?g), {ox.Literal(staging.STAGING)})"
    assert not any(listing in unquote_plus(request.decode("latin-1")) for request in asked)


def test_a_batch_is_published_when_only_its_clean_up_fails(
    oxigraph_engine: Engine, direct: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lose_the_clean_up(request: bytes) -> str:
        return "refuse" if b"DELETE WHERE" in request else "pass"

    with faulty_proxy(oxigraph_engine.query_url, lose_the_clean_up) as rewrite:
        settings = remote_settings(
            through(oxigraph_engine, rewrite), tmp_path, BASE, sparql_retries=1
        )
        with open_store(settings.store, settings).batch() as batch:
            batch.replace(graph("doc"), quads("doc", "published"))
    store = open_store(direct.store, direct)
    assert set(quads("doc", "published")) <= contents(store)
    assert ledger(store)  # left for a later batch

    monkeypatch.setattr(staging, "STAGING_EXPIRY", -1.0)
    with store.batch() as batch:
        batch.replace(graph("other"), quads("other", "new"))

    assert ledger(store) == []


def test_a_ledger_entry_that_names_no_staging_batch_drops_nothing(
    direct: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(direct.store, direct)
    with store.batch() as batch:
        batch.replace(graph("doc0"), quads("doc0", "kept"))
    entry = f"<{graph('doc')}> <{staging.STAGED_UP_TO}> 10"  # would name graph/doc0 … doc9
    store.endpoint.update(f"INSERT DATA {{ GRAPH <{staging.LEDGER}> {{ {entry} }} }}")

    monkeypatch.setattr(staging, "STAGING_EXPIRY", -1.0)
    with store.batch() as batch:
        batch.replace(graph("other"), quads("other", "new"))

    assert contents(store) == set(quads("doc0", "kept")) | set(quads("other", "new"))
    assert ledger(store) == []


def test_an_unreachable_store_is_an_error_that_says_where(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    settings = Settings(store=url, sparql_cache=tmp_path / "cache", sparql_retries=1)

    with pytest.raises(StoreError, match=r"127\.0\.0\.1:\d+/sparql: cannot reach"):
        open_store(settings.store, settings).triple_count()


@pytest.mark.parametrize(
    ("setting", "url", "said"),
    [
        (
            "store",
            "http://[::1/sparql",
            "the store (--store or FONDS_STORE): 'http://[::1/sparql' is not a valid URL",
        ),
        ("store", "http://127.0.0.1:99999/sparql", "Port out of range"),
        ("store", "http:///sparql", "is not an http(s) URL with a host"),
        ("sparql_update_url", "http://[x/update", "FONDS_SPARQL_UPDATE_URL: 'http://[x/update'"),
        ("sparql_store_url", "ftp://example.org/", "FONDS_SPARQL_STORE_URL: 'ftp://example.org/'"),
    ],
)
def test_an_endpoint_url_that_is_not_one_is_refused_with_its_setting(
    tmp_path: Path, setting: str, url: str, said: str
) -> None:
    values = {"store": "http://127.0.0.1:1/sparql", setting: url}
    settings = Settings(**values, sparql_cache=tmp_path / "cache")

    with pytest.raises(SettingsError, match=re.escape(said)):
        open_store(settings.store, settings)


def test_wrong_credentials_are_refused_with_the_setting_to_fix(
    virtuoso_engine: Engine, tmp_path: Path
) -> None:
    settings = remote_settings(virtuoso_engine, tmp_path, BASE, sparql_password="wrong")

    with (
        pytest.raises(StoreError, match=r"refused the credentials .*FONDS_SPARQL_PASSWORD"),
        open_store(settings.store, settings).batch() as batch,
    ):
        batch.replace(graph("doc"), quads("doc", "x"))


def test_a_batch_leaves_no_staging_graph_behind(direct: Settings) -> None:
    store = open_store(direct.store, direct)
    with store.batch() as batch:
        batch.replace(graph("doc"), quads("doc", "first"))
        batch.replace(graph("doc"), quads("doc", "second"))
        batch.replace(graph("other"), quads("other", "kept"))

    assert store.snapshot().graph_names(staging.STAGING) == []
    assert ledger(store) == []
    assert contents(store) == set(quads("doc", "second")) | set(quads("other", "kept"))


def test_a_small_batch_sends_and_fetches_only_the_graphs_it_changed(direct: Settings) -> None:
    store = open_store(direct.store, direct)
    with store.batch() as batch:
        for name in ("a", "b", "c"):
            batch.replace(graph(name), quads(name, "first"))
    first = store.dumps_dir()

    with store.batch() as again:
        again.replace(graph("a"), quads("a", "second"))
        again.replace(graph("b"), quads("b", "first"))  # as it is: not sent
    second = store.dumps_dir()

    assert set(again.targets) == {graph("a")}
    assert contents(store) == set(quads("a", "second") + quads("b", "first") + quads("c", "first"))
    split = parts.read_index(first / "parts")
    part = split.part_of(graph("c"))
    assert part != split.part_of(graph("a"))  # apart from the changed graph's
    assert os.path.samefile(*(parts.path(f / "parts", part, "nq") for f in (first, second)))
    store.refresh()  # everything fetched again: the same dumps
    assert (
        json.loads((store.dumps_dir() / "manifest.json").read_text())["files"]
        == json.loads((second / "manifest.json").read_text())["files"]
    )


def test_a_re_run_reads_the_names_it_shares_from_its_local_copy_not_the_store(
    oxigraph_engine: Engine, direct: Settings, tmp_path: Path
) -> None:
    text = CABLE.read_text(encoding="utf-8")
    record = write_record(tmp_path, CABLE.name, text)
    Pipeline(direct, clock=lambda: FIXED_NOW).ingest([record], open_store(direct.store, direct))
    record.write_text(text.replace("Five copies", "Six copies"), encoding="utf-8")
    asked: list[bytes] = []

    def watch(request: bytes) -> str:
        asked.append(request)
        return "pass"

    with faulty_proxy(oxigraph_engine.query_url, watch) as rewrite:
        settings = remote_settings(through(oxigraph_engine, rewrite), tmp_path / "direct", BASE)
        later = Pipeline(settings, clock=lambda: FIXED_NOW + timedelta(days=1))
        report = later.ingest([record], open_store(settings.store, settings))

    assert report.stored == 1
    molotov = f"{BASE}graph/person/molotov"
    times = (
        open_store(direct.store, direct)
        .snapshot()
        .query(
            f"SELECT ?t {{ GRAPH <{molotov}> {{ ?link <http://purl.org/dc/terms/created> ?t }} }}"
        )
    )
    assert {row["t"].value for row in times} == {"2026-01-02T03:04:05Z"}  # made first then
    assert not any(f"<{molotov}>" in unquote_plus(r.decode("latin-1")) for r in asked)


def test_a_statement_many_graphs_make_comes_back_once_for_its_subject(direct: Settings) -> None:
    store = open_store(direct.store, direct)
    name = ox.NamedNode(f"{BASE}person/molotov#name-molotov")
    stated = ox.Triple(name, ox.NamedNode("http://example.org/p"), ox.Literal("Molotov"))
    with store.batch() as batch:
        for document in ("a", "b", "c"):  # each document that writes the name states it
            place = ox.NamedNode(graph(document))
            batch.replace(
                place.value, [ox.Quad(stated.subject, stated.predicate, stated.object, place)]
            )

    assert list(store.snapshot().triples_for_subjects([name])) == [stated]


def test_a_subject_s_fragments_come_with_it_when_asked_for(direct: Settings) -> None:
    store = open_store(direct.store, direct)
    cable, p = f"{BASE}text/cable", ox.NamedNode("http://example.org/p")
    statements = [
        ox.Triple(ox.NamedNode(cable), p, ox.NamedNode(cable + "#creation")),
        ox.Triple(ox.NamedNode(cable), p, ox.NamedNode(f"{BASE}person/molotov")),
        ox.Triple(ox.NamedNode(cable + "#creation"), p, ox.NamedNode(cable + "#creation-span")),
        ox.Triple(ox.NamedNode(f"{BASE}person/molotov"), p, ox.Literal("not a fragment")),
        ox.Triple(ox.NamedNode(cable + "#creation-span"), p, ox.Literal("a level further")),
    ]
    with store.batch() as batch:
        place = ox.NamedNode(graph("cable"))
        batch.replace(
            place.value, [ox.Quad(t.subject, t.predicate, t.object, place) for t in statements]
        )

    found = store.snapshot().triples_for_subjects([ox.NamedNode(cable)], and_fragments=cable + "#")

    assert sorted(found, key=str) == sorted(statements[:3], key=str)
