"""Precounted selections: the facets of each large one-value selection (a year, a person,
...), counted when the catalogue is built and shifted, not counted again, when a
publication changes a few of its documents.

Counting on request grows with the selection: a person named in a tenth of a 100k
archive took 200 ms. Read from `scoped_counts`, any such page costs the same.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter

from fonds.store.catalog.facts import COLUMNS, FACETS, FacetValue, Facts
from fonds.store.catalog.selection import (
    LISTED,
    MENTIONING,
    ORDER,
    Listed,
    Selection,
    documents_with,
    walk_first,
)

SCOPED_FROM = 500
"""A one-value selection of at least this many documents has its facets counted at build
time (counting 500 documents' facets on request takes about 8 ms)."""
SCOPED_TOP = 50
"""Values kept for each facet of such a selection; a page shows 12."""


def count_scopes(db: sqlite3.Connection, touched: set[tuple[str, str]] | None = None) -> None:
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
    """The documents of a one-value selection, straight from its index (what `choose`
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


def facet_values(db: sqlite3.Connection, documents: str) -> list[set[tuple[str, str, str]]]:
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


def shift_scopes(
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


def precounted(
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


def listing(
    db: sqlite3.Connection, selection: Selection, limit: int, offset: int, total: int
) -> list[Listed]:
    """A page of a large one-value selection of `total` documents, in date order."""
    scope = selection.scope()
    assert scope is not None
    facet, value = scope
    if facet in COLUMNS:  # an index in this order (see SCHEMA)
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d WHERE d.{facet} = ? {ORDER} LIMIT ? OFFSET ?",
            (int(value) if facet == "year" else value, limit, offset),
        )
        return [Listed(*row) for row in rows]
    # Walking every document in date order, probing each for the entity, costs about what
    # sorting one of the entity's documents does (2 µs at 100k): for a person named in 3%
    # of the archive, the walk took 3.3 ms for the first page and 79 ms for the 21st, the
    # sort 6-10 ms.
    if walk_first(offset, limit, documents_with(db, None, None), total, cost_ratio=1):
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d INDEXED BY documents_by_date "
            "WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.document = d.id AND m.entity = "
            f"(SELECT id FROM entities WHERE iri = ?)) {ORDER} LIMIT ? OFFSET ?",
            (value, limit, offset),
        )
    else:
        rows = db.execute(
            f"SELECT {LISTED}, NULL FROM documents d WHERE d.id IN ({MENTIONING}) "
            f"{ORDER} LIMIT ? OFFSET ?",
            (value, limit, offset),
        )
    return [Listed(*row) for row in rows]
