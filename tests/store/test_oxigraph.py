"""The embedded store: atomic batches, published versions, dumps with checksums."""

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from fonds.errors import StoreBusy
from fonds.store import open_store
from fonds.store.oxigraph import OxigraphStore

G1, G2 = "http://example.org/graph/1", "http://example.org/graph/2"


def quad(subject: str, value: str, graph: str) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(subject),
        ox.NamedNode("http://example.org/p"),
        ox.Literal(value),
        ox.NamedNode(graph),
    )


def values(store: OxigraphStore) -> set[tuple[str, str]]:
    return {
        (q.graph_name.value, q.object.value)
        for q in store.snapshot().quads_for_pattern(None, None, None, None)
    }


@pytest.fixture(params=["disk", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> OxigraphStore:
    return open_store(str(tmp_path / "store") if request.param == "disk" else "memory:")


def test_replace_swaps_exactly_one_graph(store: OxigraphStore) -> None:
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "old", G1)])
        batch.replace(G2, [quad("http://example.org/b", "kept", G2)])
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "new", G1)])

    assert values(store) == {(G1, "new"), (G2, "kept")}
    assert store.triple_count() == 2


def test_a_failing_batch_publishes_nothing(store: OxigraphStore) -> None:
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "kept", G1)])

    with pytest.raises(RuntimeError), store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "half", G1)])
        batch.remove(G2)
        raise RuntimeError("crash in the middle of a batch")

    assert values(store) == {(G1, "kept")}


def test_dumps_are_written_with_a_manifest_that_matches_them(store: OxigraphStore) -> None:
    with store.batch() as batch:
        batch.replace(
            G1, [quad("http://example.org/a", "x", G1), quad("http://example.org/b", "y", G1)]
        )

    folder = store.dumps_dir()
    manifest = (folder / "manifest.json").read_text()
    for name in ("dataset.nt", "dataset.ttl", "dataset.nq"):
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest in manifest
    reloaded = ox.Store()
    reloaded.load(path=str(folder / "dataset.nq"))
    assert len(reloaded) == 2


def test_readers_keep_the_version_they_opened_until_a_new_one_is_published(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "v1", G1)])
    first = store.location()
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "v2", G1)])

    assert store.location() != first
    assert first.exists()  # still there for a query process that has it open
    assert {q.object.value for q in ox.Store.read_only(str(first))} == {"v1"}
    assert values(store) == {(G1, "v2")}


def test_a_second_writer_is_told_the_store_is_busy(tmp_path: Path) -> None:
    first, second = OxigraphStore(tmp_path / "store"), OxigraphStore(tmp_path / "store")
    with (
        first.batch(),
        pytest.raises(StoreBusy, match="another process is publishing"),
        second.batch(),
    ):
        pass


def test_leftovers_of_a_crashed_batch_are_removed(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/a", "v1", G1)])
    crashed = tmp_path / "store" / "versions" / "000099"
    (crashed / "db").mkdir(parents=True)

    with store.batch() as batch:
        batch.replace(G2, [quad("http://example.org/b", "v2", G2)])

    assert not crashed.exists()
    assert values(store) == {(G1, "v1"), (G2, "v2")}


def test_old_versions_are_pruned(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    for n in range(5):
        with store.batch() as batch:
            batch.replace(G1, [quad("http://example.org/a", str(n), G1)])
    assert [p.name for p in sorted((tmp_path / "store" / "versions").iterdir())] == [
        "000003",
        "000004",
        "000005",
    ]
