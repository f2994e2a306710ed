"""Reading a table a person edits, and writing a file whole or not at all."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fonds.errors import FondsError


def table_text(path: Path) -> io.StringIO:
    """A UTF-8 table (TSV, CSV; a BOM is allowed), ready for the csv module.

    A byte that is not UTF-8 (a spreadsheet saved as Latin-1, say) is a FondsError that
    names the file and line, as is a file that cannot be read.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FondsError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FondsError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        ) from None


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
