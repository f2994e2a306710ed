"""The embedded store: pyoxigraph (RocksDB) on disk, in immutable published versions.

pyoxigraph cannot open a store read-only while another process writes it, so a batch
never writes the published version. It checkpoints the current version into a new
directory (hard links, cheap), writes there, writes the dumps, and then publishes by
atomically replacing the `current` symlink. Readers only ever open published versions;
a crash at any point leaves the previous version served and intact.

    STORE/current -> versions/000007
    STORE/versions/000007/db/      RocksDB
    STORE/versions/000007/dumps/   dataset.nt, dataset.ttl, dataset.nq, manifest.json
    STORE/lock                     held while a batch is open
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from fonds.errors import StoreBusy, StoreError
from fonds.store import catalog, dumps

KEEP_VERSIONS = 3


class _Writes:
    """A batch writing straight into a private, unpublished store."""

    def __init__(self, store: ox.Store) -> None:
        self.store: ox.Store | None = store

    def finish(self, dumps_folder: Path) -> None:
        """Flush, write the dumps, and close the store (RocksDB closes with its last handle)."""
        assert self.store is not None
        self.store.flush()
        # Compact what the batch wrote: the dumps and the catalogue scan the whole store,
        # and an unoptimized RocksDB made those scans several times slower.
        self.store.optimize()
        dumps.write_dumps(self.store, dumps_folder)
        catalog.build(self.store, dumps_folder / catalog.CATALOG)
        self.close()

    def close(self) -> None:
        """Drop the only handle: the version must be closed before anyone opens it."""
        self.store = None

    def replace(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self.remove(graph)
        self.store.extend(quads)

    def remove(self, graph: str) -> None:
        name = ox.NamedNode(graph)
        if self.store.contains_named_graph(name):
            self.store.remove_graph(name)


class _BufferedWrites:
    """A batch for the in-memory store: kept aside until the batch succeeds."""

    def __init__(self) -> None:
        self.operations: list[tuple[str, list[ox.Quad] | None]] = []

    def replace(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        self.operations.append((graph, list(quads)))

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
        try:
            (root / "versions").mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"{root}: cannot create the store directory ({error.strerror})"
            ) from None

    # -- reading -------------------------------------------------------------------------

    def location(self) -> Path | None:
        """Directory of the published RocksDB, or None (in memory, or nothing published)."""
        if self.root is None:
            return None
        current = self.root / "current"
        return (current.resolve() / "db") if current.exists() else None

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
        with self._publication_lock():
            self._remove_orphans()
            target = self._next_version()
            writes = None
            try:
                writes = _Writes(self._checkpoint(target / "db"))
                yield writes
                writes.finish(target / "dumps")
                self._publish(target)
            except BaseException:
                if writes is not None:
                    writes.close()
                shutil.rmtree(target, ignore_errors=True)
                raise
            self._remove_old_versions()

    def _memory_batch(self) -> Iterator[_BufferedWrites]:
        writes = _BufferedWrites()
        yield writes
        for graph, quads in writes.operations:
            name = ox.NamedNode(graph)
            if self._memory.contains_named_graph(name):
                self._memory.remove_graph(name)
            if quads is not None:
                self._memory.extend(quads)
        dumps.write_dumps(self._memory, Path(self._memory_dumps.name))
        catalog.build(self._memory, Path(self._memory_dumps.name) / catalog.CATALOG)

    @contextmanager
    def _publication_lock(self) -> Iterator[None]:
        assert self.root is not None
        with (self.root / "lock").open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(
                    f"{self.root}: another process is publishing to this store; "
                    "try again when it ends"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _versions(self) -> list[Path]:
        assert self.root is not None
        return sorted(p for p in (self.root / "versions").iterdir() if p.name.isdigit())

    def _next_version(self) -> Path:
        versions = self._versions()
        number = int(versions[-1].name) + 1 if versions else 1
        target = self.root / "versions" / f"{number:06d}"  # type: ignore[operator]
        target.mkdir()
        return target

    def _checkpoint(self, target: Path) -> ox.Store:
        current = self.location()
        try:
            if current is not None:
                ox.Store.read_only(str(current)).backup(str(target))
            return ox.Store(str(target))
        except OSError as error:
            raise StoreError(f"{target}: cannot prepare a new store version ({error})") from None

    def _publish(self, version: Path) -> None:
        assert self.root is not None
        link = self.root / "current"
        temporary = self.root / "current.partial"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(Path("versions") / version.name)
        os.replace(temporary, link)
        directory = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _remove_orphans(self) -> None:
        """Versions newer than the published one were left by a crashed batch."""
        location = self.location()
        published = location.parent.name if location else ""
        for version in self._versions():
            if version.name > published:
                shutil.rmtree(version, ignore_errors=True)

    def _remove_old_versions(self) -> None:
        # Keep a few: a query process may still be reading the previous one.
        for version in self._versions()[:-KEEP_VERSIONS]:
            shutil.rmtree(version, ignore_errors=True)

    def close(self) -> None:
        """Drop open handles."""
        self._opened = None
