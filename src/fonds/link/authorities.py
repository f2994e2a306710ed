"""The curated authority index in data/authorities/.

Entity tables (`authorities.tsv`, `repositories.tsv`, any other `*.tsv` with the entity
columns) hold one entity a row; `variants.tsv`, `ambiguous.tsv` and `decisions.tsv` are the
curators' and reviewers' additions (see fonds.link.curated). Identifiers in the tables were
verified against a source; an empty cell means unknown. Only the identifier columns are
published: caveats such as `wd_unconfirmed=Q…` in `other` never are.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from fonds.errors import FondsError
from fonds.files import table_text
from fonds.link.curated import (
    CURATED,
    AmbiguityRule,
    Decision,
    Variant,
    read_decisions,
    read_rules,
    read_variants,
)

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
TYPES = ("person", "organization", "place", "language")
IDENTIFIER_PATTERNS = {
    "wikidata": re.compile(r"Q[1-9][0-9]*"),
    "viaf": re.compile(r"[1-9][0-9]*"),
    "geonames": re.compile(r"[1-9][0-9]*"),
    "lcnaf": re.compile(r"n[bors]?[0-9]{8,10}"),
}
HONORIFIC = re.compile(
    r"^(?:(?:Cdes?|Comrades?|Gen|General|Marshal|Ambassador|Chairman|Mr|Mrs|Dr)\.?\s+)+",
    re.IGNORECASE,
)
# Alternative labels with a parenthesised date or caveat are curators' notes, not names.
_CAVEAT = re.compile(r"\((?=[^)]*(?:\d|distinct|separate|loosely|predecessor))[^)]*\)")
_YEAR = re.compile(r"-?\d{4}")


@dataclass(frozen=True)
class Entity:
    """One person, place, organization or language of the authority index."""

    key: str
    type: str
    pref_label: str
    alt_labels: tuple[str, ...]
    identifiers: dict[str, str]
    other: dict[str, str]
    start: int | None = None
    end: int | None = None
    sources: tuple[str, ...] = ()
    dates: tuple[str, str] = ("", "")
    """birth_or_start and death_or_end as written (a year or a full date)."""
    point: tuple[float, float] | None = None
    """(longitude, latitude) of a place, when the index gives them."""
    variants: tuple[Variant, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name to match on: curators' caveats dropped, honorifics stripped."""
        forms: list[str] = []
        labels = (self.pref_label, *self.alt_labels, *(v.name for v in self.variants))
        for label in labels:
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

    def active_in(self, year: int) -> bool:
        """True when the entity existed (lived, was in force) in `year`, as far as known."""
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The matching key of a name: case, diacritics, punctuation and spaces folded away."""
    # Cached: a generated record asks for about 300 keys of a few hundred distinct names
    # (1.4 of its 33 ms of checking, folded afresh each time).
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


@dataclass(frozen=True)
class Resolution:
    """What a name means: an entity, or the candidates a person has to choose from."""

    entity: Entity | None
    candidates: tuple[str, ...] = ()
    method: str = ""
    score: float = 0.0
    rejected: bool = False
    """A reviewer decided the name is not an entity at all."""
    reviewed: bool = False
    """A reviewer decided the name stands for an entity of its own."""


@dataclass(eq=False)  # compared and hashed by identity: descriptions are cached per index
class AuthorityIndex:
    """Entities by key, the names that identify them, and how to decide ambiguous names."""

    entities: dict[str, Entity]
    rules: dict[str, AmbiguityRule] = field(default_factory=dict)
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    folder: Path | None = None

    def __post_init__(self) -> None:
        self.by_slug: dict[str, Entity] = {}
        for entity in self.entities.values():  # keys a_b and a-b share a slug: the first keeps it
            self.by_slug.setdefault(entity.slug, entity)
        self.claims: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for label in entity.names:
                self.claims.setdefault(name_key(label), set()).add(entity.key)
        # A name two entities claim is no evidence for either, unless a rule decides.
        self._by_name = {key: next(iter(k)) for key, k in self.claims.items() if len(k) == 1}
        self.ambiguous = {key for key, k in self.claims.items() if len(k) > 1} | set(self.rules)
        for key in self.rules:
            self._by_name.pop(key, None)

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> AuthorityIndex:
        """An index of the given entities, with no curated rules (for tests and tools)."""
        return cls({entity.key: entity for entity in entities})

    @classmethod
    def load(cls, folder: Path) -> AuthorityIndex:
        """Read the entity tables and the curated files in `folder`."""
        tables = sorted(p for p in folder.glob("*.tsv") if p.name not in CURATED)
        if not tables:
            raise FondsError(f"{folder}: no authority files (*.tsv) found")
        entities: dict[str, Entity] = {}
        for path in tables:
            for entity in _read_tsv(path):
                entities.setdefault(entity.key, entity)
        variants: dict[str, list[Variant]] = {}
        for variant in read_variants(folder):
            if variant.key not in entities:
                raise FondsError(f"{folder / 'variants.tsv'}: unknown key {variant.key!r}")
            variants.setdefault(variant.key, []).append(variant)
        for key, extra in variants.items():
            entity = entities[key]
            entities[key] = Entity(**{**entity.__dict__, "variants": tuple(extra)})
        rules = {name_key(rule.name): rule for rule in read_rules(folder)}
        decisions = {(name_key(d.name), d.kind): d for d in read_decisions(folder)}
        return cls(entities, rules, decisions, folder)

    @cached_property
    def recognizer(self) -> Recognizer:
        """The mention finder for this index, built once."""
        from fonds.link.recognize import Recognizer

        return Recognizer(self)

    def find(self, name: str, type: str | None = None) -> Entity | None:
        """The entity one of whose names is `name`, if exactly one is and no rule applies."""
        key = self._by_name.get(name_key(name)) or self._by_name.get(
            name_key(HONORIFIC.sub("", name.strip()))
        )
        entity = self.entities.get(key) if key else None
        return entity if entity and (type is None or entity.type == type) else None

    def resolve(
        self, name: str, kind: str | None = None, *, year: int | None = None, text: str = ""
    ) -> Resolution:
        """What `name` means in a document of `year` whose text is `text`.

        A reviewer's decision comes first; then a unique name; then the curators' rule
        for an ambiguous name (the entity active at the date, or the one whose evidence
        words the text contains). Anything else is left for review, with its candidates.
        """
        folded = name_key(HONORIFIC.sub("", name.strip())) or name_key(name)
        decision = self._decision(folded, kind)
        if decision is not None:
            return self._decided(decision)
        if entity := self.find(name, type=kind):
            return Resolution(entity, (entity.key,), "exact-variant", 1.0)
        rule = self.rules.get(folded)
        candidates = tuple(sorted(rule.keys if rule else self.claims.get(folded, ())))
        candidates = tuple(k for k in candidates if k in self.entities and self._fits(k, kind))
        if rule is not None and rule.rule == "date" and year is not None:
            active = [k for k in candidates if self.entities[k].active_in(year)]
            if len(active) == 1:
                return Resolution(self.entities[active[0]], candidates, "context-rule", 0.8)
        if rule is not None and rule.rule == "context":
            supported = [k for k in candidates if _evidence(rule.evidence.get(k, ()), text)]
            if len(supported) == 1:
                return Resolution(self.entities[supported[0]], candidates, "context-rule", 0.8)
        return Resolution(None, candidates)

    def _decision(self, folded: str, kind: str | None) -> Decision | None:
        if kind is not None:
            return self.decisions.get((folded, kind)) or self.decisions.get((folded, ""))
        # The kind is not known yet (a name found in running text): any decision will do,
        # as long as there is only one.
        found = [d for (name, _), d in self.decisions.items() if name == folded]
        return found[0] if len(found) == 1 else None

    def _fits(self, key: str, kind: str | None) -> bool:
        return kind is None or self.entities[key].type == kind

    def _decided(self, decision: Decision) -> Resolution:
        if decision.decision == "match" and decision.target in self.entities:
            entity = self.entities[decision.target]
            return Resolution(entity, (entity.key,), "review-decision", 1.0)
        if decision.decision == "not-an-entity":
            return Resolution(None, (), "review-decision", 1.0, rejected=True)
        return Resolution(None, (), "review-decision", 1.0, reviewed=True)


def _evidence(words: tuple[str, ...], text: str) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE) for w in words)


def _read_tsv(path: Path) -> Iterable[Entity]:
    with table_text(path) as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        missing = set(COLUMNS) - set(rows.fieldnames or ())
        if missing:
            raise FondsError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for line, row in enumerate(rows, start=2):
            yield entity_from_row(row, f"{path}:{line}")


def entity_from_row(row: dict[str, str], where: str) -> Entity:
    """One table row as an Entity; raises FondsError naming `where` for a bad identifier."""
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
    sources = tuple(s.strip() for s in (row.get("source_urls") or "").split("|") if s.strip())
    return Entity(
        key=(row.get("key") or "").strip(),
        type=(row.get("type") or "").strip(),
        pref_label=(row.get("pref_label") or "").strip(),
        alt_labels=alt,
        identifiers=identifiers,
        other=other,
        start=_year(row.get("birth_or_start")),
        end=_year(row.get("death_or_end")),
        sources=sources,
        dates=((row.get("birth_or_start") or "").strip(), (row.get("death_or_end") or "").strip()),
        point=_point(row.get("lon"), row.get("lat")),
    )


def _point(lon: str | None, lat: str | None) -> tuple[float, float] | None:
    try:
        x, y = float((lon or "").strip()), float((lat or "").strip())
    except ValueError:
        return None
    return (x, y) if -180 <= x <= 180 and -90 <= y <= 90 else None


def _year(text: str | None) -> int | None:
    match = _YEAR.match((text or "").strip())
    return int(match.group()) if match else None
