"""Review sheets: what Fonds could not link by itself, for a person to decide.

`fonds link --review` writes a CSV with one row per unreconciled or low-confidence
entity in the store: its label, kind, how many documents name it, a quotation, how it was
linked and with what score, and candidates from the authority index (and, with
`--service`, from a reconciliation service). The reviewer fills in `decision` and
`target`; `fonds link --apply SHEET` checks every row and records the decisions in
data/authorities/decisions.tsv, where every later ingest finds them.
"""

from __future__ import annotations

import csv
import difflib
import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from fonds.errors import FondsError
from fonds.files import replaced, table_text
from fonds.link.authorities import IDENTIFIER_PATTERNS, AuthorityIndex, name_key
from fonds.link.curated import DECISIONS_ALLOWED, Decision, read_decisions, write_decisions

SHEET_COLUMNS = (
    "entity",
    "label",
    "kind",
    "documents",
    "quotation",
    "method",
    "score",
    "candidates",
    "decision",
    "target",
    "note",
)
LOW_CONFIDENCE = 0.8
KINDS = {
    "http://www.cidoc-crm.org/cidoc-crm/E21_Person": "person",
    "http://www.cidoc-crm.org/cidoc-crm/E74_Group": "organization",
    "http://www.cidoc-crm.org/cidoc-crm/E53_Place": "place",
}
_QUERY = """
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX fonds: <https://w3id.org/fonds/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label ?class (COUNT(DISTINCT ?g) AS ?documents) (MIN(?score) AS ?lowest)
       (SAMPLE(?method) AS ?how) (SAMPLE(?quote) AS ?quotation)
WHERE {
  ?entity rdfs:label ?label ; a ?class .
  FILTER(?class IN (crm:E21_Person, crm:E74_Group, crm:E53_Place))
  GRAPH ?g { ?annotation oa:hasBody ?entity ; fonds:score ?score ; dcterms:type ?method ;
                         oa:hasTarget/oa:hasSelector ?selector .
             ?selector oa:exact ?exact .
             OPTIONAL { ?selector oa:prefix ?before } OPTIONAL { ?selector oa:suffix ?after } }
  BIND(CONCAT(COALESCE(?before, ""), "[", ?exact, "]", COALESCE(?after, "")) AS ?quote)
  FILTER EXISTS { ?entity crm:P2_has_type <%(base)sconcept/reconciliation/unreconciled> }
}
GROUP BY ?entity ?label ?class
ORDER BY DESC(?documents) ?label
"""
_LOW = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX fonds: <https://w3id.org/fonds/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label ?class (COUNT(DISTINCT ?g) AS ?documents) (MIN(?score) AS ?lowest)
       (SAMPLE(?method) AS ?how) (SAMPLE(?exact) AS ?quotation)
WHERE {
  GRAPH ?g { ?annotation oa:hasBody ?entity ; fonds:score ?score ; dcterms:type ?method ;
                         oa:hasTarget/oa:hasSelector/oa:exact ?exact . }
  FILTER(?score > 0 && ?score < %(low)s)
  ?entity rdfs:label ?label ; a ?class .
  FILTER NOT EXISTS { ?entity <http://www.cidoc-crm.org/cidoc-crm/P2_has_type>
                              <%(base)sconcept/reconciliation/unreconciled> }
  FILTER(?class IN (<http://www.cidoc-crm.org/cidoc-crm/E21_Person>,
                    <http://www.cidoc-crm.org/cidoc-crm/E74_Group>,
                    <http://www.cidoc-crm.org/cidoc-crm/E53_Place>))
}
GROUP BY ?entity ?label ?class
"""


@dataclass
class ReviewRow:
    """One entity for a person to decide about."""

    entity: str
    label: str
    kind: str
    documents: int
    quotation: str
    method: str
    score: float
    candidates: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        """The row as CSV cells, with empty decision, target and note."""
        return [
            self.entity,
            self.label,
            self.kind,
            str(self.documents),
            self.quotation,
            self.method,
            f"{self.score:.2f}",
            " | ".join(self.candidates),
            "",
            "",
            "",
        ]


def rows_to_review(snapshot: ox.Store, index: AuthorityIndex, base: str) -> list[ReviewRow]:
    """Unreconciled and low-confidence entities in the store, with index candidates."""
    found: dict[str, ReviewRow] = {}
    for query in (_QUERY % {"base": base}, _LOW % {"base": base, "low": LOW_CONFIDENCE}):
        for solution in snapshot.query(query, use_default_graph_as_union=True):
            entity = solution["entity"].value
            if entity in found:
                continue
            kind = KINDS[solution["class"].value]
            label = solution["label"].value
            decided = (name_key(label), kind) in index.decisions
            if decided:
                continue
            found[entity] = ReviewRow(
                entity=entity.removeprefix(base),
                label=label,
                kind=kind,
                documents=int(solution["documents"].value),
                quotation=" ".join(solution["quotation"].value.split()),
                method=solution["how"].value.rsplit("/", 1)[-1],
                score=float(solution["lowest"].value),
                candidates=index_candidates(index, label, kind),
            )
    return sorted(found.values(), key=lambda r: (-r.documents, r.label))


def index_candidates(index: AuthorityIndex, label: str, kind: str, limit: int = 3) -> list[str]:
    """Index entries a name may stand for: the curators' candidates, then similar names."""
    resolution = index.resolve(label, kind)
    keys = list(resolution.candidates)
    folded = name_key(label)
    scored: list[tuple[float, str]] = []
    for entity in index.entities.values():
        if entity.type != kind or entity.key in keys:
            continue
        best = max(
            (difflib.SequenceMatcher(None, folded, name_key(n)).ratio() for n in entity.names),
            default=0.0,
        )
        if best >= 0.75:
            scored.append((best, entity.key))
    keys += [key for _, key in sorted(scored, reverse=True)[:limit]]
    return [f"index:{key} {index.entities[key].pref_label}" for key in keys]


def write_sheet(path: Path, rows: Iterable[ReviewRow]) -> int:
    """Write the review sheet; returns the number of rows."""
    count = 0
    with replaced(path) as partial, partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SHEET_COLUMNS)
        for row in rows:
            writer.writerow(row.cells())
            count += 1
    return count


def apply_sheet(
    sheet: Path, index: AuthorityIndex, folder: Path, reviewer: str | None = None
) -> list[Decision]:
    """Record the sheet's decisions in decisions.tsv; refuse the whole sheet if a row is bad."""
    handle = table_text(sheet)
    decisions: list[Decision] = []
    problems: list[str] = []
    who = reviewer or getpass.getuser()
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    with handle:
        reader = csv.DictReader(handle)
        missing = [
            c for c in ("label", "kind", "decision", "target") if c not in (reader.fieldnames or ())
        ]
        if missing:
            raise FondsError(f"{sheet}: not a review sheet (missing {', '.join(missing)})")
        for line, row in enumerate(reader, start=2):
            decision = (row.get("decision") or "").strip()
            if not decision:
                continue
            problem = _problem(row, decision, index)
            if problem:
                problems.append(f"{sheet}:{line} [{row.get('label', '')}]: {problem}")
                continue
            decisions.append(
                Decision(
                    name=(row.get("label") or "").strip(),
                    kind=(row.get("kind") or "").strip(),
                    decision=decision,
                    target=(row.get("target") or "").strip(),
                    reviewer=who,
                    date=today,
                    note=(row.get("note") or "").strip(),
                )
            )
    if problems:
        raise FondsError("the sheet was not applied:\n  " + "\n  ".join(problems))
    write_decisions(folder, [*read_decisions(folder), *decisions])
    return decisions


def _problem(row: dict[str, str], decision: str, index: AuthorityIndex) -> str | None:
    target = (row.get("target") or "").strip()
    kind = (row.get("kind") or "").strip()
    if decision not in DECISIONS_ALLOWED:
        return f"decision must be one of {', '.join(DECISIONS_ALLOWED)}, not {decision!r}"
    if kind not in ("person", "organization", "place"):
        return f"kind must be person, organization or place, not {kind!r}"
    if decision == "match":
        if target not in index.entities:
            return f"target {target!r} is not a key of the authority index"
        if index.entities[target].type != kind:
            return f"{target} is a {index.entities[target].type}, not a {kind}"
    if decision in IDENTIFIER_PATTERNS and not IDENTIFIER_PATTERNS[decision].fullmatch(target):
        return f"{target!r} is not a {decision} identifier"
    return None
