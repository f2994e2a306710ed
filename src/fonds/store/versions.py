"""Immutable published versions in a folder, switched by one atomic symlink.

    ROOT/current -> versions/000007
    ROOT/versions/000007/...
    ROOT/lock          held while a new version is being prepared

Readers only ever follow `current`; a crash while a version is prepared leaves the
previous one published and intact, and the half-made one is removed by the next writer.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fonds.errors import StoreBusy, StoreError

KEEP_VERSIONS = 3


class Versions:
    """The versions under `root`; at most one process prepares a new one at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            (root / "versions").mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"{root}: cannot create the directory ({error.strerror})") from None

    def current(self) -> Path | None:
        """The published version's folder, or None before the first publication."""
        link = self.root / "current"
        return link.resolve() if link.exists() else None

    @contextmanager
    def prepare(self) -> Iterator[Path]:
        """A new empty version folder; published when the block ends, removed if it raises."""
        with self._lock():
            self._remove_orphans()
            target = self._next()
            try:
                yield target
                self._publish(target)
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            # Keep a few: a reader may still be using the previous one.
            for version in self._all()[:-KEEP_VERSIONS]:
                shutil.rmtree(version, ignore_errors=True)

    @contextmanager
    def _lock(self) -> Iterator[None]:
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

    def _all(self) -> list[Path]:
        return sorted(p for p in (self.root / "versions").iterdir() if p.name.isdigit())

    def _next(self) -> Path:
        versions = self._all()
        number = int(versions[-1].name) + 1 if versions else 1
        target = self.root / "versions" / f"{number:06d}"
        target.mkdir()
        return target

    def _publish(self, version: Path) -> None:
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
        """Versions newer than the published one were left by a crashed writer."""
        current = self.current()
        published = current.name if current else ""
        for version in self._all():
            if version.name > published:
                shutil.rmtree(version, ignore_errors=True)
