"""`fonds authorities check`: every problem in the authority files, with file and line."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from fonds.errors import FondsError
from fonds.files import table_text
from fonds.link.authorities import COLUMNS, TYPES, AuthorityIndex, entity_from_row, name_key
from fonds.link.curated import (
    AMBIGUOUS,
    CURATED,
    DECISIONS,
    VARIANTS,
    read_decisions,
    read_rules,
    read_variants,
)

_KEY = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class Finding:
    """One problem in an authority file."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _finding(error: FondsError) -> Finding:
    """A refusal ("FILE:LINE: what") as a Finding, its place kept apart."""
    where, _, message = str(error).partition(": ")
    return Finding(where, message) if message else Finding("", where)


def check_authorities(folder: Path) -> list[Finding]:
    """Check the entity tables and the curated files; an empty list means all is well."""
    findings: list[Finding] = []
    tables = sorted(p for p in folder.glob("*.tsv") if p.name not in CURATED)
    if not tables:
        return [Finding(str(folder), "no entity tables (*.tsv) found")]
    seen: dict[str, str] = {}
    for path in tables:
        findings += _check_table(path, seen)
    for reader in (read_variants, read_rules, read_decisions):
        try:
            reader(folder)
        except FondsError as error:
            findings.append(_finding(error))
    if findings:
        return findings  # the index cannot be built to check names across entities
    index = AuthorityIndex.load(folder)
    findings += _check_references(folder, index)
    findings += _check_claims(folder, index)
    return findings


def _check_table(path: Path, seen: dict[str, str]) -> list[Finding]:
    findings = []
    try:
        handle = table_text(path)
    except FondsError as error:
        return [_finding(error)]
    with handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            return [Finding(str(path), f"missing column(s) {', '.join(missing)}")]
        for line, row in enumerate(reader, start=2):
            where = f"{path}:{line}"
            key = (row.get("key") or "").strip()
            if not _KEY.fullmatch(key):
                findings.append(Finding(where, f"key {key!r} must be lower-case words joined by _"))
            elif key in seen:
                findings.append(Finding(where, f"duplicate key {key!r} (first at {seen[key]})"))
            else:
                seen[key] = where
            if (row.get("type") or "").strip() not in TYPES:
                findings.append(Finding(where, f"type must be one of {', '.join(TYPES)}"))
            if not (row.get("pref_label") or "").strip():
                findings.append(Finding(where, "the preferred label is empty"))
            try:
                entity = entity_from_row(row, where)
            except FondsError as error:
                findings.append(Finding(where, str(error).removeprefix(f"{where}: ")))
                continue
            if entity.start and entity.end and entity.start > entity.end:
                findings.append(Finding(where, "birth_or_start is after death_or_end"))
            findings += _coordinates(row, where)
    return findings


def _coordinates(row: dict[str, str], where: str) -> list[Finding]:
    findings = []
    for column, limit in (("lat", 90), ("lon", 180)):
        value = (row.get(column) or "").strip()
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            findings.append(Finding(where, f"{column} {value!r} is not a number"))
            continue
        if not -limit <= number <= limit:
            findings.append(Finding(where, f"{column} {value} is out of range"))
    return findings


def _check_references(folder: Path, index: AuthorityIndex) -> list[Finding]:
    findings = []
    for variant in read_variants(folder):
        if variant.start and variant.end and variant.start > variant.end:
            findings.append(Finding(str(folder / VARIANTS), f"{variant.name!r}: from is after to"))
    for rule in index.rules.values():
        for key in rule.keys:
            if key not in index.entities:
                findings.append(
                    Finding(str(folder / AMBIGUOUS), f"{rule.name!r}: unknown key {key!r}")
                )
    for decision in index.decisions.values():
        if decision.decision == "match" and decision.target not in index.entities:
            findings.append(
                Finding(
                    str(folder / DECISIONS), f"{decision.name!r}: unknown key {decision.target!r}"
                )
            )
    return findings


def _check_claims(folder: Path, index: AuthorityIndex) -> list[Finding]:
    """A name two entities claim needs a rule in ambiguous.tsv saying how to decide."""
    findings = []
    for folded, keys in sorted(index.claims.items()):
        if len(keys) > 1 and folded not in index.rules:
            names = sorted(
                {n for k in keys for n in index.entities[k].names if name_key(n) == folded}
            )
            findings.append(
                Finding(
                    str(folder / AMBIGUOUS),
                    f"{' / '.join(names)} is claimed by {', '.join(sorted(keys))} without a "
                    "disambiguation rule: add a line (rule review, date or context)",
                )
            )
    return findings
