"""Full-text search on the catalogue's FTS5 index: the matches, ranked by BM25, and a page."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import numpy as np

from fonds.store.catalog.selection import LISTED, Listed, Selection, conditions
from fonds.store.catalog.snippets import query_words, snippet


@dataclass(frozen=True)
class Matched:
    """The documents a search matched, with their BM25 rank (lower is better)."""

    ids: np.ndarray
    ranks: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def best(self, limit: int, offset: int) -> np.ndarray:
        """The ids of one page of the matches, by rank and then by id."""
        order = np.lexsort((self.ids, self.ranks))
        return self.ids[order[offset : offset + limit]]


def match(db: sqlite3.Connection, selection: Selection) -> Matched:
    """The documents matching a search and the selection's other conditions, ranked.

    The match is made once, with its BM25 rank, straight into arrays: the page and the
    facets both read them (the rank is most of the cost: 15 of 20 ms for 14,129
    matches at 100k).
    """
    assert selection.q is not None
    query = "SELECT rowid, bm25(search) AS rank FROM search WHERE search MATCH ?"
    clauses, params = conditions(selection)
    if clauses:
        query = (
            f"SELECT s.rowid, s.rank FROM ({query}) s "
            f"JOIN facts d ON d.id = s.rowid WHERE {' AND '.join(clauses)}"
        )
    rows = db.execute(query, [fts_query(selection.q), *params]).fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    ranks = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
    return Matched(ids, ranks)


def ranked(
    db: sqlite3.Connection, selection: Selection, matched: Matched, limit: int, offset: int
) -> list[Listed]:
    """A page of a search's matches, best first, each with a snippet of its text."""
    assert selection.q is not None
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


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur (prefixes for the last)."""
    words = re.findall(r"\w+", text)
    if not words:
        return '""'
    quoted = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(quoted)
