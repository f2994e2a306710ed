"""The curators' files beside the entity tables in data/authorities/.

    variants.tsv    key  variant  kind  from  to  note
                    one more name for an entity: a spelling, a transliteration, a
                    pseudonym, a former name; `from`/`to` (years or dates) bound it in time.
    ambiguous.tsv   name  keys  rule  evidence  note
                    a name several entities answer to (or one entity and others not in
                    the index), and how to decide: `review` (always a person's call),
                    `date` (the one active at the document's date), `context` (the one
                    whose evidence words the document contains; `evidence` is
                    `key: word|word; key2: word`).
    decisions.tsv   name  kind  decision  target  reviewer  date  note
                    what a reviewer decided for a name Fonds could not link
                    (`fonds link --apply`): `match` (target is an index key), `distinct`
                    (a person or body of its own), `not-an-entity`, or an external
                    identifier (`wikidata`, `viaf`, `geonames`, `lcnaf` with the id as
                    target). A decision overrides the machine.

Every file is tab-separated with a header line, one row per fact: a curator's change is a
one-line diff.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fonds.errors import FondsError
from fonds.files import replaced, table_text

VARIANTS = "variants.tsv"
AMBIGUOUS = "ambiguous.tsv"
DECISIONS = "decisions.tsv"
CURATED = (VARIANTS, AMBIGUOUS, DECISIONS)

VARIANT_COLUMNS = ("key", "variant", "kind", "from", "to", "note")
AMBIGUOUS_COLUMNS = ("name", "keys", "rule", "evidence", "note")
DECISION_COLUMNS = ("name", "kind", "decision", "target", "reviewer", "date", "note")

VARIANT_KINDS = (
    "spelling",
    "transliteration",
    "original-script",
    "pseudonym",
    "former-name",
    "short-form",
    "abbreviation",
)
RULES = ("review", "date", "context")
DECISIONS_ALLOWED = ("match", "distinct", "not-an-entity", "wikidata", "viaf", "geonames", "lcnaf")
_YEAR_OR_DATE = re.compile(r"-?\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class Variant:
    """One more name of an entity, perhaps bounded in time."""

    key: str
    name: str
    kind: str
    start: int | None = None
    end: int | None = None
    note: str = ""

    def valid_in(self, year: int) -> bool:
        """True when the name was in use in `year` (open bounds always are)."""
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class AmbiguityRule:
    """How to decide which entity an ambiguous name means."""

    name: str
    keys: tuple[str, ...]
    rule: str
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision about a name (of one kind) Fonds could not link by itself."""

    name: str
    kind: str
    decision: str
    target: str = ""
    reviewer: str = ""
    date: str = ""
    note: str = ""


def rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a curated TSV file with their line numbers; a missing file has none."""
    if not path.exists():
        return
    with table_text(path) as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise FondsError(f"{path}: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            yield line, {k: (v or "").strip() for k, v in row.items() if k is not None}


def read_variants(folder: Path) -> list[Variant]:
    """variants.tsv; raises FondsError naming the line of a malformed row."""
    found = []
    path = folder / VARIANTS
    for line, row in rows(path, VARIANT_COLUMNS):
        where = f"{path}:{line}"
        if row["kind"] not in VARIANT_KINDS:
            raise FondsError(f"{where}: kind must be one of {', '.join(VARIANT_KINDS)}")
        if not row["variant"]:
            raise FondsError(f"{where}: the variant is empty")
        found.append(
            Variant(
                row["key"],
                row["variant"],
                row["kind"],
                _year(row["from"], where),
                _year(row["to"], where),
                row["note"],
            )
        )
    return found


def read_rules(folder: Path) -> list[AmbiguityRule]:
    """ambiguous.tsv."""
    found = []
    path = folder / AMBIGUOUS
    for line, row in rows(path, AMBIGUOUS_COLUMNS):
        where = f"{path}:{line}"
        if row["rule"] not in RULES:
            raise FondsError(f"{where}: rule must be one of {', '.join(RULES)}")
        keys = tuple(k for k in re.split(r"[\s,]+", row["keys"]) if k)
        if not row["name"] or not keys:
            raise FondsError(f"{where}: a rule needs a name and at least one key")
        evidence = {}
        for part in row["evidence"].split(";"):
            key, _, words = part.partition(":")
            if key.strip() and words.strip():
                evidence[key.strip()] = tuple(w.strip() for w in words.split("|") if w.strip())
        if row["rule"] == "context" and not evidence:
            raise FondsError(f"{where}: a context rule needs evidence words ('key: word|word')")
        found.append(AmbiguityRule(row["name"], keys, row["rule"], evidence, row["note"]))
    return found


def read_decisions(folder: Path) -> list[Decision]:
    """decisions.tsv."""
    found = []
    path = folder / DECISIONS
    for line, row in rows(path, DECISION_COLUMNS):
        if row["decision"] not in DECISIONS_ALLOWED:
            raise FondsError(
                f"{path}:{line}: decision must be one of {', '.join(DECISIONS_ALLOWED)}"
            )
        found.append(Decision(**{c: row.get(c, "") for c in DECISION_COLUMNS}))
    return found


def write_decisions(folder: Path, decisions: list[Decision]) -> Path:
    """Write decisions.tsv atomically (a later decision for the same name replaces one)."""
    path = folder / DECISIONS
    latest: dict[tuple[str, str], Decision] = {}
    for decision in decisions:
        latest[(decision.name.casefold(), decision.kind)] = decision
    with replaced(path) as partial, partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(DECISION_COLUMNS)
        for decision in sorted(latest.values(), key=lambda d: (d.name.casefold(), d.kind)):
            writer.writerow([getattr(decision, c) for c in DECISION_COLUMNS])
    return path


def _year(text: str, where: str) -> int | None:
    if not text:
        return None
    if not _YEAR_OR_DATE.fullmatch(text):
        raise FondsError(f"{where}: {text!r} is not a year or a date (YYYY or YYYY-MM-DD)")
    return int(text[:4]) if not text.startswith("-") else -int(text[1:5])
