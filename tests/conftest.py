"""Shared fixtures: the real cable, settings on a temporary store, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from fonds.pipeline import Pipeline
from fonds.settings import Settings

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
