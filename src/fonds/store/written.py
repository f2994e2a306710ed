"""The graphs a batch wrote, kept aside: loaded into the store from here, in a few large
loads, and read by the dumps, which need not read them back out of the store.

Reading a graph back out of the on-disk store decodes every term from RocksDB: about
62,000 quads a second, so 24 minutes of a 100,000-document ingest went to reading for
the dumps what the batch had just written. The batch already holds each graph's
N-Triples when it stores them; it keeps them here, zlib-compressed in one scratch file
(about a tenth of their size). Each graph is decompressed twice, once to be loaded and
once for its dump part: about 0.5 ms for a generated document's, against a RocksDB read back.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from fonds.store.convert import as_nquads

COMPRESSION = 1
# The fastest level: the file lives for one publication, and the main process, which
# compresses, is the one storing every document.


class WrittenGraphs:
    """Each written graph's latest N-Triples, by graph name, in a scratch file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        self._end = 0
        self._at: dict[str, tuple[int, int]] = {}

    def keep(self, graph: str, data: bytes) -> None:
        """Remember `data` as what `graph` now holds (the last write of a graph wins)."""
        block = zlib.compress(data, COMPRESSION)
        view = memoryview(block)
        while view:
            view = view[os.pwrite(self._fd, view, self._end + len(block) - len(view)) :]
        self._at[graph] = (self._end, len(block))
        self._end += len(block)

    def forget(self, graph: str) -> None:
        """`graph` was removed: the store holds nothing of it any more."""
        self._at.pop(graph, None)

    def __call__(self, graph: str) -> bytes | None:
        """The N-Triples last kept for `graph`, or None (safe from several threads)."""
        where = self._at.get(graph)
        if where is None:
            return None
        offset, length = where
        return zlib.decompress(os.pread(self._fd, length, offset))

    def nquads(self, graphs: Iterable[str]) -> io.RawIOBase:
        """Some of the graphs kept, as one N-Quads stream, read as it is loaded."""
        return _Stream(as_nquads(self(graph) or b"", graph) for graph in graphs)

    def close(self) -> None:
        """Delete the scratch file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
            self.path.unlink(missing_ok=True)


class _Stream(io.RawIOBase):
    """Blocks of bytes as a binary file, for a reader that wants one (bulk_load)."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks = blocks
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._left:
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._left = memoryview(block)
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size
