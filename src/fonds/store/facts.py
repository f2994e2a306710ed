"""Every document's facet values, packed in memory, to count the facets of a selection.

Counting in SQLite joins the selected ids to the catalogue's `facts` table and groups
them row by row: 85 ms for a search that matches 14,129 of 100,000 documents. Read once
per catalogue (at 100k: 0.2 s, 8 MB, most of it the entity ids), the same counts are
lookups in arrays indexed by document id, done in C by Counter.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

COLUMNS = ("year", "type", "archive")
"""The facets with one value a document; people, places and organizations are many."""
ENTITIES = ("person", "place", "organization")
"""The facets of the entities a document names."""


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
        self.codes = array("I", bytes(4 * size))

    def set(self, document: int, value: int | str | None) -> None:
        if value is not None:
            code = self._codes.get(value)
            if code is None:
                code = self._codes[value] = len(self.values)
                self.values.append(value)
            self.codes[document] = code

    def count(self, ids: Sequence[int], limit: int) -> list[FacetValue]:
        """The most frequent values among `ids`, ties by value (as SQLite orders them)."""
        counted = Counter(map(self.codes.__getitem__, ids))
        counted.pop(0, None)
        ranked = sorted(counted.items(), key=lambda item: (-item[1], self.values[item[0]]))
        return [FacetValue(str(self.values[c]), str(self.values[c]), n) for c, n in ranked[:limit]]


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
        self._starts = array("Q", bytes(8 * size))
        self._ends = array("Q", bytes(8 * size))
        packed = []
        offset = 0
        for document, *values, mentions in rows:
            for name, value in zip(COLUMNS, values, strict=True):
                self.columns[name].set(document, value)
            self._starts[document] = offset
            offset += len(mentions)
            self._ends[document] = offset
            packed.append(mentions)
        self._mentions = b"".join(packed)

    @classmethod
    def read(cls, db: sqlite3.Connection) -> Facts:
        """The facts of the catalogue open in `db`."""
        entities = {
            row[0]: row[1:] for row in db.execute("SELECT id, kind, iri, label FROM entities")
        }
        rows = db.execute(f"SELECT id, {', '.join(COLUMNS)}, entities FROM facts")
        return cls(rows, entities)

    def count(self, ids: Sequence[int], limit: int) -> dict[str, list[FacetValue]]:
        """Each facet's values among the documents `ids`, most frequent first."""
        found = {name: column.count(ids, limit) for name, column in self.columns.items()}
        mentions, starts, ends = self._mentions, self._starts, self._ends
        joined = b"".join([mentions[starts[i] : ends[i]] for i in ids])
        counted: dict[str, list[FacetValue]] = {kind: [] for kind in ENTITIES}
        for entity, n in Counter(array("i", joined)).items():
            kind, iri, label = self.entities[entity]
            counted[kind].append(FacetValue(iri, label, n))
        for kind in ENTITIES:
            values = sorted(counted[kind], key=lambda v: (-v.count, v.label, v.value))
            found[kind] = values[:limit]
        return found
