"""The stages strung together: read → map → validate → store, with a report per record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from fonds.batch import (
    BatchChecker,
    Checked,
    Sources,
    ntriples,
    shared_ntriples,
    stored_sources,
)
from fonds.errors import FondsError
from fonds.link.authorities import AuthorityIndex
from fonds.mapping.document import DocumentGraphs, Ingest, to_graphs
from fonds.mapping.iris import Minter
from fonds.mapping.namespaces import DCTERMS, FONDS, XSD
from fonds.mapping.triples import TripleSet
from fonds.records import Record
from fonds.report import Outcome, RunReport
from fonds.resources import bundled
from fonds.settings import Settings
from fonds.store import Store
from fonds.store.catalog import CATALOG
from fonds.store.convert import as_stored, from_ntriples, graph_ntriples, quads, to_ntriples
from fonds.validate import Problem, Validator, load_turtle_folder, read_ntriples

__all__ = ["Outcome", "Pipeline", "RunReport", "StrictAbort"]


Progress = Callable[[int], None]
"""Called with the number of records checked so far."""


class StrictAbort(FondsError):
    """--strict and at least one record was refused: nothing is stored."""

    def __init__(self, report: RunReport) -> None:
        self.report = report
        super().__init__(f"{len(report.failed)} record(s) refused; with --strict none is stored")


class _NothingToStore(Exception):
    """Every record was refused: publish no new version at all."""


class Pipeline:
    """Everything that stays the same from one record to the next."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))
        self.minter = Minter(settings.base_iri)
        self.authorities = AuthorityIndex.load(settings.authorities)
        self.vocabulary = load_turtle_folder(bundled("ontology"), settings.base_iri)
        self.validator = Validator(settings.base_iri)
        self._checked: dict[str, int] = {}
        self._vocabulary_ntriples = read_ntriples(
            to_ntriples(quads(self.vocabulary, None)), self.validator.reads
        )

    def check_record(
        self, record: Record, ingest: Ingest, fingerprint: str | None = None
    ) -> tuple[Outcome, DocumentGraphs | None]:
        """Map and validate one record; `fingerprint` is stored as its source hash."""
        try:
            graphs = to_graphs(record, self.minter, self.authorities, ingest, self.clock())
        except FondsError as error:
            return Outcome(record.path, error=f"{record.path}: {error}"), None
        own = graph_ntriples(graphs.graph)
        data = self.validation_input(graphs, own)
        report = self.validator.validate(str(graphs.document), data, self._focus(graphs))
        kept = [
            Problem("Warning", f"<{graphs.document}>", None, warning, shape="extraction")
            for warning in graphs.warnings
        ]
        outcome = Outcome(record.path, str(graphs.document), report.problems + kept)
        verdict = _verdict(graphs.graph_name, outcome, fingerprint)
        graphs.graph += verdict
        graphs.converted = own + graph_ntriples(verdict)
        return outcome, graphs if outcome.ok else None

    def validation_input(self, graphs: DocumentGraphs, own: bytes) -> bytes:
        """The N-Triples a document is validated on, `own` being its graph's."""
        # Validation costs about 5 µs a triple, so it is given only the triples whose
        # predicate a shape or rule reads (a third of a document's are annotations'): the
        # vocabulary's and those of entity descriptions shared by many documents are
        # picked out once.
        reads = self.validator.reads
        return b"".join(
            [
                self._vocabulary_ntriples,
                read_ntriples(own, reads),
                *(shared_ntriples(agent.graph, reads) for agent in graphs.agents),
            ]
        )

    def _focus(self, graphs: DocumentGraphs) -> set[URIRef]:
        """The nodes to check: the document's, and those of entity graphs new to this run.

        Entity descriptions are deterministic, so one already checked (same graph, same
        content) need not be checked again for the next document that mentions it.
        """
        store = graphs.graph.store
        subjects = (
            store.subjects_once() if isinstance(store, TripleSet) else graphs.graph.subjects()
        )
        focus = {s for s in subjects if isinstance(s, URIRef)}
        for agent in graphs.agents:
            fingerprint = hash(ntriples(agent.graph))  # cached per description
            if self._checked.get(str(agent.graph_name)) != fingerprint:
                self._checked[str(agent.graph_name)] = fingerprint
                focus.update(s for s in agent.graph.subjects() if isinstance(s, URIRef))
        return focus

    def validate(self, paths: Iterable[Path], progress: Progress | None = None) -> RunReport:
        """Check records without storing anything."""
        ingest = Ingest.start(self.minter, self.clock())
        with BatchChecker(self, ingest, self.settings.ingest_workers) as checker:
            outcomes = [c.outcome for c in _unique(checker.check(paths, Sources(), progress))]
        return RunReport(outcomes)

    def ingest(
        self,
        paths: Iterable[Path],
        store: Store,
        *,
        strict: bool = False,
        force: bool = False,
        progress: Progress | None = None,
    ) -> RunReport:
        """Store every valid record (with --strict: all or nothing) in one published batch.

        Records unchanged since they were stored are skipped, unless `force`.
        """
        ingest = Ingest.start(self.minter, self.clock())
        report = RunReport()
        published = store.snapshot()
        folder = store.dumps_dir()
        catalogue = folder / CATALOG if folder is not None else None
        sources = Sources() if force else stored_sources(published, catalogue)
        written: set[tuple[str, bytes]] = set()  # an entity graph shared by many documents
        try:
            with (
                store.batch() as batch,
                BatchChecker(
                    self, ingest, self.settings.ingest_workers, store.local_dir()
                ) as checker,
            ):
                vocab = str(self.minter.graph("vocab"))
                batch.replace(vocab, quads(self.vocabulary, vocab))
                for checked in _unique(checker.check(paths, sources, progress)):
                    report.outcomes.append(checked.outcome)
                    if checked.unchanged:
                        report.unchanged += 1
                    elif checked.graphs:
                        for name, data in checked.contents(skip=written):
                            if name != checked.graphs[0][0]:  # an entity's description
                                data = keep_link_times(batch.published(), name, data)
                            batch.replace_ntriples(name, data)
                        report.stored += 1
                if strict and report.failed:
                    raise StrictAbort(report)
                if report.stored == 0:
                    raise _NothingToStore
        except StrictAbort:
            report.stored = 0
            raise
        except _NothingToStore:
            pass
        return report


def _unique(stream: Iterable[Checked]) -> Iterator[Checked]:
    """Refuse a second record with a record id already read in this batch."""
    seen: dict[str, str] = {}
    for checked in stream:
        document = checked.document
        if document is not None and document in seen:
            what = f"record id {checked.record_id}" if checked.record_id else document
            checked.outcome.error = (
                f"{checked.outcome.source}: {what} was "
                f"already read from {seen[document]} in this batch; the first one is kept"
            )
            checked.graphs, checked.unchanged = [], False
        elif document is not None:
            seen[document] = checked.outcome.source
        yield checked


def keep_link_times(published: ox.Store, name: str, data: bytes) -> bytes:
    """An entity's description (N-Triples) as published, when only the times its links
    were made differ: a nightly run makes the same links again, and keeping the time each
    was first made leaves the description (its page, its ETag, its part of the dumps) as
    it was."""
    # One read, not a test and then a read: without a local copy of a remote store, each
    # is a request.
    stored = set(published.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    if not stored:
        return data
    fresh = as_stored(from_ntriples(data, name))
    created = ox.NamedNode(str(DCTERMS.created))
    if {q for q in stored if q.predicate != created} == {
        q for q in fresh if q.predicate != created
    }:
        return to_ntriples(sorted(stored, key=str))
    return data


def _verdict(graph_name: URIRef, outcome: Outcome, fingerprint: str | None) -> Graph:
    """What is kept with a document's graph: whether it conformed, its warnings, its hash."""
    verdict = Graph()
    verdict.add((graph_name, FONDS.conforms, Literal(outcome.ok, datatype=XSD.boolean)))
    for problem in outcome.problems:
        if problem.severity == "Warning":
            verdict.add((graph_name, FONDS.warning, Literal(str(problem))))
    if fingerprint is not None:
        verdict.add((graph_name, FONDS.sourceHash, Literal(fingerprint)))
    return verdict
