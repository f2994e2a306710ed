"""Writing a file whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced(path: Path) -> Iterator[Path]:
    """A scratch file beside `path` to write; it becomes `path` when the block ends, and is
    removed if the block raises.

    Readers see the old file or the new one, never half of one. The new file is a new
    inode, so a published version that shares the old one by hard link keeps it as it was.
    """
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a process that was killed
    try:
        yield partial
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
