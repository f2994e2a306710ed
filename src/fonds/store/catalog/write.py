"""Writing the catalogue of a store: afresh, or from the previous version's for a few
changed graphs (the same result, as the tests check)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from array import array
from collections.abc import Iterable
from contextlib import closing
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox

from fonds.files import replaced
from fonds.store.catalog.facts import COLUMNS
from fonds.store.catalog.schema import KINDS, SCHEMA, VERSION, is_current
from fonds.store.catalog.scopes import count_scopes, facet_values, shift_scopes

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
UNION = {"use_default_graph_as_union": True}


def build(
    store: ox.Store, path: Path, previous: Path | None = None, changed: set[str] | None = None
) -> None:
    """Write the catalogue of `store` to `path` (replacing it atomically).

    Given the `previous` version's catalogue and the graphs `changed` since, only the
    documents in those graphs, and the names they mention, are written again.
    """
    rewrite = _to_rewrite(store, previous, changed) if previous and changed is not None else None
    with replaced(path) as temporary:
        if rewrite is not None:
            shutil.copyfile(previous, temporary)  # the previous version's file stays as it is
            with closing(sqlite3.connect(temporary)) as db:
                _update(db, store, sorted(rewrite))
                db.commit()
            return
        with closing(sqlite3.connect(temporary)) as db:
            db.executescript(SCHEMA)
            _add_documents(db, store.query(DOCUMENTS.replace("#CHANGED", ""), **UNION))
            _add_mentions(db, store.query(MENTIONS.replace("#CHANGED", ""), **UNION))
            _add_facts(db, "SELECT id FROM documents")
            db.execute("INSERT INTO search(search) VALUES ('rebuild')")
            _count_facets(db)
            count_scopes(db)
            db.execute(f"PRAGMA user_version = {VERSION}")
            db.commit()


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
    before = facet_values(db, leaving)
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
    after = facet_values(db, "SELECT id FROM added")
    # The one-value selections the changed documents belonged to, or now belong to.
    touched = {(facet, value) for values in before + after for facet, value, _ in values}
    db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity FROM mentions)")
    db.execute("DELETE FROM facet_counts")
    db.execute("DELETE FROM totals")
    _count_facets(db)
    count_scopes(db, shift_scopes(db, touched, before, after))


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


def _value(term: ox.Literal | ox.NamedNode | None) -> str | None:
    return term.value if term is not None else None
