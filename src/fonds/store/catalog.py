"""The catalogue: facets, listings and full-text search, built with each published version.

SPARQL engines scan for "documents per year" or "documents whose text says X", so each
publication also writes `catalog.sqlite` beside its dumps: one row per document, one per
(document, entity) mention, and an SQLite FTS5 index over titles, summaries and texts.
It is written from the version's own store before the version is published and never
changed after, so pages built on it always agree with SPARQL on the same version. A
publication that changed few graphs starts from a copy of the previous version's
catalogue and rewrites only the documents in those graphs; the result is the same as a
full build (tests compare the two).

SQLite FTS5 because it ships with Python (no service, no extra package), is consistent by
construction here (rebuilt with the version, atomically published with it), tokenizes
with Unicode case and diacritics folding (`unicode61 remove_diacritics 2`), and ranks by
BM25.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from fonds.store.facts import COLUMNS, ENTITIES, FacetValue, Facts
from fonds.store.snippets import query_words, snippet

CATALOG = "catalog.sqlite"
VERSION = 11  # PRAGMA user_version; older catalogues are rebuilt when they are opened
FACETS = COLUMNS + ENTITIES
KINDS = {
    "http://www.cidoc-crm.org/cidoc-crm/E21_Person": "person",
    "http://www.cidoc-crm.org/cidoc-crm/E74_Group": "organization",
    "http://www.cidoc-crm.org/cidoc-crm/E53_Place": "place",
}
SCHEMA = """
CREATE TABLE documents(
  id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, title TEXT NOT NULL, date TEXT,
  year INTEGER, type TEXT, archive TEXT, summary TEXT, text TEXT, graph TEXT NOT NULL,
  source TEXT);  -- the hash of the record it was made from: a re-run skips it unchanged
CREATE INDEX documents_by_graph ON documents(graph);
CREATE TABLE entities(
  id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL);
-- Integer keys, stored by document: a selection's facets group small numbers, not IRIs.
CREATE TABLE mentions(
  document INTEGER NOT NULL REFERENCES documents(id),
  entity INTEGER NOT NULL REFERENCES entities(id),
  PRIMARY KEY (document, entity)) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions(entity, document);
-- What a document's facets count, in a narrow row: a selection's facets read these, not
-- the documents' rows with their texts. Its mentions are packed as 32-bit entity ids,
-- counted in one pass in C rather than grouped by SQLite row by row.
CREATE TABLE facts(
  id INTEGER PRIMARY KEY, year INTEGER, type TEXT, archive TEXT, entities BLOB NOT NULL);
-- A year's, a type's or an archive's documents in date order, straight from an index.
CREATE INDEX documents_by_year ON documents(year, date, title);
CREATE INDEX documents_by_date ON documents(date, title);
-- What the unfiltered listing (home page, /documents) shows, counted once at build time:
-- grouping every mention on each request grows with the archive.
CREATE TABLE facet_counts(
  facet TEXT NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL, count INTEGER NOT NULL);
CREATE INDEX facet_counts_by_facet ON facet_counts(facet, count DESC, label);
-- The same for each large one-value selection (a year, a person, ...), top values only:
-- a person named in a tenth of a 100k archive took 200 ms to count on each request.
CREATE TABLE scoped_counts(
  scope TEXT NOT NULL, scope_value TEXT NOT NULL, facet TEXT NOT NULL,
  value TEXT NOT NULL, label TEXT NOT NULL, count INTEGER NOT NULL);
CREATE INDEX scoped_counts_by_scope ON scoped_counts(scope, scope_value);
-- Per precounted selection and facet, at least the count of any value not kept (0: every
-- value is kept), so that a publication can shift the kept counts by what its few
-- documents add or take away, and count afresh only when that cannot be exact.
CREATE TABLE scoped_bounds(
  scope TEXT NOT NULL, scope_value TEXT NOT NULL, facet TEXT NOT NULL, bound INTEGER NOT NULL,
  PRIMARY KEY (scope, scope_value, facet)) WITHOUT ROWID;
CREATE INDEX documents_by_type ON documents(type, date, title);
CREATE INDEX documents_by_archive ON documents(archive, date, title);
CREATE TABLE totals(kind TEXT PRIMARY KEY, count INTEGER NOT NULL);
CREATE VIRTUAL TABLE search USING fts5(
  title, summary, text, content='documents', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
"""
PREFIXES = """
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
DOCUMENTS = (
    PREFIXES
    + """
SELECT ?doc (SAMPLE(?g) AS ?graph) (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date)
       (SAMPLE(?typeLabel) AS ?type) (SAMPLE(?archiveLabel) AS ?archive)
       (SAMPLE(?s) AS ?summary) (SAMPLE(?body) AS ?text) (SAMPLE(?h) AS ?source)
WHERE {
  #CHANGED
  GRAPH ?g { ?doc a crm:E31_Document }
  ?doc dcterms:title ?t .
  OPTIONAL { ?doc dcterms:created ?d }
  OPTIONAL { ?doc crm:P2_has_type ?kind . ?kind skos:prefLabel ?typeLabel .
             FILTER(CONTAINS(STR(?kind), "/concept/doc-type/") && LANG(?typeLabel) = "en") }
  OPTIONAL { ?doc rico:hasOrHadInstantiation/crm:P50_has_current_keeper/rdfs:label ?archiveLabel }
  OPTIONAL { ?doc dcterms:abstract ?s }
  OPTIONAL { GRAPH ?g { ?g <https://w3id.org/fonds/ns#sourceHash> ?h } }
  OPTIONAL { { ?doc crm:P73_has_translation/crm:P190_has_symbolic_content ?body }
             UNION { ?doc crm:P190_has_symbolic_content ?body } }
}
GROUP BY ?doc
"""
)
# The names a document's annotations point at, read inside each document's own graph
# (an indexed join), with each entity's kind and label from its own description.
MENTIONS = (
    PREFIXES
    + """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?doc ?entity ?class ?label WHERE {
  #CHANGED
  GRAPH ?g { ?doc a crm:E31_Document . ?annotation oa:hasBody ?entity }
  ?entity a ?class ; rdfs:label ?label .
  FILTER(?class IN (crm:E21_Person, crm:E74_Group, crm:E53_Place))
}
"""
)
# Which of some graphs hold a document.
HOLDING = (
    PREFIXES
    + """
SELECT DISTINCT ?g WHERE {
  #CHANGED
  GRAPH ?g { ?doc a crm:E31_Document }
}
"""
)
# The documents' graphs that point at something some graphs describe (an entity, a
# concept), whose rows show its label.
REFERRING = (
    PREFIXES
    + """
SELECT DISTINCT ?d WHERE {
  #CHANGED
  GRAPH ?g { ?described ?p ?o }
  GRAPH ?d { ?doc a crm:E31_Document . ?x ?q ?described }
}
"""
)
REBUILD_ABOVE = 0.1
"""A publication that changed more than this share of the documents builds afresh."""
SCOPED_FROM = 500
"""A one-value selection of at least this many documents has its facets counted at build
time (counting 500 documents' facets on request takes about 8 ms)."""
SCOPED_TOP = 50
"""Values kept for each facet of such a selection; a page shows 12."""


def build(
    store: ox.Store, path: Path, previous: Path | None = None, changed: set[str] | None = None
) -> None:
    """Write the catalogue of `store` to `path` (replacing it atomically).

    Given the `previous` version's catalogue and the graphs `changed` since, only the
    documents in those graphs, and the names they mention, are written again.
    """
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    rewrite = _to_rewrite(store, previous, changed) if previous and changed is not None else None
    if rewrite is not None:
        shutil.copyfile(previous, temporary)  # the previous version's file stays as it is
        with closing(sqlite3.connect(temporary)) as db:
            _update(db, store, sorted(rewrite))
            db.commit()
    else:
        with closing(sqlite3.connect(temporary)) as db:
            db.executescript(SCHEMA)
            _add_documents(db, store.query(DOCUMENTS.replace("#CHANGED", ""), **UNION))
            _add_mentions(db, store.query(MENTIONS.replace("#CHANGED", ""), **UNION))
            _add_facts(db, "SELECT id FROM documents")
            db.execute("INSERT INTO search(search) VALUES ('rebuild')")
            _count_facets(db)
            _count_scopes(db)
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.commit()
    temporary.replace(path)


UNION = {"use_default_graph_as_union": True}


def _to_rewrite(store: ox.Store, previous: Path, changed: set[str]) -> set[str] | None:
    """The documents' graphs whose rows a change calls for; None: build afresh.

    They are the changed graphs that hold (or held) a document, and the graphs of the
    documents that point at anything a changed description describes. A catalogue of an
    older Fonds, a removed description, or a change to more than a tenth of the
    documents mean a full build.
    """
    if not is_current(previous):
        return None
    with closing(sqlite3.connect(f"file:{previous}?mode=ro", uri=True)) as db:
        (documents,) = db.execute("SELECT COUNT(*) FROM documents").fetchone()
        limit = max(documents * REBUILD_ABOVE, 100)
        if len(changed) > limit:
            return None
        marks = ", ".join("?" * len(changed))
        query = f"SELECT graph FROM documents WHERE graph IN ({marks})"
        former = {graph for (graph,) in db.execute(query, sorted(changed))}
    present = {g for g in changed if store.contains_named_graph(ox.NamedNode(g))}
    if any(g not in present and g not in former for g in changed):
        return None
    holding = {row["g"].value for row in store.query(HOLDING.replace("#CHANGED", _values(changed)))}
    descriptions = present - holding
    rewrite = holding | (former - present)
    if descriptions:
        query = REFERRING.replace("#CHANGED", _values(descriptions))
        rewrite |= {row["d"].value for row in store.query(query)}
    return rewrite if len(rewrite) <= limit else None


def _values(graphs: Iterable[str]) -> str:
    return "VALUES ?g { " + " ".join(f"<{graph}>" for graph in sorted(graphs)) + " }"


def _update(db: sqlite3.Connection, store: ox.Store, changed: list[str]) -> None:
    """Write again the documents in the `changed` graphs and the names they mention."""
    values = _values(changed)
    db.execute("CREATE TEMP TABLE changed(graph TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO changed VALUES (?)", ((graph,) for graph in changed))
    leaving = "SELECT id FROM documents WHERE graph IN (SELECT graph FROM changed)"
    before = _facet_values(db, leaving)
    # An external-content FTS5 index forgets a row only when told its old values.
    db.execute(
        "INSERT INTO search(search, rowid, title, summary, text) "
        "SELECT 'delete', id, title, summary, text FROM documents "
        "WHERE graph IN (SELECT graph FROM changed)"
    )
    for table, column in (("mentions", "document"), ("facts", "id")):
        db.execute(
            f"DELETE FROM {table} WHERE {column} IN "
            "(SELECT id FROM documents WHERE graph IN (SELECT graph FROM changed))"
        )
    db.execute("DELETE FROM documents WHERE graph IN (SELECT graph FROM changed)")
    added = _add_documents(db, store.query(DOCUMENTS.replace("#CHANGED", values), **UNION))
    db.executemany(
        "INSERT INTO search(rowid, title, summary, text) "
        "SELECT id, title, summary, text FROM documents WHERE id = ?",
        ((document,) for document in added.values()),
    )
    _add_mentions(db, store.query(MENTIONS.replace("#CHANGED", values), **UNION))
    db.execute("CREATE TEMP TABLE added(id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO added VALUES (?)", ((document,) for document in added.values()))
    _add_facts(db, "SELECT id FROM added")
    after = _facet_values(db, "SELECT id FROM added")
    # The one-value selections the changed documents belonged to, or now belong to.
    touched = {(facet, value) for values in before + after for facet, value, _ in values}
    db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM mentions)")
    db.execute("DELETE FROM facet_counts")
    db.execute("DELETE FROM totals")
    _count_facets(db)
    _count_scopes(db, _shift_scopes(db, touched, before, after))


def _add_documents(db: sqlite3.Connection, rows: Iterable[ox.QuerySolution]) -> dict[str, int]:
    """Insert documents from DOCUMENTS rows; return their ids by IRI."""
    ids: dict[str, int] = {}
    for row in rows:
        iri = row["doc"].value
        date = _value(row["date"])
        year = int(date[:4]) if date and re.match(r"\d{4}", date) else None
        cursor = db.execute(
            "INSERT INTO documents(iri, title, date, year, type, archive, summary, text, graph, "
            "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                iri,
                _value(row["title"]) or iri,
                date,
                year,
                _value(row["type"]),
                _value(row["archive"]),
                _value(row["summary"]),
                _value(row["text"]),
                row["graph"].value,
                _value(row["source"]),
            ),
        )
        ids[iri] = int(cursor.lastrowid or 0)
    return ids


def _add_mentions(db: sqlite3.Connection, rows: Iterable[ox.QuerySolution]) -> None:
    """Insert mentions from MENTIONS rows, and each entity the first time it is named."""
    documents = dict(db.execute("SELECT iri, id FROM documents"))
    entities = dict(db.execute("SELECT iri, id FROM entities"))
    for row in rows:
        document = documents.get(row["doc"].value)
        if document is None:
            continue
        iri = row["entity"].value
        if iri not in entities:
            cursor = db.execute(
                "INSERT INTO entities(iri, kind, label) VALUES (?, ?, ?)",
                (iri, KINDS[row["class"].value], row["label"].value),
            )
            entities[iri] = int(cursor.lastrowid or 0)
        db.execute("INSERT OR IGNORE INTO mentions VALUES (?, ?)", (document, entities[iri]))


def is_current(path: Path) -> bool:
    """Whether `path` holds a catalogue this version of Fonds can read."""
    if not path.exists():
        return False
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0] == VERSION


def _add_facts(db: sqlite3.Connection, documents: str) -> None:
    """Write the `facts` row of each of the `documents` (a query of their ids)."""
    mentions = db.execute(
        f"SELECT document, entity FROM mentions WHERE document IN ({documents}) "
        "ORDER BY document, entity"
    )
    packed = {
        document: array("i", (entity for _, entity in group)).tobytes()
        for document, group in groupby(mentions, key=itemgetter(0))
    }
    rows = db.execute(f"SELECT id, year, type, archive FROM documents WHERE id IN ({documents})")
    db.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?, ?)",
        [(*row, packed.get(row[0], b"")) for row in rows],
    )


def _count_facets(db: sqlite3.Connection) -> None:
    for column in COLUMNS:
        db.execute(
            f"INSERT INTO facet_counts SELECT '{column}', {column}, {column}, COUNT(*) "
            f"FROM documents WHERE {column} IS NOT NULL GROUP BY {column}"
        )
    db.execute(
        "INSERT INTO facet_counts SELECT e.kind, e.iri, e.label, COUNT(*) FROM mentions m "
        "JOIN entities e ON e.id = m.entity GROUP BY e.id"
    )
    db.execute("INSERT INTO totals SELECT 'documents', COUNT(*) FROM documents")
    db.execute("INSERT INTO totals SELECT kind, COUNT(*) FROM entities GROUP BY kind")


def _count_scopes(db: sqlite3.Connection, touched: set[tuple[str, str]] | None = None) -> None:
    """Count the facets of every large one-value selection (of those `touched`, if given)."""
    if touched is not None:
        for table in ("scoped_counts", "scoped_bounds"):
            db.executemany(
                f"DELETE FROM {table} WHERE scope = ? AND scope_value = ?", sorted(touched)
            )
    large = db.execute(
        "SELECT facet, value FROM facet_counts WHERE count >= ? ORDER BY facet, value",
        (SCOPED_FROM,),
    )
    scopes = [scope for scope in large.fetchall() if touched is None or scope in touched]
    if not scopes:  # a publication whose counts were all shifted: no facts to read (0.5 s)
        return
    facts = Facts.read(db)
    for facet, value in scopes:
        counted = facts.count(_scope_ids(db, facet, value), SCOPED_TOP + 1)  # +1: the bound
        _keep_scope(db, (facet, value), counted)


def _scope_ids(db: sqlite3.Connection, facet: str, value: str) -> list[int]:
    """The documents of a one-value selection, straight from its index (what `_choose`
    selects, without writing them to a table: a few are the whole archive)."""
    if facet in COLUMNS:
        rows = db.execute(
            f"SELECT id FROM documents WHERE {facet} = ?",
            (int(value) if facet == "year" else value,),
        )
    else:
        rows = db.execute(
            "SELECT document FROM mentions WHERE entity = (SELECT id FROM entities WHERE iri = ?)",
            (value,),
        )
    return [row[0] for row in rows]


def _keep_scope(
    db: sqlite3.Connection, scope: tuple[str, str], counted: dict[str, list[FacetValue]]
) -> None:
    """Write a selection's top values of each facet, and the bound of those left out."""
    for name, values in counted.items():
        kept, rest = values[:SCOPED_TOP], values[SCOPED_TOP:]
        db.executemany(
            "INSERT INTO scoped_counts VALUES (?, ?, ?, ?, ?, ?)",
            ((*scope, name, v.value, v.label, v.count) for v in kept),
        )
        bound = max((v.count for v in rest), default=0)
        db.execute("INSERT INTO scoped_bounds VALUES (?, ?, ?, ?)", (*scope, name, bound))


def _facet_values(db: sqlite3.Connection, documents: str) -> list[set[tuple[str, str, str]]]:
    """Each of the `documents` (a query of their ids) as the facet values it counts for:
    (facet, value, label)."""
    entities = {row[0]: row[1:] for row in db.execute("SELECT id, kind, iri, label FROM entities")}
    found = []
    rows = db.execute(f"SELECT {', '.join(COLUMNS)}, entities FROM facts WHERE id IN ({documents})")
    for *columns, packed in rows:
        values = {
            (column, str(value), str(value))
            for column, value in zip(COLUMNS, columns, strict=True)
            if value is not None
        }
        values.update(entities[e] for e in array("i", packed))
        found.append(values)
    return found


def _shift_scopes(
    db: sqlite3.Connection,
    touched: set[tuple[str, str]],
    before: list[set[tuple[str, str, str]]],
    after: list[set[tuple[str, str, str]]],
) -> set[tuple[str, str]]:
    """Shift the kept counts of each touched selection by the documents that left it
    (`before`) and joined it (`after`); return the selections to count afresh.

    A kept list stays exact while its last value still counts more than any value left
    out could now: the bound, plus what the joining documents add to that value.
    """
    afresh = set()
    for scope in sorted(touched):
        bounds = dict(
            db.execute(
                "SELECT facet, bound FROM scoped_bounds WHERE scope = ? AND scope_value = ?",
                scope,
            )
        )
        total = db.execute(
            "SELECT count FROM facet_counts WHERE facet = ? AND value = ?", scope
        ).fetchone()
        if not bounds or total is None or total[0] < SCOPED_FROM:
            afresh.add(scope)  # newly large: count it; no longer large: forget it
            continue
        delta: Counter[tuple[str, str, str]] = Counter()
        for documents, sign in ((after, 1), (before, -1)):
            for values in documents:
                if any((facet, value) == scope for facet, value, _ in values):
                    for item in values:
                        delta[item] += sign
        shifted = {
            facet: _shifted(db, scope, facet, bounds.get(facet, 0), delta) for facet in FACETS
        }
        if any(counted is None for counted in shifted.values()):
            afresh.add(scope)
            continue
        for table in ("scoped_counts", "scoped_bounds"):
            db.execute(f"DELETE FROM {table} WHERE scope = ? AND scope_value = ?", scope)
        _keep_scope(db, scope, shifted)  # type: ignore[arg-type]
    return afresh


def _shifted(
    db: sqlite3.Connection,
    scope: tuple[str, str],
    facet: str,
    bound: int,
    delta: Counter[tuple[str, str, str]],
) -> list[FacetValue] | None:
    """One facet's kept values shifted by `delta`, ordered as counting would order them;
    with the bound of the rest as a last, unnamed value; None if that cannot be exact."""
    kept = {
        value: [label, count]
        for value, label, count in db.execute(
            "SELECT value, label, count FROM scoped_counts "
            "WHERE scope = ? AND scope_value = ? AND facet = ?",
            (*scope, facet),
        )
    }
    gained, lost = 0, False
    for (name, value, label), change in delta.items():
        if name != facet:
            continue
        if value in kept:
            kept[value][0] = label
            kept[value][1] += change
            lost = lost or change < 0  # a relabelled value loses its old label's count
        elif bound == 0:  # every value was kept: one left out had none
            kept[value] = [label, change]
        else:
            gained = max(gained, change)
    values = sorted(
        (FacetValue(value, label, count) for value, (label, count) in kept.items() if count > 0),
        key=lambda v: (-v.count, v.label, v.value),
    )
    rest = bound + gained if bound else 0
    # When no kept value lost and no value left out gained, the first values are still
    # the first, even tied at the cut (a record edited in its text, a nightly's usual).
    moved = gained or lost
    if rest and moved and (len(values) < SCOPED_TOP or values[SCOPED_TOP - 1].count <= rest):
        return None  # a value left out might now be among the first
    if rest:
        values.append(FacetValue("", "", max([rest, *(v.count for v in values[SCOPED_TOP:])])))
    return values


def _value(term: ox.Literal | ox.NamedNode | None) -> str | None:
    return term.value if term is not None else None


@dataclass(frozen=True)
class Selection:
    """What a listing is narrowed to: facet values and a full-text query."""

    year: int | None = None
    type: str | None = None
    archive: str | None = None
    person: str | None = None
    place: str | None = None
    organization: str | None = None
    q: str | None = None

    def chosen(self) -> dict[str, str]:
        """The non-empty parts, for links and SPARQL."""
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}

    def scope(self) -> tuple[str, str] | None:
        """(facet, value) when the selection is one facet value and no search."""
        chosen = self.chosen()
        if len(chosen) == 1 and "q" not in chosen:
            return next(iter(chosen.items()))
        return None


@dataclass(frozen=True)
class Listed:
    """One document in a listing."""

    iri: str
    title: str
    date: str | None
    type: str | None
    archive: str | None
    snippet: str | None = None


class Catalog:
    """Read-only queries on one version's catalogue."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        uri = f"file:{self.path}?mode=ro&immutable=1"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            yield db
        finally:
            db.close()

    def counts(self) -> dict[str, int]:
        """Documents, people, places and organizations in the dataset."""
        with self._db() as db:
            return dict(db.execute("SELECT kind, count FROM totals"))

    def browse(
        self, selection: Selection, limit: int = 50, offset: int = 0, facets: int = 12
    ) -> tuple[int, list[Listed], dict[str, list[FacetValue]]]:
        """A page of a selection, its total and its facets, choosing the documents once."""
        with self._db() as db:
            scoped = _scoped(db, selection, facets)
            if scoped is not None:
                total, counted = scoped
                return total, _scope_listing(db, selection, limit, offset), counted
            if selection.q:
                matched = _match(db, selection)
                counted = _facts_of(self.path).count(matched.ids, facets)
                return len(matched), _ranked(db, selection, matched, limit, offset), counted
            total = _choose(db, selection) if selection.chosen() else None
            counted = self._facets(db, selection, facets, precounted=True)
            return (*_listed(db, total, limit, offset), counted)

    def listing(
        self, selection: Selection, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[Listed]]:
        """The documents of a selection (best matches first when searching), and their total."""
        with self._db() as db:
            scoped = _scoped(db, selection, 0)
            if scoped is not None:
                return scoped[0], _scope_listing(db, selection, limit, offset)
            if selection.q:
                matched = _match(db, selection)
                return len(matched), _ranked(db, selection, matched, limit, offset)
            total = _choose(db, selection) if selection.chosen() else None
            return _listed(db, total, limit, offset)

    def facets(
        self, selection: Selection, limit: int = 12, *, precounted: bool = True
    ) -> dict[str, list[FacetValue]]:
        """For each facet, its values among the selected documents, most frequent first.

        With nothing selected, or one value of a facet that many documents have, the
        counts made when the catalogue was built are read (unless `precounted` is False).
        """
        with self._db() as db:
            scoped = _scoped(db, selection, limit) if precounted else None
            if scoped is not None:
                return scoped[1]
            if selection.q:
                return _facts_of(self.path).count(_match(db, selection).ids, limit)
            if selection.chosen() or not precounted:
                _choose(db, selection)
            return self._facets(db, selection, limit, precounted=precounted)

    def _facets(
        self, db: sqlite3.Connection, selection: Selection, limit: int, *, precounted: bool
    ) -> dict[str, list[FacetValue]]:
        """The facets of the documents `_choose` put in `chosen`, or of all of them."""
        if precounted and not selection.chosen():
            return {
                facet: [
                    FacetValue(value, label, n)
                    for value, label, n in db.execute(
                        "SELECT value, label, count FROM facet_counts WHERE facet = ? "
                        "ORDER BY count DESC, label, value LIMIT ?",
                        (facet, limit),
                    )
                ]
                for facet in FACETS
            }
        return _facts_of(self.path).count(_chosen_ids(db), limit)

    def sources(self) -> Iterator[tuple[str, str, str]]:
        """Graph, source hash and document of every document made from a record."""
        with self._db() as db:
            yield from db.execute(
                "SELECT graph, source, iri FROM documents WHERE source IS NOT NULL"
            )

    def documents_per_entity(self) -> dict[str, int]:
        """How many documents name each entity, by IRI."""
        with self._db() as db:
            rows = db.execute(
                "SELECT e.iri, m.count FROM entities e JOIN (SELECT entity, COUNT(*) AS count "
                "FROM mentions GROUP BY entity) m ON m.entity = e.id"
            )
            return dict(rows)

    def mentioning(self, entity: str, limit: int = 50, offset: int = 0) -> tuple[int, list[Listed]]:
        """The documents that name an entity, by date."""
        with self._db() as db:
            found = db.execute("SELECT kind FROM entities WHERE iri = ?", (entity,)).fetchone()
            if found is None:
                return 0, []
            selection = Selection(**{found[0]: entity})
            scoped = _scoped(db, selection, 0)
            if scoped is not None:
                return scoped[0], _scope_listing(db, selection, limit, offset)
            total = _choose(db, selection)
            return _listed(db, total, limit, offset)


LISTED = "d.iri, d.title, d.date, d.type, d.archive"
ORDER = "ORDER BY d.date, d.title, d.id"


def _listed(
    db: sqlite3.Connection, total: int | None, limit: int, offset: int
) -> tuple[int, list[Listed]]:
    """A page of the selection `_choose` put in `chosen` (all documents if `total` is None)."""
    if total is None:  # nothing selected: the whole archive, in date order (indexed)
        count = db.execute("SELECT count FROM totals WHERE kind = 'documents'").fetchone()
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d {ORDER} LIMIT ? OFFSET ?", (limit, offset)
        )
        return (count or (0,))[0], [Listed(*row) for row in rows]
    rows = db.execute(
        f"SELECT {LISTED}, NULL FROM chosen c JOIN documents d ON d.id = c.id "
        f"{ORDER} LIMIT ? OFFSET ?",
        (limit, offset),
    )
    return total, [Listed(*row) for row in rows]


def _ranked(
    db: sqlite3.Connection, selection: Selection, matched: _Matched, limit: int, offset: int
) -> list[Listed]:
    """A page of a search's matches, best first, each with a snippet of its text."""
    # Rank first, then cut snippets for the one page shown (snippets.py says why not FTS5's).
    page = [int(i) for i in matched.best(limit, offset)]
    marks = ", ".join("?" * len(page))
    words = query_words(selection.q)
    found = {
        row[0]: Listed(*row[1:-1], snippet(row[-1], words))
        for row in db.execute(
            f"SELECT d.id, {LISTED}, d.text FROM documents d WHERE d.id IN ({marks})", page
        )
    }
    return [found[rowid] for rowid in page if rowid in found]


def _scoped(
    db: sqlite3.Connection, selection: Selection, limit: int
) -> tuple[int, dict[str, list[FacetValue]]] | None:
    """The total and the precounted facets of a large one-value selection, else None."""
    scope = selection.scope()
    if scope is None or limit > SCOPED_TOP:
        return None
    found = db.execute(
        "SELECT count FROM facet_counts WHERE facet = ? AND value = ?", scope
    ).fetchone()
    if found is None or found[0] < SCOPED_FROM:
        return None
    facets: dict[str, list[FacetValue]] = {facet: [] for facet in FACETS}
    rows = db.execute(
        "SELECT facet, value, label, count FROM scoped_counts "
        "WHERE scope = ? AND scope_value = ? ORDER BY facet, count DESC, label, value",
        scope,
    )
    for facet, value, label, count in rows:
        if len(facets[facet]) < limit:
            facets[facet].append(FacetValue(value, label, count))
    return found[0], facets


def _scope_listing(
    db: sqlite3.Connection, selection: Selection, limit: int, offset: int
) -> list[Listed]:
    """A page of a large one-value selection, read in date order from the index until the
    page is full (rather than sorting all its documents)."""
    scope = selection.scope()
    assert scope is not None
    facet, value = scope
    if facet in COLUMNS:  # an index in this order (see SCHEMA)
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d WHERE d.{facet} = ? {ORDER} LIMIT ? OFFSET ?",
            (int(value) if facet == "year" else value, limit, offset),
        )
    else:  # a large share of the archive: the next in date order is soon one of them
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d INDEXED BY documents_by_date "
            "WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.document = d.id AND m.entity = "
            f"(SELECT id FROM entities WHERE iri = ?)) {ORDER} LIMIT ? OFFSET ?",
            (value, limit, offset),
        )
    return [Listed(*row) for row in rows]


def _conditions(selection: Selection) -> tuple[list[str], list[str | int]]:
    """The selection's year, type, archive and entities as SQL conditions on `d`."""
    clauses: list[str] = []
    params: list[str | int] = []
    for column in COLUMNS:
        value = getattr(selection, column)
        if value not in (None, ""):
            clauses.append(f"d.{column} = ?")
            params.append(value)
    for kind in ENTITIES:
        value = getattr(selection, kind)
        if value:
            clauses.append(
                "d.id IN (SELECT m.document FROM entities e JOIN mentions m "
                "ON m.entity = e.id WHERE e.iri = ?)"
            )
            params.append(value)
    return clauses, params


def _choose(db: sqlite3.Connection, selection: Selection) -> int:
    """Put the ids of the selected documents (not a search) in TEMP table `chosen`;
    return how many.

    Each condition is answered from an index (year, entity), so the cost grows with the
    selection, not with the archive.
    """
    clauses, params = _conditions(selection)
    db.execute("DROP TABLE IF EXISTS temp.chosen")
    db.execute("CREATE TEMP TABLE chosen(id INTEGER PRIMARY KEY)")
    where = " AND ".join(clauses) or "1 = 1"
    inserted = db.execute(f"INSERT INTO chosen SELECT d.id FROM documents d WHERE {where}", params)
    return inserted.rowcount


@dataclass(frozen=True)
class _Matched:
    """The documents a search matched, with their BM25 rank (lower is better)."""

    ids: np.ndarray
    ranks: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def best(self, limit: int, offset: int) -> np.ndarray:
        """The ids of one page of the matches, by rank and then by id."""
        order = np.lexsort((self.ids, self.ranks))
        return self.ids[order[offset : offset + limit]]


def _match(db: sqlite3.Connection, selection: Selection) -> _Matched:
    """The documents matching a search and the selection's other conditions, ranked.

    The match is made once, with its BM25 rank, straight into arrays: the page and the
    facets both read them (the rank is most of the cost: 15 of 20 ms for 14,129
    matches at 100k).
    """
    match = "SELECT rowid, bm25(search) AS rank FROM search WHERE search MATCH ?"
    clauses, params = _conditions(selection)
    if clauses:
        match = (
            f"SELECT s.rowid, s.rank FROM ({match}) s "
            f"JOIN facts d ON d.id = s.rowid WHERE {' AND '.join(clauses)}"
        )
    rows = db.execute(match, [_fts(selection.q), *params]).fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    ranks = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
    return _Matched(ids, ranks)


def _chosen_ids(db: sqlite3.Connection) -> list[int]:
    """The ids `_choose` put in `chosen`."""
    return [row[0] for row in db.execute("SELECT id FROM chosen")]


def _facts_of(path: Path) -> Facts:
    """The facts of a catalogue file, read once per file written."""
    status = path.stat()
    return _read_facts(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=4)
def _read_facts(path: str, mtime: int, size: int) -> Facts:
    uri = f"file:{path}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return Facts.read(db)


def _fts(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur (prefixes for the last)."""
    words = re.findall(r"\w+", text)
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(quoted)
