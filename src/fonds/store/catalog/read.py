"""Reading one version's catalogue: counts, listings, facets and search results."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from functools import lru_cache
from pathlib import Path

from fonds.store.catalog import scopes, search
from fonds.store.catalog.facts import FACETS, FacetValue, Facts
from fonds.store.catalog.selection import Listed, Selection, choose, chosen_ids, listed

_RANKING = ThreadPoolExecutor(8, thread_name_prefix="catalog-ranking")
"""Where a search's page is ranked while its matches are counted: SQLite lets go of the
GIL while it ranks, so on a second core the two overlap (at 14,129 matches of 100k
documents, 17 ms a search against 22 ms one after the other)."""


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
            scoped = scopes.precounted(db, selection, facets)
            if scoped is not None:
                total, counted = scoped
                return total, scopes.listing(db, selection, limit, offset, total), counted
            if selection.q:
                page = _RANKING.submit(self._ranked, selection, limit, offset)
                matched = search.matches(db, selection)
                counted = _facts_of(self.path).count(matched, facets)
                return len(matched), page.result(), counted
            total = choose(db, selection) if selection.chosen() else None
            counted = self._facets(db, selection, facets, precounted=True)
            return (*listed(db, total, limit, offset, selection), counted)

    def _ranked(self, selection: Selection, limit: int, offset: int) -> list[Listed]:
        with self._db() as db:  # a connection of its own: it runs beside the caller's
            return search.ranked(db, selection, limit, offset)

    def listing(
        self, selection: Selection, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[Listed]]:
        """The documents of a selection (best matches first when searching), and their total."""
        with self._db() as db:
            scoped = scopes.precounted(db, selection, 0)
            if scoped is not None:
                return scoped[0], scopes.listing(db, selection, limit, offset, scoped[0])
            if selection.q:
                matched = search.matches(db, selection)
                return len(matched), search.ranked(db, selection, limit, offset)
            total = choose(db, selection) if selection.chosen() else None
            return listed(db, total, limit, offset, selection)

    def facets(
        self, selection: Selection, limit: int = 12, *, precounted: bool = True
    ) -> dict[str, list[FacetValue]]:
        """For each facet, its values among the selected documents, most frequent first.

        With nothing selected, or one value of a facet that many documents have, the
        counts made when the catalogue was built are read (unless `precounted` is False).
        """
        with self._db() as db:
            scoped = scopes.precounted(db, selection, limit) if precounted else None
            if scoped is not None:
                return scoped[1]
            if selection.q:
                return _facts_of(self.path).count(search.matches(db, selection), limit)
            if selection.chosen() or not precounted:
                choose(db, selection)
            return self._facets(db, selection, limit, precounted=precounted)

    def _facets(
        self, db: sqlite3.Connection, selection: Selection, limit: int, *, precounted: bool
    ) -> dict[str, list[FacetValue]]:
        """The facets of the documents `choose` put in `chosen`, or of all of them."""
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
        return _facts_of(self.path).count(chosen_ids(db), limit)

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
            scoped = scopes.precounted(db, selection, 0)
            if scoped is not None:
                return scoped[0], scopes.listing(db, selection, limit, offset, scoped[0])
            total = choose(db, selection)
            return listed(db, total, limit, offset, selection)


def _facts_of(path: Path) -> Facts:
    """The facts of a catalogue file, read once per file written."""
    status = path.stat()
    return _read_facts(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=4)
def _read_facts(path: str, mtime: int, size: int) -> Facts:
    uri = f"file:{path}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        return Facts.read(db)
