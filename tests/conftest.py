"""Shared fixtures: the real cable, settings on a temporary store, a fixed clock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from fonds.pipeline import Pipeline
from fonds.settings import Settings
from tests.engines import Engine, free_port, oxigraph_server, virtuoso

ROOT = Path(__file__).resolve().parents[1]
CABLE = ROOT / "data" / "records" / "wcda-208256-cable-59363.txt"
BASE = "http://localhost:8000/"
FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def cable_text() -> str:
    """The real record's text."""
    return CABLE.read_text(encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with the store in a temporary directory."""
    return Settings(store=str(tmp_path / "store"), base_iri=BASE)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """A pipeline with a fixed clock (loading shapes and authorities once per session)."""
    return Pipeline(Settings(base_iri=BASE), clock=lambda: FIXED_NOW)


def write_record(folder: Path, name: str, text: str) -> Path:
    """Write a record file and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[str]:
    """A real `fonds serve` process on 127.0.0.1; yields its base URL, stops it after."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fonds.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "FONDS_QUERY_WORKERS": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def oxigraph_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One Oxigraph server (PyPI `oxigraph`) for the session, on 127.0.0.1."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as engine:
        yield engine


@pytest.fixture(scope="session")
def virtuoso_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One Virtuoso Open Source for the session, on 127.0.0.1 (`.ci/run` installs it)."""
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as engine:
        yield engine


def remote_settings(engine: Engine, folder: Path, base: str, **extra: object) -> Settings:
    """Settings that point Fonds at a running engine, with the cache in `folder`."""
    env = engine.env()
    values: dict[str, object] = {
        "store": env["FONDS_STORE"],
        "sparql_update_url": env["FONDS_SPARQL_UPDATE_URL"],
        "sparql_store_url": env.get("FONDS_SPARQL_STORE_URL"),
        "sparql_user": env.get("FONDS_SPARQL_USER"),
        "sparql_password": env.get("FONDS_SPARQL_PASSWORD"),
        "sparql_cache": folder / "cache",
        "base_iri": base,
    }
    return Settings(**{**values, **extra})
