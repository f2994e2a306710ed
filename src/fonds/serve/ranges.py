"""Byte ranges of a download (RFC 9110, section 14): a client resumes a dump it was sent
in part, or fetches it in pieces.

One range is served; a request for several is answered with the whole file, as the RFC
allows, and so is a Range header this module cannot read.
"""

from __future__ import annotations

import re

_ONE_RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)


class Unsatisfiable(ValueError):
    """No byte the Range header asks for is in the file (answered 416)."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The bytes [start, end) a Range header asks for, or None to send the whole file.

    Raises Unsatisfiable when the range starts past the end of the file.
    """
    found = _ONE_RANGE.fullmatch(header.strip()) if header else None
    if found is None:
        return None
    first, last = found.groups()
    if first:
        start = int(first)
        if last and int(last) < start:
            return None  # not a valid range: ignored
        if start >= size:
            raise Unsatisfiable(f"the file has {size} bytes; the range starts at byte {start}")
        return start, min(int(last) + 1, size) if last else size
    if not last:
        return None  # "bytes=-": not a valid range
    suffix = int(last)
    if suffix == 0 or size == 0:
        raise Unsatisfiable(f"the file has {size} bytes; the range asks for its last {suffix}")
    return max(size - suffix, 0), size
