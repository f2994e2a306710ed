"""The curated authority index in data/authorities/ (one TSV row an entity).

Identifiers in it were verified against a source; an empty cell means unknown. Only the
identifier columns are published: caveats such as `wd_unconfirmed=Q…` in `other` never are.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from fonds.errors import FondsError

if TYPE_CHECKING:
    from fonds.link.recognize import Recognizer

COLUMNS = [
    "key",
    "type",
    "pref_label",
    "alt_labels",
    "wikidata",
    "viaf",
    "geonames",
    "lcnaf",
    "other",
    "birth_or_start",
    "death_or_end",
    "lat",
    "lon",
    "source_urls",
]
IDENTIFIER_PATTERNS = {
    "wikidata": re.compile(r"Q[1-9][0-9]*"),
    "viaf": re.compile(r"[1-9][0-9]*"),
    "geonames": re.compile(r"[1-9][0-9]*"),
    "lcnaf": re.compile(r"n[bors]?[0-9]{8,10}"),
}


HONORIFIC = re.compile(
    r"^(?:(?:Cdes?|Comrades?|Gen|General|Marshal|Chairman|Mr|Mrs|Dr)\.?\s+)+", re.IGNORECASE
)
# Alternative labels with a parenthesised date or caveat are curators' notes, not names.
_CAVEAT = re.compile(r"\((?=[^)]*(?:\d|distinct|separate|loosely|predecessor))[^)]*\)")


@dataclass(frozen=True)
class Entity:
    """One person, place, organization or language of the authority index."""

    key: str
    type: str
    pref_label: str
    alt_labels: tuple[str, ...]
    identifiers: dict[str, str]
    other: dict[str, str]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name to match on: curators' caveats dropped, honorifics stripped."""
        forms: list[str] = []
        for label in (self.pref_label, *self.alt_labels):
            if _CAVEAT.search(label):
                continue  # 'Manchukuo (1932-1945 state, distinct)' warns; it names no one here
            for form in (label, HONORIFIC.sub("", label)):
                if form and form not in forms:
                    forms.append(form)
        return tuple(forms)

    @property
    def slug(self) -> str:
        """The URI slug: the key with '_' written as '-' (URIs use [a-z0-9-])."""
        return self.key.replace("_", "-")


def name_key(name: str) -> str:
    """The matching key of a name: case, diacritics, punctuation and spaces folded away."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


class AuthorityIndex:
    """Entities by key, and a lookup from any of their names."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {entity.key: entity for entity in entities}
        self.by_slug = {entity.slug: entity for entity in self.entities.values()}
        names: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for label in entity.names:
                names.setdefault(name_key(label), set()).add(entity.key)
        # A name two entities claim is no evidence for either.
        self._by_name = {key: next(iter(k)) for key, k in names.items() if len(k) == 1}
        self.ambiguous = {key for key, k in names.items() if len(k) > 1}

    @cached_property
    def recognizer(self) -> Recognizer:
        """The mention finder for this index, built once."""
        from fonds.link.recognize import Recognizer

        return Recognizer(self)

    @classmethod
    def load(cls, folder: Path) -> AuthorityIndex:
        """Read every *.tsv file in `folder`."""
        files = sorted(folder.glob("*.tsv"))
        if not files:
            raise FondsError(f"{folder}: no authority files (*.tsv) found")
        return cls(entity for path in files for entity in _read_tsv(path))

    def find(self, name: str, type: str | None = None) -> Entity | None:
        """The entity one of whose names is `name`, if exactly one is."""
        key = self._by_name.get(name_key(name)) or self._by_name.get(
            name_key(HONORIFIC.sub("", name.strip()))
        )
        entity = self.entities.get(key) if key else None
        return entity if entity and (type is None or entity.type == type) else None


def _read_tsv(path: Path) -> Iterable[Entity]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        missing = set(COLUMNS) - set(rows.fieldnames or ())
        if missing:
            raise FondsError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for line, row in enumerate(rows, start=2):
            yield _entity(row, f"{path}:{line}")


def _entity(row: dict[str, str], where: str) -> Entity:
    identifiers = {}
    for scheme, pattern in IDENTIFIER_PATTERNS.items():
        value = (row.get(scheme) or "").strip()
        if value and not pattern.fullmatch(value):
            raise FondsError(f"{where}: malformed {scheme} identifier {value!r}")
        if value:
            identifiers[scheme] = value
    other = {}
    for part in (row.get("other") or "").split(";"):
        name, _, value = part.partition("=")
        if name.strip() and value.strip():
            other[name.strip()] = value.strip()
    alt = tuple(a.strip() for a in (row.get("alt_labels") or "").split("|") if a.strip())
    return Entity(
        key=row["key"].strip(),
        type=row["type"].strip(),
        pref_label=row["pref_label"].strip(),
        alt_labels=alt,
        identifiers=identifiers,
        other=other,
    )
