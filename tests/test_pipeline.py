"""Ingest: valid records are stored, refused ones are reported by file and reason."""

import importlib
import os
import time
from datetime import timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest
from bench.corpus import generate

from fonds import batch, known_files
from fonds.batch import stored_sources
from fonds.pipeline import Pipeline, StrictAbort
from fonds.settings import Settings
from fonds.store import open_store, parts
from fonds.store.catalog import CATALOG
from tests.conftest import BASE, CABLE, FIXED_NOW, write_record
from tests.records.test_csv_export import row as csv_row
from tests.records.test_csv_export import write_csv


def without_date_line(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("October 23, 1949"))


def test_ingest_stores_the_cable_and_reingest_replaces_it(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    store = open_store(str(tmp_path / "store"))
    first = pipeline.ingest([CABLE], store)
    count = store.triple_count()
    forced = pipeline.ingest([CABLE], store, force=True)

    assert (first.stored, forced.stored, first.failed) == (1, 1, [])
    assert store.triple_count() == count > 200


def test_an_unchanged_record_is_skipped_and_a_changed_one_is_not(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    store = open_store(str(tmp_path / "store"))
    path = write_record(tmp_path, "cable.txt", cable_text)
    pipeline.ingest([path], store)
    location = store.location()

    again = pipeline.ingest([path], store)
    assert (again.stored, again.unchanged) == (0, 1)
    assert store.location() == location  # nothing to store: no new version is published

    write_record(tmp_path, "cable.txt", cable_text.replace("Five copies", "Six copies"))
    changed = pipeline.ingest([path], store)
    assert (changed.stored, changed.unchanged) == (1, 0)


def test_a_record_without_its_date_line_is_refused_and_the_store_is_unchanged(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    store = open_store(str(tmp_path / "store"))
    pipeline.ingest([CABLE], store)
    before = store.triple_count()
    bad = write_record(tmp_path, "no-date.txt", without_date_line(cable_text))

    report = pipeline.ingest([bad], store)

    assert report.stored == 0
    assert [o.error for o in report.failed] == [
        f"{bad}:4 [date]: missing the date and title line before 'Citation:' "
        "(expected e.g. 'October 23, 1949 Cable Telegram no. 59363 ...')"
    ]
    assert store.triple_count() == before


def mixed_batch(tmp_path: Path, cable_text: str) -> Path:
    """A folder with two good records and, between them, one without its date line."""
    folder = tmp_path / "records"
    folder.mkdir()
    write_record(folder, "1-good.txt", cable_text)
    write_record(folder, "2-bad.txt", without_date_line(cable_text))
    write_record(folder, "3-other.txt", cable_text.replace("document/208256", "document/208257"))
    return folder


def test_a_batch_stores_the_good_records_and_reports_the_bad(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    folder = mixed_batch(tmp_path, cable_text)
    store = open_store(str(tmp_path / "store"))

    report = pipeline.ingest([folder], store)

    assert report.stored == 2
    assert [Path(o.source).name for o in report.failed] == ["2-bad.txt"]
    assert store.snapshot().query(
        "ASK { GRAPH <http://localhost:8000/graph/text/wcda-208257> { ?s ?p ?o } }"
    )


def test_a_file_too_large_to_be_a_record_is_reported_and_the_others_stored(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    write_record(folder, "cable.txt", cable_text)
    with (folder / "huge.txt").open("wb") as file:
        file.truncate(64 * 2**30)  # sparse: read whole, it would fill memory

    report = pipeline.ingest([folder], open_store(str(tmp_path / "store")))

    assert report.stored == 1
    assert [o.error for o in report.failed] == [
        f"{folder / 'huge.txt'}: the file is larger than 2 MiB"
    ]


def test_strict_stores_nothing_when_any_record_is_refused(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    folder = mixed_batch(tmp_path, cable_text)
    store = open_store(str(tmp_path / "store"))

    with pytest.raises(StrictAbort, match="1 record"):
        pipeline.ingest([folder], store, strict=True)

    assert store.triple_count() == 0


def test_a_duplicate_record_id_in_one_batch_keeps_the_first(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    write_record(tmp_path, "a.txt", cable_text)
    write_record(tmp_path, "b.txt", cable_text)
    report = pipeline.validate([tmp_path])
    assert [Path(o.source).name for o in report.failed] == ["b.txt"]
    assert "record id 208256 was already read from" in report.failed[0].error


def generated_export(path: Path, good: int, every: int) -> tuple[Path, list[int]]:
    """A CSV export with `good` readable rows and a broken row after every `every` of them."""
    rows, broken = [], []
    for n in range(1, good + 1):
        rows.append(
            csv_row(
                str(900000 + n),
                title=f"Ciphered Telegram no. {n}, Filippov (Stalin) to Mao Zedong",
                text_body=f"TOP SECRET\n\nTo Cde. Mao Zedong.\n\nReceived your telegram no. {n}.",
            )
        )
        if n % every == 0:
            flaw = [
                {"original_publication_date": "someday"},
                {"title": ""},
                {"document_url": ""},
            ][len(broken) % 3]
            identifier = "not an id!" if "document_url" in flaw else str(800000 + n)
            rows.append(csv_row(identifier, **flaw))
            broken.append(len(rows))
    return write_csv(path, rows), broken


def test_a_csv_export_stores_every_good_row_and_reports_every_broken_one(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    export, broken = generated_export(tmp_path / "export.csv", good=200, every=8)
    store = open_store("memory:")

    report = pipeline.ingest([export], store)

    assert report.stored == 200
    stored = [outcome.document for outcome in report.outcomes if outcome.ok]
    assert stored == sorted(stored)  # in reading order, across chunks checked in parallel
    assert len(broken) == 25
    assert sorted(int(o.error.split("(row ")[1].split(")")[0]) for o in report.failed) == broken
    documents = store.snapshot().query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a <https://www.ica.org/standards/RiC/ontology#Record> } }"
    )
    assert int(next(iter(documents))["n"].value) == 200


def test_a_changed_record_leaves_the_descriptions_of_the_names_it_shares_as_they_were(
    tmp_path: Path, cable_text: str
) -> None:
    settings = Settings(store=str(tmp_path / "store"), base_iri=BASE)
    store = open_store(settings.store, settings)
    path = write_record(tmp_path, "cable.txt", cable_text)
    Pipeline(settings, clock=lambda: FIXED_NOW).ingest([path], store)
    first = store.dumps_dir()

    path.write_text(cable_text.replace("Five copies", "Six copies"), encoding="utf-8")
    later = FIXED_NOW + timedelta(days=1)
    report = Pipeline(settings, clock=lambda: later).ingest([path], store)
    second = store.dumps_dir()

    assert report.stored == 1
    molotov = f"{BASE}graph/person/molotov"
    times = store.snapshot().query(
        f"SELECT ?t {{ GRAPH <{molotov}> {{ ?link <http://purl.org/dc/terms/created> ?t }} }}"
    )
    assert {row["t"].value for row in times} == {"2026-01-02T03:04:05Z"}  # made first then
    split = parts.read_index(first / "parts")
    part = split.part_of(molotov)
    shared = [parts.path(folder / "parts", part, "nq") for folder in (first, second)]
    assert split.part_of(f"{BASE}graph/text/wcda-208256") != part  # apart from the document's
    assert os.path.samefile(*shared)  # its part of the dumps was not written again


def test_an_unchanged_text_file_is_recognised_without_being_parsed(
    pipeline: Pipeline, tmp_path: Path, cable_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(str(tmp_path / "store"))
    (tmp_path / "records").mkdir()
    path = write_record(tmp_path / "records", "cable.txt", cable_text)
    pipeline.ingest([path], store)
    write_record(tmp_path / "records", "copy.txt", cable_text)

    def parse(*_: object) -> None:
        raise AssertionError("an unchanged file was parsed")

    monkeypatch.setattr(importlib.import_module("fonds.records.read"), "read_text", parse)
    again = pipeline.ingest([tmp_path / "records"], store)

    assert (again.stored, again.unchanged) == (0, 1)
    (copy,) = again.failed
    assert copy.error == (
        f"{tmp_path / 'records' / 'copy.txt'}: {BASE}text/wcda-208256 was already read "
        f"from {path} in this batch; the first one is kept"
    )


def test_a_record_file_unchanged_since_the_last_run_is_not_even_read(
    pipeline: Pipeline, tmp_path: Path, cable_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(known_files, "MARGIN_NS", -1_000_000_000)  # settled at once
    store = open_store(str(tmp_path / "store"))
    path = write_record(tmp_path, "cable.txt", cable_text)
    pipeline.ingest([path], store)

    def read(name: str) -> bytes:
        raise AssertionError(f"{name} was read")

    with monkeypatch.context() as reading:
        reading.setattr(batch, "read_record_bytes", read)
        again = pipeline.ingest([path], store)
    time.sleep(0.05)  # past the file system's clock tick
    before = path.stat()
    write_record(tmp_path, "cable.txt", cable_text.replace("Five copies", "Nine copies"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # its size and mtime as they were
    changed = pipeline.ingest([path], store)

    assert (again.stored, again.unchanged) == (0, 1)
    assert (changed.stored, changed.unchanged) == (1, 0)


def test_the_source_hashes_a_rerun_compares_come_from_the_catalogue_as_from_the_store(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    store = open_store(str(tmp_path / "store"))
    pipeline.ingest([write_record(tmp_path, "cable.txt", cable_text)], store)
    snapshot, catalogue = store.snapshot(), store.dumps_dir() / CATALOG

    from_catalogue, from_store = stored_sources(snapshot, catalogue), stored_sources(snapshot)

    assert from_catalogue == from_store
    assert list(from_catalogue.documents.values()) == [f"{BASE}text/wcda-208256"]


def test_records_checked_on_worker_processes_are_stored_as_when_checked_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One full chunk for the worker processes, and a few records after it.
    records = generate(batch.CHUNK + 6, tmp_path / "records")
    checked_here = []
    in_this_process = batch._checked
    monkeypatch.setattr(
        batch, "_checked", lambda *args: (checked_here.append(1), in_this_process(*args))[1]
    )
    stores = {}
    for workers in (1, 2):
        settings = Settings(base_iri=BASE, ingest_workers=workers)
        store = open_store(str(tmp_path / f"store-{workers}"), settings)
        report = Pipeline(settings, clock=lambda: FIXED_NOW).ingest(records, store)
        assert (report.stored, report.failed) == (len(records), [])
        stores[workers] = store
        if workers == 1:
            assert len(checked_here) == len(records)
            checked_here.clear()

    assert checked_here == []  # the chunk after the full one went to the workers too
    # A worker stamps each graph with its own clock; everything else is the same.
    stamped = ox.NamedNode("http://www.w3.org/ns/prov#generatedAtTime")
    one, two = ({q for q in stores[n].snapshot() if q.predicate != stamped} for n in (1, 2))
    assert one == two  # no blank nodes: equal sets of quads are isomorphic datasets
    assert len(one) > 900 * len(records)
