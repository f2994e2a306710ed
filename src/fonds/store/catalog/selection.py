"""What a listing is narrowed to, and the documents it chooses, as SQL on the catalogue."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from fonds.store.catalog.facts import COLUMNS, ENTITIES


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


LISTED = "d.iri, d.title, d.date, d.type, d.archive"
"""The columns of a `Listed`, read from `documents d`."""
ORDER = "ORDER BY d.date, d.title, d.id"
"""A listing's order, the order of the date indexes (see SCHEMA)."""


MENTIONING = "SELECT document FROM mentions WHERE entity = (SELECT id FROM entities WHERE iri = ?)"
"""The documents that name one entity, straight from the mentions' index."""


def named_by(selection: Selection) -> tuple[str | None, list[str]]:
    """The query of the documents that name every entity of the selection (None when it
    names none), and its parameters."""
    wanted = [value for kind in ENTITIES if (value := getattr(selection, kind))]
    if not wanted:
        return None, []
    # Intersected in the index: looking up in `documents` each document a name leads to
    # took 24 ms for Molotov's 14,129 at 100k, this 2.6 ms (two names: 22 against 5 ms).
    return " INTERSECT ".join([MENTIONING] * len(wanted)), wanted


def conditions(selection: Selection) -> tuple[list[str], list[str | int]]:
    """The selection's year, type, archive and entities as SQL conditions on `d`."""
    clauses: list[str] = []
    params: list[str | int] = []
    for column in COLUMNS:
        value = getattr(selection, column)
        if value not in (None, ""):
            clauses.append(f"d.{column} = ?")
            params.append(value)
    named, entities = named_by(selection)
    if named is not None:
        clauses.append(f"d.id IN ({named})")
        params.extend(entities)
    return clauses, params


def choose(db: sqlite3.Connection, selection: Selection) -> int:
    """Put the ids of the selected documents (not a search) in TEMP table `chosen`;
    return how many.

    Each condition is answered from an index (year, entity), so the cost grows with the
    selection, not with the archive.
    """
    clauses, params = conditions(selection)
    db.execute("DROP TABLE IF EXISTS temp.chosen")
    db.execute("CREATE TEMP TABLE chosen(id INTEGER PRIMARY KEY)")
    named, entities = named_by(selection)
    if named is not None and len(clauses) == 1:  # names only: `documents` is not read
        return db.execute(f"INSERT INTO chosen {named}", entities).rowcount
    where = " AND ".join(clauses) or "1 = 1"
    inserted = db.execute(f"INSERT INTO chosen SELECT d.id FROM documents d WHERE {where}", params)
    return inserted.rowcount


def chosen_ids(db: sqlite3.Connection) -> list[int]:
    """The ids `choose` put in `chosen`."""
    return [row[0] for row in db.execute("SELECT id FROM chosen")]


WALK_COST_RATIO = 10
"""How many documents a walk down a date index visits for the cost of sorting one."""


def walk_first(offset: int, limit: int, covered: int, total: int, cost_ratio: float) -> bool:
    """Whether to find a page of `total` selected documents by walking a date index over
    `covered` documents until the page is full, rather than sorting the selected ones.

    A walk visits about (offset + limit) / share of the documents it covers, the share
    being total / covered; a sort visits `total`; `cost_ratio` is how many documents the
    walk visits for the cost of sorting one.
    """
    return (offset + limit) * covered < cost_ratio * total * total


def listed(
    db: sqlite3.Connection,
    total: int | None,
    limit: int,
    offset: int,
    selection: Selection | None = None,
) -> tuple[int, list[Listed]]:
    """A page of the selection `choose` put in `chosen` (all documents if `total` is None)."""
    if total is None:  # nothing selected: the whole archive, in date order (indexed)
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d {ORDER} LIMIT ? OFFSET ?", (limit, offset)
        )
        return documents_with(db, None, None), [Listed(*row) for row in rows]
    # A page is found by walking an index in date order until it is full (the documents of
    # the selection's year, type or archive, else all of them), or by sorting the chosen
    # documents. SQLite always walked the whole archive's date index: 21 ms for the 20th
    # page of Molotov's 992 documents of 1950 at 100k, where the year's index takes 1.4 ms
    # and a sort 2.5 ms.
    column = next(
        (c for c in COLUMNS if selection and getattr(selection, c) not in (None, "")), None
    )
    value = getattr(selection, column) if column else None
    chosen = "d.id IN (SELECT id FROM chosen)"
    covered = documents_with(db, column, value)
    if not walk_first(offset, limit, covered, total, WALK_COST_RATIO):
        source, params = "chosen c CROSS JOIN documents d ON d.id = c.id", []
    elif column is not None:
        source = f"documents d INDEXED BY documents_by_{column} WHERE d.{column} = ? AND {chosen}"
        params = [value]
    else:
        source, params = f"documents d INDEXED BY documents_by_date WHERE {chosen}", []
    rows = db.execute(
        f"SELECT {LISTED}, NULL FROM {source} {ORDER} LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return total, [Listed(*row) for row in rows]


def documents_with(db: sqlite3.Connection, column: str | None, value: object) -> int:
    """How many documents have this year, type or archive (None: how many there are)."""
    if column is None:
        found = db.execute("SELECT count FROM totals WHERE kind = 'documents'").fetchone()
    else:
        found = db.execute(
            "SELECT count FROM facet_counts WHERE facet = ? AND value = ?", (column, str(value))
        ).fetchone()
    return found[0] if found else 0
