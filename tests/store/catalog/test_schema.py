"""Which catalogues this Fonds can read."""

import sqlite3
from contextlib import closing
from pathlib import Path

from fonds.store.catalog import is_current
from tests.store.catalog.conftest import catalog_of_three_documents


def test_a_catalogue_from_an_older_fonds_is_not_current(tmp_path: Path) -> None:
    catalog = catalog_of_three_documents(tmp_path)
    assert is_current(catalog.path)

    with closing(sqlite3.connect(catalog.path)) as db:
        db.execute("PRAGMA user_version = 1")
        db.commit()

    assert not is_current(catalog.path)
    assert not is_current(tmp_path / "missing.sqlite")
