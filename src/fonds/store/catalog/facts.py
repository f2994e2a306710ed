"""Every document's facet values, packed in memory, to count the facets of a selection.

Counting in SQLite joins the selected ids to the catalogue's `facts` table and groups
them row by row: 85 ms for a search that matches 14,129 of 100,000 documents. Read once
per catalogue (at 100k: 0.5 s, 9 MB, most of it the entity ids), the same counts are
NumPy gathers and `bincount`s over arrays indexed by document id: 2.3 ms for those
14,129 documents, where a `Counter` over the same arrays took 18 ms.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

COLUMNS = ("year", "type", "archive")
"""The facets with one value a document; people, places and organizations are many."""
ENTITIES = ("person", "place", "organization")
"""The facets of the entities a document names."""
FACETS = COLUMNS + ENTITIES


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet, with the number of documents that have it."""

    value: str
    label: str
    count: int


class _Column:
    """One single-valued facet: a small code per document id, 0 for no value."""

    def __init__(self, size: int) -> None:
        self.values: list[int | str | None] = [None]
        self._codes: dict[int | str, int] = {}
        self.codes = np.zeros(size, dtype=np.int32)

    def set(self, document: int, value: int | str | None) -> None:
        if value is not None:
            code = self._codes.get(value)
            if code is None:
                code = self._codes[value] = len(self.values)
                self.values.append(value)
            self.codes[document] = code

    def count(self, ids: np.ndarray, limit: int) -> list[FacetValue]:
        """The most frequent values among `ids`, ties by value (as SQLite orders them)."""
        counted = np.bincount(self.codes[ids], minlength=len(self.values))
        counted[0] = 0
        found = [(self.values[code], int(counted[code])) for code in np.flatnonzero(counted)]
        found.sort(key=lambda item: (-item[1], item[0]))
        return [FacetValue(str(value), str(value), n) for value, n in found[:limit]]


class Facts:
    """The year, type, archive and named entities of every document of a catalogue."""

    def __init__(
        self,
        rows: Iterable[tuple[int, int | None, str | None, str | None, bytes]],
        entities: Mapping[int, tuple[str, str, str]],
    ) -> None:
        rows = list(rows)
        size = max((row[0] for row in rows), default=0) + 1
        self.entities = entities
        """Entity id -> (kind, IRI, label)."""
        self.columns = {name: _Column(size) for name in COLUMNS}
        # A document's entity ids are mentions[starts[id] : starts[id] + lengths[id]].
        self._starts = np.zeros(size, dtype=np.int64)
        self._lengths = np.zeros(size, dtype=np.int64)
        packed = []
        offset = 0
        for document, *values, mentions in rows:
            for name, value in zip(COLUMNS, values, strict=True):
                self.columns[name].set(document, value)
            self._starts[document] = offset
            self._lengths[document] = len(mentions) // 4
            offset += len(mentions) // 4
            packed.append(mentions)
        self._mentions = np.frombuffer(b"".join(packed), dtype=np.int32)

    @classmethod
    def read(cls, db: sqlite3.Connection) -> Facts:
        """The facts of the catalogue open in `db`."""
        entities = {
            row[0]: row[1:] for row in db.execute("SELECT id, kind, iri, label FROM entities")
        }
        rows = db.execute(f"SELECT id, {', '.join(COLUMNS)}, entities FROM facts")
        return cls(rows, entities)

    def count(self, ids: Sequence[int] | np.ndarray, limit: int) -> dict[str, list[FacetValue]]:
        """Each facet's values among the documents `ids`, most frequent first."""
        ids = np.asarray(ids, dtype=np.int64)
        found = {name: column.count(ids, limit) for name, column in self.columns.items()}
        counted: dict[str, list[FacetValue]] = {kind: [] for kind in ENTITIES}
        mentions = self._mentions[_spans(self._starts[ids], self._lengths[ids])]
        per_entity = np.bincount(mentions)
        for entity in np.flatnonzero(per_entity):
            kind, iri, label = self.entities[int(entity)]
            counted[kind].append(FacetValue(iri, label, int(per_entity[entity])))
        for kind in ENTITIES:
            values = sorted(counted[kind], key=lambda v: (-v.count, v.label, v.value))
            found[kind] = values[:limit]
        return found


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions start, start + 1, ..., start + length - 1 of every span, in order."""
    ends = np.cumsum(lengths)
    # Each position is its span's start plus how far it lies past where the span begins
    # in the output: one repeat and one arange, not a Python loop over the spans.
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(ends[-1] if len(ends) else 0)
