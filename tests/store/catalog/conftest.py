"""A catalogue of three documents, and ways to look into one."""

import sqlite3
from array import array
from contextlib import closing
from pathlib import Path

import pytest

from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import open_store
from fonds.store.catalog import CATALOG, Catalog, scopes
from tests.conftest import BASE, CABLE, FIXED_NOW, write_record


def catalog_of_three_documents(tmp_path: Path) -> Catalog:
    """The cable, and two copies of it dated and numbered differently."""
    text = CABLE.read_text(encoding="utf-8")
    folder = tmp_path / "records"
    folder.mkdir()
    write_record(folder, CABLE.name, text)
    for number, year in ((208257, 1950), (208258, 1950)):
        copy = text.replace("208256", str(number)).replace("October 23, 1949", f"May 2, {year}")
        if number == 208258:
            copy = copy.replace(
                "MAO ZEDONG 21 October 1949", "MAO ZEDONG, Zanzibar, 21 October 1949"
            )
        write_record(folder, f"wcda-{number}.txt", copy)
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)
    Pipeline(settings, clock=lambda: FIXED_NOW).ingest([folder], store)
    return Catalog(store.dumps_dir() / CATALOG)


@pytest.fixture
def every_scope_precounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count the facets of every one-value selection at build time, however small."""
    monkeypatch.setattr(scopes, "SCOPED_FROM", 1)


def contents(path: Path) -> dict[str, list]:
    """A catalogue's rows, by IRI rather than by row number."""
    with closing(sqlite3.connect(path)) as db:
        tables = {
            "documents": "SELECT iri, title, date, year, type, archive, summary, text, graph "
            "FROM documents",
            "entities": "SELECT iri, kind, label FROM entities",
            "mentions": "SELECT d.iri, e.iri FROM mentions m JOIN documents d "
            "ON d.id = m.document JOIN entities e ON e.id = m.entity",
            "facet_counts": "SELECT * FROM facet_counts",
            "scoped_counts": "SELECT * FROM scoped_counts",
            "totals": "SELECT * FROM totals",
            "found": "SELECT d.iri FROM search JOIN documents d ON d.id = search.rowid "
            "WHERE search MATCH 'zanzibar OR peking OR molotov'",
        }
        found = {name: sorted(db.execute(sql).fetchall()) for name, sql in tables.items()}
        entities = dict(db.execute("SELECT id, iri FROM entities"))
        packed = (
            "SELECT d.iri, x.year, x.type, x.archive, x.entities FROM facts x "
            "JOIN documents d ON d.id = x.id"
        )
        found["facts"] = sorted(
            (document, year, kind, archive, sorted(entities[e] for e in array("i", blob)))
            for document, year, kind, archive, blob in db.execute(packed)
        )
        mentioned = {document: [] for document, *_ in found["documents"]}
        for document, entity in found["mentions"]:
            mentioned[document].append(entity)
        described = {
            d: (year, kind, archive) for d, _, _, year, kind, archive, *_ in found["documents"]
        }
        assert found["facts"] == sorted((d, *described[d], sorted(e)) for d, e in mentioned.items())
        return found
