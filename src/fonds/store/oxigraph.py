"""The embedded store: pyoxigraph (RocksDB) on disk, in immutable published versions.

pyoxigraph cannot open a store read-only while another process writes it, so a batch
never writes the published version. It checkpoints the current version into a new
directory (hard links, cheap), writes there, writes the dumps, and then publishes by
atomically replacing the `current` symlink. Readers only ever open published versions;
a crash at any point leaves the previous version served and intact.

    STORE/current -> versions/000007
    STORE/versions/000007/db/      RocksDB
    STORE/versions/000007/dumps/   manifest.json, catalog.sqlite, parts/ (the dumps, dumps.py)
    STORE/lock                     held while a batch is open
    STORE/record-files.tsv         what the last ingest learnt of its record files (a cache)
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from fonds.errors import StoreError
from fonds.store import catalog, dumps
from fonds.store.convert import from_ntriples, holds, to_ntriples
from fonds.store.parts import Written
from fonds.store.versions import Versions
from fonds.store.written import WrittenGraphs

BULK_BYTES = 32 << 20
"""N-Triples a batch gathers before its first bulk load (a generated document writes
about 150 KB); each later load waits until the batch has written as much again as it
has already loaded."""


class _Writes:
    """A batch writing straight into a private, unpublished store.

    Nobody reads the store before it is published, and a failed batch is thrown away,
    so writes need no transaction. A graph the previous version holds is removed when it
    is replaced; what the batch writes is kept aside (written.py) and bulk-loaded from
    there, in loads that double in size. Each bulk load's files overlap everything
    stored, and RocksDB rewrites what is stored again as it compacts them in: loaded 32
    MiB at a time, 5,000 documents took half as long again to load as in one go, and
    100,000 spent nearly a third of their CPU compacting while they were checked.
    Doubling keeps the loads few (about ten at 100,000 documents) while the first ones
    still overlap the checking of the records that follow.
    """

    def __init__(
        self,
        store: ox.Store,
        previous: Path | None,
        written: WrittenGraphs,
        published: ox.Store,
    ) -> None:
        self.store: ox.Store | None = store
        self._published = published
        self.previous = previous
        """The published version's folder, whose dump parts the new version reuses."""
        self.written = written
        """What this batch wrote: loaded into the store from there, and read by the dumps."""
        self.changed: set[str] = set()
        self.statements = 0
        self._unloaded: dict[str, None] = {}
        """Graphs written since the last bulk load, in the order they were written."""
        self._unloaded_bytes = 0
        self._loaded_bytes = 0

    def finish(self, dumps_folder: Path) -> None:
        """Load, write the dumps, and close the store (RocksDB closes with its last handle)."""
        assert self.store is not None
        self._load()
        self.store.flush()
        before = _published_quads(self.previous)
        # Compact what a large batch wrote: a full rebuild of the catalogue scans the
        # whole store, several times slower uncompacted. A small batch is left to
        # RocksDB's own compaction.
        compact = before is None or self.statements * 10 > before
        previous = self.previous / "dumps" if self.previous else None
        publish_files(
            self.store, dumps_folder, previous, self.changed, self.written, compact=compact
        )
        self.close()

    def close(self) -> None:
        """Drop the only handle (the version must be closed before anyone opens it) and
        what the batch kept aside."""
        self.store = None
        self.written.close()

    def published(self) -> ox.Store:
        """The published version the batch started from, read-only."""
        return self._published

    def replace(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Make `graph` hold `quads`; a graph that already holds exactly them is left alone."""
        self.replace_ntriples(graph, to_ntriples(quads))

    def replace_ntriples(self, graph: str, data: bytes) -> None:
        """Make `graph` hold the triples of `data`, unless it already holds exactly them."""
        name = ox.NamedNode(graph)
        if graph not in self._unloaded and self.store.contains_named_graph(name):
            if holds(self.store, graph, from_ntriples(data, graph)):
                return
            self.store.remove_graph(name)
        self.changed.add(graph)
        if not data:
            self._forget(graph)
            return
        self.statements += data.count(b"\n")
        self.written.keep(graph, data)
        self._unloaded[graph] = None
        self._unloaded_bytes += len(data)
        if self._unloaded_bytes >= max(BULK_BYTES, self._loaded_bytes):
            self._load()

    def remove(self, graph: str) -> None:
        name = ox.NamedNode(graph)
        if graph in self._unloaded:
            self.changed.add(graph)
        elif self.store.contains_named_graph(name):
            self.store.remove_graph(name)
            self.changed.add(graph)
        self._forget(graph)

    def _forget(self, graph: str) -> None:
        self.written.forget(graph)
        self._unloaded.pop(graph, None)

    def _load(self) -> None:
        """Bulk-load the graphs written since the last load, streamed from `written`."""
        if self._unloaded:
            graphs, self._unloaded = list(self._unloaded), {}
            # lenient: every IRI was checked when the N-Triples were made (graph_ntriples
            # parses what it writes, to_ntriples is pyoxigraph's own); checking them again
            # took a fifth of the load (949,000 quads: 12.5-13.6 against 10.4-10.8 s).
            stream = self.written.nquads(graphs)
            self.store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=True)
        self._loaded_bytes += self._unloaded_bytes
        self._unloaded_bytes = 0


def _published_quads(version: Path | None) -> int | None:
    manifest = dumps.read_manifest(version / "dumps") if version else None
    return manifest["quads"] if manifest else None


class _BufferedWrites:
    """A batch for the in-memory store: kept aside until the batch succeeds."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.operations: list[tuple[str, list[ox.Quad] | None]] = []

    def published(self) -> ox.Store:
        """The store as it is until the batch ends."""
        return self.store

    def replace(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self.operations.append((graph, list(quads)))

    def replace_ntriples(self, graph: str, data: bytes) -> None:
        self.operations.append((graph, from_ntriples(data, graph)))

    def remove(self, graph: str) -> None:
        self.operations.append((graph, None))


class OxigraphStore:
    """Embedded pyoxigraph store; `root=None` keeps everything in memory."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._opened: tuple[Path, ox.Store] | None = None
        if root is None:
            self._memory = ox.Store()
            self._memory_dumps = tempfile.TemporaryDirectory(prefix="fonds-dumps-")
            return
        self._versions = Versions(root)

    # -- reading -------------------------------------------------------------------------

    def location(self) -> Path | None:
        """Directory of the published RocksDB, or None (in memory, or nothing published)."""
        if self.root is None:
            return None
        current = self._versions.current()
        return current / "db" if current else None

    def snapshot(self) -> ox.Store:
        """The published version, opened read-only (reopened when a new one is published)."""
        if self.root is None:
            return self._memory
        location = self.location()
        if location is None:
            return ox.Store()
        with self._lock:
            if self._opened is None or self._opened[0] != location:
                try:
                    self._opened = (location, ox.Store.read_only(str(location)))
                except OSError as error:
                    raise StoreError(f"{location}: cannot open the store ({error})") from None
            return self._opened[1]

    def dumps_dir(self) -> Path | None:
        """The dumps of the published version."""
        if self.root is None:
            return Path(self._memory_dumps.name)
        location = self.location()
        return location.parent / "dumps" if location else None

    def local_dir(self) -> Path | None:
        """The store's folder, or None in memory."""
        return self.root

    def triple_count(self) -> int:
        """Quads in the published version, from its manifest (counting would scan)."""
        if self.root is None:
            return len(self._memory)
        folder = self.dumps_dir()
        manifest = dumps.read_manifest(folder) if folder else None
        return manifest["quads"] if manifest else 0

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[_Writes | _BufferedWrites]:
        """Open a batch; publish it when the block ends, discard it if the block raises."""
        if self.root is None:
            yield from self._memory_batch()
            return
        with self._versions.prepare() as target:
            writes = None
            try:
                writes = _Writes(
                    self._checkpoint(target / "db"),
                    self._versions.current(),
                    WrittenGraphs(target / "written.partial"),
                    self.snapshot(),
                )
                yield writes
                writes.finish(target / "dumps")
            except OSError as error:  # a full disk, most likely: RocksDB, the dumps
                if writes is not None:
                    writes.close()
                raise StoreError(
                    f"{target}: cannot write the new version ({error}); "
                    "nothing of this batch is published"
                ) from None
            except BaseException:
                if writes is not None:
                    writes.close()
                raise

    def _memory_batch(self) -> Iterator[_BufferedWrites]:
        writes = _BufferedWrites(self._memory)
        yield writes
        for graph, quads in writes.operations:
            name = ox.NamedNode(graph)
            if self._memory.contains_named_graph(name):
                self._memory.remove_graph(name)
            if quads is not None:
                self._memory.extend(quads)
        publish_files(self._memory, Path(self._memory_dumps.name))

    def _checkpoint(self, target: Path) -> ox.Store:
        current = self.location()
        try:
            if current is not None:
                ox.Store.read_only(str(current)).backup(str(target))
            return ox.Store(str(target))
        except OSError as error:
            raise StoreError(f"{target}: cannot prepare a new store version ({error})") from None

    def close(self) -> None:
        """Drop open handles."""
        self._opened = None


def publish_files(
    store: ox.Store,
    folder: Path,
    previous: Path | None = None,
    changed: set[str] | None = None,
    written: Written | None = None,
    *,
    compact: bool = False,
) -> None:
    """Write the dumps and the catalogue of `store` into `folder` (see dumps.write_dumps);
    if `compact`, compact the store beside the dumps, before the catalogue reads it."""
    catalogue = (store, folder / catalog.CATALOG, previous / catalog.CATALOG if previous else None)
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(1) as beside:
        # The dumps read what the batch wrote, not the store. RocksDB's compaction keeps
        # about one core busy without holding the GIL, and so do the copy of the last
        # catalogue and the dumps' checksums of a small batch: each pair overlaps.
        if compact:
            work = beside.submit(store.optimize)
        else:
            work = beside.submit(catalog.build, *catalogue, changed)
        dumps.write_dumps(store, folder, previous, changed, written)
        work.result()
    if compact:  # a whole catalogue is built several times faster from a compacted store
        catalog.build(*catalogue, changed)
