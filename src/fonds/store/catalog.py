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

import pyoxigraph as ox

CATALOG = "catalog.sqlite"
VERSION = 7  # PRAGMA user_version; older catalogues are rebuilt when they are opened
FACETS = ("year", "type", "archive", "person", "place", "organization")
KINDS = {
    "http://www.cidoc-crm.org/cidoc-crm/E21_Person": "person",
    "http://www.cidoc-crm.org/cidoc-crm/E74_Group": "organization",
    "http://www.cidoc-crm.org/cidoc-crm/E53_Place": "place",
}
SCHEMA = """
CREATE TABLE documents(
  id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, title TEXT NOT NULL, date TEXT,
  year INTEGER, type TEXT, archive TEXT, summary TEXT, text TEXT, graph TEXT NOT NULL);
CREATE INDEX documents_by_graph ON documents(graph);
CREATE TABLE entities(
  id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL);
-- Integer keys, stored by document: a selection's facets group small numbers, not IRIs.
CREATE TABLE mentions(
  document INTEGER NOT NULL REFERENCES documents(id),
  entity INTEGER NOT NULL REFERENCES entities(id),
  PRIMARY KEY (document, entity)) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions(entity, document);
-- The same mentions packed by document, as 32-bit entity ids: a selection's entity facets
-- are counted from these in one pass in C, not grouped by SQLite row by row.
CREATE TABLE named(id INTEGER PRIMARY KEY, entities BLOB NOT NULL);
CREATE INDEX documents_by_year ON documents(year);
CREATE INDEX documents_by_date ON documents(date, title);
-- What the unfiltered listing (home page, /documents) shows, counted once at build time:
-- grouping every mention on each request grows with the archive.
CREATE TABLE facet_counts(
  facet TEXT NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL, count INTEGER NOT NULL);
CREATE INDEX facet_counts_by_facet ON facet_counts(facet, count DESC, label);
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
       (SAMPLE(?s) AS ?summary) (SAMPLE(?body) AS ?text)
WHERE {
  #CHANGED
  GRAPH ?g { ?doc a crm:E31_Document }
  ?doc dcterms:title ?t .
  OPTIONAL { ?doc dcterms:created ?d }
  OPTIONAL { ?doc crm:P2_has_type ?kind . ?kind skos:prefLabel ?typeLabel .
             FILTER(CONTAINS(STR(?kind), "/concept/doc-type/") && LANG(?typeLabel) = "en") }
  OPTIONAL { ?doc rico:hasOrHadInstantiation/crm:P50_has_current_keeper/rdfs:label ?archiveLabel }
  OPTIONAL { ?doc dcterms:abstract ?s }
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
            _pack(db, db.execute("SELECT document, entity FROM mentions ORDER BY document"))
            db.execute("INSERT INTO search(search) VALUES ('rebuild')")
            _count_facets(db)
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
    # An external-content FTS5 index forgets a row only when told its old values.
    db.execute(
        "INSERT INTO search(search, rowid, title, summary, text) "
        "SELECT 'delete', id, title, summary, text FROM documents "
        "WHERE graph IN (SELECT graph FROM changed)"
    )
    for table, column in (("mentions", "document"), ("named", "id")):
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
    _pack(
        db,
        db.execute(
            "SELECT m.document, m.entity FROM added a CROSS JOIN mentions m "
            "ON m.document = a.id ORDER BY m.document"
        ),
    )
    db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM mentions)")
    db.execute("DELETE FROM facet_counts")
    db.execute("DELETE FROM totals")
    _count_facets(db)


def _add_documents(db: sqlite3.Connection, rows: Iterable[ox.QuerySolution]) -> dict[str, int]:
    """Insert documents from DOCUMENTS rows; return their ids by IRI."""
    ids: dict[str, int] = {}
    for row in rows:
        iri = row["doc"].value
        date = _value(row["date"])
        year = int(date[:4]) if date and re.match(r"\d{4}", date) else None
        cursor = db.execute(
            "INSERT INTO documents(iri, title, date, year, type, archive, summary, text, graph) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


def _pack(db: sqlite3.Connection, mentions: Iterable[tuple[int, int]]) -> None:
    """Write a `named` row for each document of `mentions` (rows ordered by document)."""
    rows = (
        (document, array("i", (entity for _, entity in group)).tobytes())
        for document, group in groupby(list(mentions), key=itemgetter(0))
    )
    db.executemany("INSERT INTO named VALUES (?, ?)", rows)


def _count_facets(db: sqlite3.Connection) -> None:
    for column in ("year", "type", "archive"):
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


@dataclass(frozen=True)
class Listed:
    """One document in a listing."""

    iri: str
    title: str
    date: str | None
    type: str | None
    archive: str | None
    snippet: str | None = None


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet, with the number of documents that have it."""

    value: str
    label: str
    count: int


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
            total = self._choose(db, selection) if selection.chosen() else None
            counted = self._facets(db, selection, facets, precounted=True)
            return (*self._listed(db, selection, total, limit, offset), counted)

    def listing(
        self, selection: Selection, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[Listed]]:
        """The documents of a selection (best matches first when searching), and their total."""
        with self._db() as db:
            total = self._choose(db, selection) if selection.chosen() else None
            return self._listed(db, selection, total, limit, offset)

    def facets(
        self, selection: Selection, limit: int = 12, *, precounted: bool = True
    ) -> dict[str, list[FacetValue]]:
        """For each facet, its values among the selected documents, most frequent first.

        With nothing selected, the counts made when the catalogue was built are read
        (unless `precounted` is False).
        """
        with self._db() as db:
            if selection.chosen() or not precounted:
                self._choose(db, selection)
            return self._facets(db, selection, limit, precounted=precounted)

    def _listed(
        self,
        db: sqlite3.Connection,
        selection: Selection,
        total: int | None,
        limit: int,
        offset: int,
    ) -> tuple[int, list[Listed]]:
        columns = "d.iri, d.title, d.date, d.type, d.archive"
        if total is None:  # nothing selected: the whole archive, in date order (indexed)
            count = db.execute("SELECT count FROM totals WHERE kind = 'documents'").fetchone()
            rows = db.execute(
                f"SELECT {columns}, NULL FROM documents d "
                "ORDER BY d.date, d.title LIMIT ? OFFSET ?",
                (limit, offset),
            )
            return (count or (0,))[0], [Listed(*row) for row in rows]
        if not selection.q:
            rows = db.execute(
                f"SELECT {columns}, NULL FROM chosen c JOIN documents d ON d.id = c.id "
                "ORDER BY d.date, d.title LIMIT ? OFFSET ?",
                (limit, offset),
            )
            return total, [Listed(*row) for row in rows]
        # Rank first, then make snippets for the one page shown: a snippet reads the whole
        # text, and SQLite would make one for every match before the LIMIT. (Filtering the
        # match by `chosen` inside FTS5 ran the match once per document.)
        match = _fts(selection.q)
        ranked = [
            rowid
            for (rowid,) in db.execute(
                "SELECT id FROM chosen ORDER BY rank, id LIMIT ? OFFSET ?", (limit, offset)
            )
        ]
        marks = ", ".join("?" * len(ranked))
        found = {
            row[0]: Listed(*row[1:])
            for row in db.execute(
                f"SELECT search.rowid, {columns}, snippet(search, 2, '[', ']', ' … ', 16) "
                "FROM search JOIN documents d ON d.id = search.rowid "
                f"WHERE search MATCH ? AND search.rowid IN ({marks})",
                (match, *ranked),
            )
        }
        return total, [found[rowid] for rowid in ranked if rowid in found]

    def _facets(
        self, db: sqlite3.Connection, selection: Selection, limit: int, *, precounted: bool
    ) -> dict[str, list[FacetValue]]:
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
        found: dict[str, list[FacetValue]] = {}
        for column in ("year", "type", "archive"):
            rows = db.execute(
                f"SELECT d.{column}, COUNT(*) FROM chosen c CROSS JOIN documents d "
                f"ON d.id = c.id WHERE d.{column} IS NOT NULL GROUP BY d.{column} "
                f"ORDER BY COUNT(*) DESC, d.{column} LIMIT ?",
                (limit,),
            )
            found[column] = [FacetValue(str(v), str(v), n) for v, n in rows]
        # Each chosen document's entities, counted in C from their packed ids: grouping
        # the mentions row by row in SQLite took twice as long.
        counts: Counter[int] = Counter()
        for (packed,) in db.execute(
            "SELECT x.entities FROM chosen c CROSS JOIN named x ON x.id = c.id"
        ):
            counts.update(array("i", packed))
        table = _entity_table(self.path)
        counted: dict[str, list[FacetValue]] = {}
        for entity, n in counts.items():
            kind, iri, label = table[entity]
            counted.setdefault(kind, []).append(FacetValue(iri, label, n))
        for kind in ("person", "place", "organization"):
            values = sorted(counted.get(kind, []), key=lambda v: (-v.count, v.label, v.value))
            found[kind] = values[:limit]
        return found

    def mentioning(self, entity: str, limit: int = 50, offset: int = 0) -> tuple[int, list[Listed]]:
        """The documents that name an entity, by date."""
        with self._db() as db:
            total = db.execute(
                "SELECT COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity "
                "WHERE e.iri = ?",
                (entity,),
            ).fetchone()[0]
            rows = db.execute(
                "SELECT d.iri, d.title, d.date, d.type, d.archive, NULL FROM entities e "
                "JOIN mentions m ON m.entity = e.id JOIN documents d ON d.id = m.document "
                "WHERE e.iri = ? ORDER BY d.date, d.title LIMIT ? OFFSET ?",
                (entity, limit, offset),
            )
            return total, [Listed(*row) for row in rows]

    def _choose(self, db: sqlite3.Connection, selection: Selection) -> int:
        """Put the ids of the selected documents in TEMP table `chosen`; return how many.

        Each condition is answered from an index (year, entity, the full-text index), so
        the cost grows with the selection, not with the archive.
        """
        clauses, params = ["1 = 1"], []
        for column in ("year", "type", "archive"):
            value = getattr(selection, column)
            if value not in (None, ""):
                clauses.append(f"d.{column} = ?")
                params.append(value)
        for kind in ("person", "place", "organization"):
            value = getattr(selection, kind)
            if value:
                clauses.append(
                    "d.id IN (SELECT m.document FROM entities e JOIN mentions m "
                    "ON m.entity = e.id WHERE e.iri = ?)"
                )
                params.append(value)
        db.execute("CREATE TEMP TABLE chosen(id INTEGER PRIMARY KEY, rank REAL)")
        if selection.q:
            # The match is made once, with its BM25 rank kept for the listing.
            sql = (
                "INSERT INTO chosen SELECT s.rowid, s.rank FROM (SELECT rowid, "
                "bm25(search) AS rank FROM search WHERE search MATCH ?) s "
                f"JOIN documents d ON d.id = s.rowid WHERE {' AND '.join(clauses)}"
            )
            params.insert(0, _fts(selection.q))
        else:
            where = " AND ".join(clauses)
            sql = f"INSERT INTO chosen SELECT d.id, NULL FROM documents d WHERE {where}"
        inserted = db.execute(sql, params)
        return inserted.rowcount


def _entity_table(path: Path) -> dict[int, tuple[str, str, str]]:
    """Kind, IRI and label of every entity of a catalogue, read once per file written."""
    status = path.stat()
    return _read_entities(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=4)
def _read_entities(path: str, mtime: int, size: int) -> dict[int, tuple[str, str, str]]:
    uri = f"file:{path}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return {row[0]: row[1:] for row in db.execute("SELECT id, kind, iri, label FROM entities")}


def _fts(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur (prefixes for the last)."""
    words = re.findall(r"\w+", text)
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(quoted)
