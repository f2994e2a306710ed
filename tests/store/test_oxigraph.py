"""The embedded store's own behaviour: published versions, readers, a second writer.

What every store does (batches, removal, dumps) is in test_contract.py."""

import io
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


class _Loads:
    """A pyoxigraph store that notes how many bytes each bulk load was given."""

    def __init__(self, store: ox.Store) -> None:
        self.store, self.sizes = store, []

    def bulk_load(self, input: io.RawIOBase, **options: object) -> None:
        data = input.read()  # a stream, never the batch gathered in memory
        self.sizes.append(len(data))
        self.store.bulk_load(data, **options)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_a_batch_loads_as_it_goes_in_loads_that_double(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every load's files overlap all that is stored: many small loads make RocksDB
    # rewrite the store over and over; one load at the end would leave the cores idle.
    from fonds.store import oxigraph

    monkeypatch.setattr(oxigraph, "BULK_BYTES", 100)
    graphs = [f"http://example.org/many/{n}" for n in range(40)]
    store = OxigraphStore(tmp_path / "store")
    with store.batch() as batch:
        batch.store = spy = _Loads(batch.store)
        batch.replace(G1, [quad("http://example.org/a", "replaced", G1)])
        batch.replace(G1, [quad("http://example.org/a", "one", G1)])
        for graph in graphs:
            batch.replace(graph, [quad("http://example.org/s", "some", graph)])
        batch.remove(G1)

    loads = spy.sizes[:-1]  # the last is what was left when the batch ended
    assert len(loads) > 1
    assert all(size >= sum(loads[:n]) for n, size in enumerate(loads))
    assert len(spy.sizes) <= 8  # 41 graphs written, doubling from about one
    assert values(store) == {(graph, "some") for graph in graphs}


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
