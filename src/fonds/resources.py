"""Where the project's bundled folders (ontology/, shapes/, data/) are found."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """Return the folder `name` from the wheel, or from the source checkout."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")
