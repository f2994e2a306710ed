"""The embedded store's own behaviour: published versions, readers, a second writer.

What every store does (batches, removal, dumps) is in test_contract.py."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from fonds.errors import StoreBusy
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


def test_a_batch_loads_what_it_gathered_as_it_goes_not_all_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 100k ingest gathers about 15 GB of N-Quads: only a bounded amount may wait.
    from fonds.store import oxigraph

    monkeypatch.setattr(oxigraph, "BULK_BYTES", 200)
    store = OxigraphStore(tmp_path / "store")

    with store.batch() as batch:
        batch.replace(G1, [quad(f"http://example.org/s{n}", "one", G1) for n in range(5)])
        loaded = batch.store.contains_named_graph(ox.NamedNode(G1))
        batch.replace(G2, [quad("http://example.org/s", "two", G2)])

    assert loaded
    assert values(store) == {(G1, "one"), (G2, "two")}


def test_a_full_disk_fails_the_batch_with_a_clear_error_and_publishes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from fonds.errors import StoreError
    from fonds.store import written

    store = OxigraphStore(tmp_path / "store")
    with store.batch() as batch:
        batch.replace(G1, [quad("http://example.org/s", "kept", G1)])

    def no_space(*_: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(written.os, "pwrite", no_space)
    full = r"No space left on device.*nothing of this batch is published"
    with pytest.raises(StoreError, match=full), store.batch() as batch:
        batch.replace(G2, [quad("http://example.org/s", "lost", G2)])

    assert values(store) == {(G1, "kept")}  # the published version, as it was
    assert len(list((tmp_path / "store" / "versions").iterdir())) == 1
    monkeypatch.undo()  # space freed: the next batch needs no manual step
    with store.batch() as batch:
        batch.replace(G2, [quad("http://example.org/s", "two", G2)])
    assert values(store) == {(G1, "kept"), (G2, "two")}
