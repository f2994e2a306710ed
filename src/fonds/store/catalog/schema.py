"""The catalogue's tables, and the version of them this Fonds reads."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

CATALOG = "catalog.sqlite"
VERSION = 11  # PRAGMA user_version; older catalogues are rebuilt when they are opened
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


def is_current(path: Path) -> bool:
    """Whether `path` holds a catalogue this version of Fonds can read."""
    if not path.exists():
        return False
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0] == VERSION
