"""The store interface every backend implements, and `open_store` to pick one by URL."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from fonds.errors import SettingsError


class Batch(Protocol):
    """Writes that become visible together when the batch ends without an error."""

    def replace(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Make named graph `graph` hold exactly `quads` (all in that graph)."""

    def remove(self, graph: str) -> None:
        """Drop named graph `graph`."""


class Store(Protocol):
    """A dataset of named graphs: one per document, one per shared entity."""

    def batch(self) -> AbstractContextManager[Batch]:
        """Open a batch of writes; all of it is published at the end, or none of it."""

    def snapshot(self) -> ox.Store:
        """A read-only view of the currently published version."""

    def location(self) -> Path | None:
        """Directory of the published version, for query processes to open; None if in memory."""

    def dumps_dir(self) -> Path | None:
        """Directory with the published version's dumps and their manifest."""

    def triple_count(self) -> int:
        """Number of quads in the published version."""

    def close(self) -> None:
        """Release files and locks."""


def open_store(url: str) -> Store:
    """`oxigraph:DIR` or a plain directory: embedded on disk; `memory:`: embedded in memory."""
    from fonds.store.oxigraph import OxigraphStore

    if url == "memory:":
        return OxigraphStore(None)
    if url.startswith(("http://", "https://")):
        raise SettingsError(
            f"{url}: remote SPARQL stores are not supported yet (see README, 'Not yet')"
        )
    path = url.removeprefix("oxigraph:")
    if not path:
        raise SettingsError("the store needs a directory, e.g. oxigraph:./var/store")
    return OxigraphStore(Path(path))
