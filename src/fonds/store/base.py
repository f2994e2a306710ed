"""The store interface every backend implements, and `open_store` to pick one by URL."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from fonds.errors import SettingsError
from fonds.settings import Settings, url_problem


class Batch(Protocol):
    """Writes that become visible together when the batch ends without an error."""

    def replace(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Make named graph `graph` hold exactly `quads` (all in that graph)."""

    def replace_ntriples(self, graph: str, data: bytes) -> None:
        """Make named graph `graph` hold exactly the triples of N-Triples `data`.

        What ingest uses: a checked document arrives from its worker as N-Triples, and a
        store can take them as they are, without a Python object per statement. `data` is
        N-Triples as store.convert writes them (graph_ntriples, to_ntriples), whose IRIs
        are already checked: the embedded store does not check them again.
        """

    def remove(self, graph: str) -> None:
        """Drop named graph `graph`."""

    def published(self) -> ox.Store:
        """The dataset as it was published when the batch began, where it is cheapest to
        read: a remote store's batch reads its local copy, not the store."""


class Store(Protocol):
    """A dataset of named graphs: one per document, one per shared entity."""

    def batch(self) -> AbstractContextManager[Batch]:
        """Open a batch of writes; all of it is published at the end, or none of it."""

    def snapshot(self) -> ox.Store:
        """A read-only view of the currently published version (or of the remote store)."""

    def location(self) -> Path | None:
        """Directory of the published version, for query processes to open; None if in memory."""

    def dumps_dir(self) -> Path | None:
        """Directory with the published version's dumps and their manifest."""

    def local_dir(self) -> Path | None:
        """The store's own local folder (its versions and lock), where an ingest may keep
        what it learnt of the record files between runs; None in memory."""

    def triple_count(self) -> int:
        """Number of quads in the published version."""

    def close(self) -> None:
        """Release files and locks."""


def open_store(url: str, settings: Settings | None = None, *, existing: bool = False) -> Store:
    """`oxigraph:DIR` or a directory: embedded; `http(s)://…`: a remote SPARQL store.

    `memory:` is an embedded store in memory, for tests. A remote store takes its update
    URL, credentials and local cache from `settings`. With `existing`, a directory that
    is not there is an error rather than a new, empty store (a command that only reads).
    """
    from fonds.store.oxigraph import OxigraphStore

    if url == "memory:":
        return OxigraphStore(None)
    if url.startswith(("http://", "https://")):
        return _remote(url, settings or Settings())
    path = url.removeprefix("oxigraph:")
    if not path:
        raise SettingsError("the store needs a directory, e.g. oxigraph:./var/store")
    if existing and not Path(path).exists():
        raise SettingsError(
            f"{path}: no store there; publish records into it first "
            f"(fonds ingest --store {path} RECORDS)"
        )
    return OxigraphStore(Path(path))


def _remote(url: str, settings: Settings) -> Store:
    from fonds.sparql.runner import MAX_RESULT_BYTES
    from fonds.store.http import HttpClient
    from fonds.store.remote import SparqlEndpoint, SparqlStore

    if problem := url_problem(url):
        raise SettingsError(f"the store (--store or FONDS_STORE): {problem}")
    for name in ("sparql_update_url", "sparql_store_url"):
        value = getattr(settings, name)
        if value is not None and (problem := url_problem(value)):
            raise SettingsError(f"FONDS_{name.upper()}: {problem}")
    password = settings.sparql_password.get_secret_value() if settings.sparql_password else None
    client = HttpClient(
        user=settings.sparql_user,
        password=password,
        timeout=settings.sparql_timeout,
        retries=settings.sparql_retries,
    )
    endpoint = SparqlEndpoint(
        url,
        update_url=settings.sparql_update_url,
        store_url=settings.sparql_store_url,
        client=client,
        query_timeout=settings.query_timeout,
    )
    return SparqlStore(
        endpoint,
        settings.sparql_cache,
        graphs=settings.base_iri + "graph/",
        chunk_bytes=settings.sparql_chunk_bytes,
        max_result_bytes=MAX_RESULT_BYTES,
    )
