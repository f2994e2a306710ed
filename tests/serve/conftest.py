"""The app over a store that holds the published cable, as the HTTP tests use it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from fonds.pipeline import Pipeline
from fonds.serve import create_app
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE


@contextmanager
def published_cable(folder: Path, **settings: object) -> Iterator[TestClient]:
    """A running app (query processes started) over a fresh store with the cable in it."""
    config = Settings(store=str(folder / "store"), base_iri=BASE, **settings)
    store = open_store(config.store)
    Pipeline(config).ingest([CABLE], store)
    with TestClient(create_app(config, store)) as client:
        yield client
