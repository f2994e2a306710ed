"""Checking many records at once: on every core, skipping the ones that did not change.

Reading stays in the main process (files are streamed in order, CSV rows included);
mapping and validation run in worker processes, each with its own Pipeline; the results
come back in order as N-Triples per named graph, and only the main process writes the
store. A record whose content, Fonds version and curated data are unchanged since it was
last stored (its `fonds:sourceHash`) is not mapped again at all; a text file is
recognised as unchanged from its bytes, without being parsed, and one whose size, times
and inode are those it had at the last run without being read (known_files.py).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from fonds import __version__
from fonds.errors import RecordError
from fonds.known_files import KnownFiles, State, state_of
from fonds.mapping.document import DocumentGraphs, Ingest
from fonds.records import Record
from fonds.records.read import read_safely, record_names
from fonds.records.text import read_record_bytes
from fonds.report import Outcome
from fonds.resources import bundled
from fonds.settings import Settings
from fonds.store import catalog
from fonds.store.convert import graph_ntriples
from fonds.validate import read_ntriples

if TYPE_CHECKING:
    from fonds.pipeline import Pipeline

CHUNK = 64
"""Records handed out at a time; a batch smaller than this never starts worker processes."""
HASHES = """
SELECT ?g ?h ?doc WHERE {
  GRAPH ?g { ?g <https://w3id.org/fonds/ns#sourceHash> ?h .
             ?doc a <http://www.cidoc-crm.org/cidoc-crm/E31_Document> }
}
"""


@dataclass
class Checked:
    """One record, checked: its outcome and, when it may be stored, its graphs."""

    outcome: Outcome
    document: str | None = None
    graphs: list[tuple[str, bytes]] = field(default_factory=list)
    """(graph name, N-Triples) for the document's graph and each entity graph."""
    unchanged: bool = False
    record_id: str | None = None

    def contents(self, skip: set[tuple[str, bytes]] | None = None) -> Iterator[tuple[str, bytes]]:
        """Each graph's name and N-Triples; graphs already in `skip` (same name, same
        content) are left out, and the others are added to it."""
        for name, data in self.graphs:
            if skip is not None:
                key = (name, hashlib.sha256(data).digest())
                if key in skip:
                    continue
                skip.add(key)
            yield name, data


def freeze(outcome: Outcome, graphs: DocumentGraphs | None) -> Checked:
    """A check's result in a form that crosses process boundaries cheaply."""
    if graphs is None:
        return Checked(outcome)
    own = graphs.converted if graphs.converted is not None else graph_ntriples(graphs.graph)
    frozen = [(str(graphs.graph_name), own)]
    frozen += [(str(agent.graph_name), ntriples(agent.graph)) for agent in graphs.agents]
    return Checked(outcome, str(graphs.document), frozen)


@lru_cache(maxsize=16384)
def ntriples(graph: Graph) -> bytes:
    """N-Triples of a shared entity description, built once per process.

    Only for graphs that never change after they are built (mapping.agents caches the
    descriptions it makes); a document's own graph goes through graph_ntriples each time.
    Lines are sorted: each worker process iterates rdflib graphs in its own order, and the
    batch recognises a description it has already written by these bytes.
    """
    return b"".join(sorted(graph_ntriples(graph).splitlines(keepends=True)))


@lru_cache(maxsize=16384)
def shared_ntriples(graph: Graph, reads: frozenset[str] | None) -> bytes:
    """What validation reads of a shared, never-changing graph (an entity description):
    the lines of its N-Triples whose predicate is in `reads`."""
    return read_ntriples(ntriples(graph), reads)


def environment_fingerprint(settings: Settings) -> str:
    """What, besides a record, decides its graphs: Fonds's version, curated data, shapes."""
    digest = hashlib.sha256(__version__.encode())
    folders = [settings.authorities, bundled("shapes"), bundled("ontology")]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix in (".tsv", ".ttl", ".json", ".rdf"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    digest.update(settings.base_iri.encode())
    return digest.hexdigest()


def record_fingerprint(record: Record, environment: str) -> str:
    """The source hash stored with the graph of a record read from a CSV row."""
    fields = asdict(record)
    fields.pop("path", None)
    fields.pop("lines", None)
    content = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256((environment + content).encode()).hexdigest()


def file_fingerprint(raw: bytes, environment: str) -> str:
    """The source hash stored with the graph of a record read from a file of its own."""
    return hashlib.sha256(environment.encode() + b"\x00file\x00" + raw).hexdigest()


@dataclass
class Sources:
    """What the published version says of the sources its documents were made from."""

    hashes: dict[str, str] = field(default_factory=dict)
    """Graph name -> source hash."""
    documents: dict[str, str] = field(default_factory=dict)
    """Source hash -> document."""


def stored_sources(snapshot: ox.Store, catalogue: Path | None = None) -> Sources:
    """The source hash of every document in the published version.

    Read from the version's `catalogue` when it has one of this Fonds (100,000 rows in
    a tenth of a second, where the same query on the store takes seconds).
    """
    if catalogue is not None and catalog.is_current(catalogue):
        rows: Iterable[tuple[str, str, str]] = catalog.Catalog(catalogue).sources()
    else:
        rows = ((r["g"].value, r["h"].value, r["doc"].value) for r in snapshot.query(HASHES))
    sources = Sources()
    for graph, fingerprint, document in rows:
        sources.hashes[graph] = fingerprint
        sources.documents[fingerprint] = document
    return sources


# -- worker processes ---------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _start_worker(settings: Settings, ingest: Ingest) -> None:
    from fonds.pipeline import Pipeline

    _WORKER["pipeline"] = Pipeline(settings)
    _WORKER["ingest"] = ingest


def _check_in_worker(item: tuple[Record, str]) -> Checked:
    record, fingerprint = item
    pipeline: Pipeline = _WORKER["pipeline"]  # type: ignore[assignment]
    ingest: Ingest = _WORKER["ingest"]  # type: ignore[assignment]
    return _checked(pipeline, ingest, record, fingerprint)


def _checked(pipeline: Pipeline, ingest: Ingest, record: Record, fingerprint: str) -> Checked:
    checked = freeze(*pipeline.check_record(record, ingest, fingerprint))
    checked.record_id = record.record_id
    return checked


class BatchChecker:
    """Checks a stream of records with the main process's Pipeline or a pool of workers."""

    def __init__(
        self, pipeline: Pipeline, ingest: Ingest, workers: int, known_files: Path | None = None
    ) -> None:
        self.pipeline = pipeline
        self.ingest = ingest
        self.workers = workers
        self.known_files = known_files
        """Where what was learnt of the record files is kept between runs (known_files.py)."""
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BatchChecker:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def check(
        self,
        paths: Iterable[Path],
        sources: Sources,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[Checked]:
        """Every record's Checked, in reading order.

        While the caller stores one chunk's graphs, the worker processes already check the
        next chunk: one chunk of look-ahead keeps them busy without holding more in memory.
        """
        for done, checked in enumerate(self._in_order(paths, sources), start=1):
            if progress is not None:
                progress(done)
            yield checked

    def _in_order(self, paths: Iterable[Path], sources: Sources) -> Iterator[Checked]:
        environment = environment_fingerprint(self.pipeline.settings)
        known = KnownFiles.load(self.known_files, environment)
        waiting: Iterator[Checked] = iter(())
        for chunk in _chunks(self._read(paths, sources, known), CHUNK):
            results, positions, work = self._sort_out(chunk, sources, environment)
            started = _finish(results, positions, self._start(work, len(chunk)))
            yield from waiting  # the previous chunk, while this one is being checked
            waiting = started
        known.save(self.known_files)  # every file was read: what the next run may skip
        yield from waiting

    def _read(
        self, paths: Iterable[Path], sources: Sources, known: KnownFiles
    ) -> Iterator[Checked | RecordError | tuple[Record, str]]:
        """Each record with its fingerprint; an unchanged text file is not even parsed,
        and one unchanged since the last run not even read."""
        for name in record_names(paths):
            if os.path.splitext(name)[1].lower() != ".txt":
                yield from read_safely(Path(name))
                continue
            state = _state(name) if self.known_files is not None else None  # nowhere to keep it
            fingerprint = known.fingerprint(name, state) if state is not None else None
            raw = None
            if fingerprint not in sources.documents:
                raw = _bytes(name)
                fingerprint = file_fingerprint(raw, known.environment) if raw is not None else None
                if fingerprint is not None and state is not None:
                    known.note(name, state, fingerprint)
            document = sources.documents.get(fingerprint or "")
            if document is not None:
                yield Checked(Outcome(name, document), document, unchanged=True)
                continue
            for item in read_safely(Path(name), raw):
                yield (item, fingerprint) if isinstance(item, Record) and fingerprint else item

    def _sort_out(
        self,
        chunk: list[Checked | RecordError | Record | tuple[Record, str]],
        sources: Sources,
        environment: str,
    ) -> tuple[list[Checked | None], list[int], list[tuple[Record, str]]]:
        """What is already known (unreadable, unchanged) and what must be checked."""
        results: list[Checked | None] = [None] * len(chunk)
        positions: list[int] = []
        work: list[tuple[Record, str]] = []
        for position, item in enumerate(chunk):
            if isinstance(item, Checked):
                results[position] = item
                continue
            if isinstance(item, RecordError):
                results[position] = Checked(Outcome(item.path, error=str(item)))
                continue
            record, fingerprint = item if isinstance(item, tuple) else (item, None)
            fingerprint = fingerprint or record_fingerprint(record, environment)
            document = self.pipeline.minter.text("wcda", record.record_id)
            graph = self.pipeline.minter.graph_of(document)
            if sources.hashes.get(str(graph)) == fingerprint:
                results[position] = Checked(
                    Outcome(record.path, str(document)),
                    str(document),
                    unchanged=True,
                    record_id=record.record_id,
                )
            else:
                positions.append(position)
                work.append((record, fingerprint))
        return results, positions, work

    def _start(self, items: list[tuple[Record, str]], chunk_size: int) -> Iterator[Checked]:
        """Begin checking: on the pool (submitted now) or here (when iterated)."""
        # A pool is started for a full chunk only (a small batch is quicker here); once it
        # runs, a batch's last, shorter chunk goes to it too.
        pooled = chunk_size == CHUNK or self._pool is not None
        if self.workers > 1 and pooled and len(items) > 1:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.pipeline.settings, self.ingest),
                )
            return iter(self._pool.map(_check_in_worker, items, chunksize=4))
        return (_checked(self.pipeline, self.ingest, r, fingerprint) for r, fingerprint in items)


def _state(name: str) -> State | None:
    try:
        return state_of(os.stat(name))
    except OSError:
        return None  # read_safely says why


def _bytes(name: str) -> bytes | None:
    try:
        return read_record_bytes(name)
    except (OSError, RecordError):
        return None  # read_safely says why


def _finish(
    results: list[Checked | None], positions: list[int], running: Iterator[Checked]
) -> Iterator[Checked]:
    """A chunk's results in reading order, once its checks are done."""
    for position, checked in zip(positions, running, strict=True):
        results[position] = checked
    for checked in results:
        assert checked is not None
        yield checked


def _chunks(items: Iterable[object], size: int) -> Iterator[list[object]]:
    chunk: list[object] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
