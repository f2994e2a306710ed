"""Rendered pages are kept per published version, and a new version is never served stale."""

from pathlib import Path

import pyoxigraph as ox
from fastapi.testclient import TestClient

from fonds.pipeline import Pipeline
from fonds.serve import create_app
from fonds.serve.cache import Cached, ResponseCache, VersionLabels
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE, write_record


def cached(size: int) -> Cached:
    return Cached(b"x" * size, "text/plain", {})


def test_the_least_recently_used_pages_go_first_when_space_runs_out() -> None:
    cache = ResponseCache(max_bytes=100)
    for key in "ab":
        cache.put((key,), cached(25))
    cache.get(("a",))
    for key in "cde":
        cache.put((key,), cached(20 if key == "e" else 25))

    assert cache.get(("b",)) is None
    assert [cache.get((k,)) is not None for k in "acde"] == [True] * 4


def test_a_page_larger_than_a_quarter_of_the_cache_is_not_kept() -> None:
    cache = ResponseCache(max_bytes=100)
    cache.put(("big",), cached(26))

    assert cache.get(("big",)) is None


def test_a_page_is_rendered_once_per_published_version(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE, query_workers=1)
    store = open_store(settings.store, settings)
    folder = tmp_path / "records"
    folder.mkdir()
    record = write_record(folder, CABLE.name, CABLE.read_text(encoding="utf-8"))
    Pipeline(settings).ingest([record], store)
    app = create_app(settings, store)

    with TestClient(app) as client:
        first = client.get("/text/wcda-208256").text
        again = client.get("/text/wcda-208256").text
        assert again == first
        assert len(app.state.fonds.pages) == 1

        changed = CABLE.read_text(encoding="utf-8").replace("Cable Telegram", "Ciphered Cable")
        write_record(folder, CABLE.name, changed)
        Pipeline(settings).ingest([record], store)

        assert "Ciphered Cable no. 59363" in client.get("/text/wcda-208256").text
        assert len(app.state.fonds.pages) == 2


def test_labels_are_shared_by_the_pages_of_one_version_only() -> None:
    labels = VersionLabels()
    first = labels.of("v1")
    first["http://example.org/x"] = "X"

    assert labels.of("v1") is first
    assert labels.of("v2") == {}


def test_labels_past_the_bound_are_dropped_and_gathered_again() -> None:
    labels = VersionLabels(max_entries=2)
    kept = labels.of("v1")
    kept.update({"a": "A", "b": "B", "c": "C"})

    assert labels.of("v1") == {}


def test_a_label_a_new_version_changes_is_shown_by_the_pages_after_it(tmp_path: Path) -> None:
    settings = Settings(
        store=str(tmp_path / "store"), base_iri=BASE, query_workers=1, page_cache_mb=0
    )
    store = open_store(settings.store, settings)
    record = write_record(tmp_path, CABLE.name, CABLE.read_text(encoding="utf-8"))
    Pipeline(settings).ingest([record], store)
    app = create_app(settings, store)
    person, graph = ox.NamedNode(BASE + "person/molotov"), BASE + "graph/person/molotov"
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

    with TestClient(app) as client:
        assert "Vyacheslav Molotov" in client.get("/text/wcda-208256").text
        relabelled = [
            ox.Quad(q.subject, q.predicate, ox.Literal("V. M. Molotov"), q.graph_name)
            if (q.subject, q.predicate) == (person, label)
            else q
            for q in store.snapshot().quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ]
        with store.batch() as batch:
            batch.replace(graph, relabelled)

        html = client.get("/text/wcda-208256").text
        assert "V. M. Molotov" in html and "Vyacheslav Molotov" not in html
