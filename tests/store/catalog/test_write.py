"""Writing a catalogue: a copy brought up to date is the catalogue a full build makes."""

from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import open_store
from fonds.store.catalog import CATALOG, Catalog, Selection, build, scopes, write
from tests.conftest import BASE, FIXED_NOW
from tests.store.catalog.conftest import catalog_of_three_documents, contents


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The graphs of each catalogue brought up to date from a copy (not built afresh)."""
    seen: list[list[str]] = []
    update = write._update
    monkeypatch.setattr(
        write,
        "_update",
        lambda db, store, changed: (seen.append(changed), update(db, store, changed)),
    )
    return seen


@pytest.mark.parametrize("top", [50, 1], ids=["every value kept", "one value kept"])
def test_a_catalogue_updated_for_one_changed_document_is_the_one_a_full_build_makes(
    tmp_path: Path,
    updates: list[list[str]],
    every_scope_precounted: None,
    top: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With one value kept per facet, most selections' counts are shifted by the change
    # within their bounds, and the others counted afresh: both must give a full build's.
    monkeypatch.setattr(scopes, "SCOPED_TOP", top)
    shifted = write.shift_scopes
    afresh: list[tuple[int, int]] = []
    monkeypatch.setattr(
        write,
        "shift_scopes",
        lambda db, touched, *facts: (
            found := shifted(db, touched, *facts),
            afresh.append((len(touched), len(found))),
        )[0],
    )
    first = catalog_of_three_documents(tmp_path)
    record = tmp_path / "records" / "wcda-208257.txt"
    record.write_text(
        record.read_text(encoding="utf-8")
        .replace("May 2, 1950", "June 9, 1951")
        .replace("Peking", "Zanzibar"),
        encoding="utf-8",
    )
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)

    report = Pipeline(settings, clock=lambda: FIXED_NOW).ingest([tmp_path / "records"], store)
    updated = store.dumps_dir() / CATALOG
    rebuilt = tmp_path / "rebuilt.sqlite"
    build(store.snapshot(), rebuilt)

    assert (report.stored, report.unchanged) == (1, 2)
    assert contents(updated) == contents(rebuilt)
    assert contents(updated) != contents(first.path)
    assert Catalog(updated).listing(Selection(year=1951))[0] == 1
    assert updates == [[f"{BASE}graph/text/wcda-208257"]]  # a copy, brought up to date
    ((touched, counted_afresh),) = afresh
    assert counted_afresh < touched if top == 50 else counted_afresh <= touched


def test_a_changed_entity_description_rebuilds_the_catalogue(tmp_path: Path) -> None:
    first = catalog_of_three_documents(tmp_path)
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    snapshot = open_store(settings.store, settings).snapshot()
    molotov = f"{BASE}graph/person/molotov"
    assert snapshot.contains_named_graph(NamedNode(molotov))

    again = tmp_path / "again.sqlite"
    build(snapshot, again, first.path, {molotov})
    rebuilt = tmp_path / "rebuilt.sqlite"
    build(snapshot, rebuilt)

    assert contents(again) == contents(rebuilt) == contents(first.path)


def test_a_removed_document_leaves_the_catalogue_as_a_full_build_would(
    tmp_path: Path, updates: list[list[str]], every_scope_precounted: None
) -> None:
    catalog_of_three_documents(tmp_path)
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)

    with store.batch() as batch:
        batch.remove(f"{BASE}graph/text/wcda-208258")
    rebuilt = tmp_path / "rebuilt.sqlite"
    build(store.snapshot(), rebuilt)

    updated = store.dumps_dir() / CATALOG
    assert updates == [[f"{BASE}graph/text/wcda-208258"]]
    assert contents(updated) == contents(rebuilt)
    assert Catalog(updated).counts()["documents"] == 2
    assert Catalog(updated).listing(Selection(q="zanzibar"))[0] == 0
