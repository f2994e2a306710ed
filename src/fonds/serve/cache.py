"""Rendered responses kept in memory, for pages that cannot change until the next publication.

A resource's representation depends only on the published version, its path, the media
type and the listing page, which is what its ETag already names. Keeping the rendered
bytes under that key can never serve a stale page: a new version has new ETags, and the
old entries are the first dropped when space runs out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from fonds.store import Store
from fonds.store.dumps import read_manifest


@dataclass(frozen=True)
class Cached:
    """A response body with its media type and headers."""

    body: bytes
    media_type: str
    headers: dict[str, str]


class ResponseCache:
    """At most `max_bytes` of responses, least recently used dropped first; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[str, ...], Cached] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> Cached | None:
        """The cached response under `key`, if any (and mark it recently used)."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], response: Cached) -> None:
        """Keep a response, unless it alone is over a quarter of the cache."""
        size = len(response.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= len(previous.body)
            self._entries[key] = response
            self._size += size
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)


def version_of(store: Store) -> tuple[str, str]:
    """What names the published version (its location and time), and that time."""
    folder = store.dumps_dir()
    manifest = read_manifest(folder) if folder else None
    published = (manifest or {}).get("published", "")
    return f"{store.location()}|{published}", published


class VersionLabels:
    """Labels the pages of one published version looked up, for the pages after them.

    A document page shows sixty-odd labels, most of them the same on many pages (its
    people, places and types, the vocabulary's terms), and a label cannot change until
    the next publication. At most `max_entries` are kept; past that they are dropped and
    gathered again.
    """

    def __init__(self, max_entries: int = 50_000) -> None:
        self.max_entries = max_entries
        self._version = ""
        self._labels: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def of(self, version: str) -> dict[str, str | None]:
        """The labels kept for `version` (an empty dict for a version not seen before)."""
        with self._lock:
            if version != self._version or len(self._labels) > self.max_entries:
                self._version, self._labels = version, {}
            return self._labels
