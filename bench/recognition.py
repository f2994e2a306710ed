"""Recognition precision and recall on the hand-checked gold list for the cable.

    .venv/bin/python bench/recognition.py

Fonds is run end to end (read, extract, map) and judged on the Web Annotations it writes
on the document's text: a mention is right when its span and its entity are the gold
ones. Beside it, in the same run, a baseline: a plain gazetteer that looks for the index's
preferred labels exactly as written (what a first attempt at linking would do).
"""

from __future__ import annotations

import csv
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from rdflib import URIRef

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fonds.link.authorities import AuthorityIndex, name_key  # noqa: E402
from fonds.mapping.document import Ingest, to_graphs  # noqa: E402
from fonds.mapping.iris import Minter  # noqa: E402
from fonds.mapping.namespaces import OA, RDFS  # noqa: E402
from fonds.records.text import read_text  # noqa: E402

CABLE = ROOT / "data" / "records" / "wcda-208256-cable-59363.txt"
GOLD = ROOT / "bench" / "gold" / "wcda-208256.tsv"
BASE = "http://localhost:8000/"
RUNS = 5

Mention = tuple[int, int, str]  # start, end, entity ("key", "local:label" or "review:label")


def gold() -> set[Mention]:
    """The hand-checked mentions."""
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    found = set()
    for row in csv.DictReader(lines, delimiter="\t"):
        start = int(row["start"])
        found.add((start, start + len(row["text"]), _fold(row["entity"])))
    return found


def fonds(index: AuthorityIndex) -> set[Mention]:
    """Fonds's mentions: the annotations on the text, with the entity each one names."""
    record = read_text(CABLE)
    minter = Minter(BASE)
    now = datetime.now(UTC)
    graphs = to_graphs(record, minter, index, Ingest.start(minter, now), now)
    everything = graphs.union()
    body = URIRef(BASE + "text/wcda-208256/en")
    found = set()
    for annotation in everything.subjects(OA.hasBody, None):
        target = everything.value(annotation, OA.hasTarget)
        if everything.value(target, OA.hasSource) != body:
            continue
        start = end = None
        for selector in everything.objects(target, OA.hasSelector):
            if everything.value(selector, OA.start) is not None:
                start = int(everything.value(selector, OA.start))
                end = int(everything.value(selector, OA.end))
        entity = everything.value(annotation, OA.hasBody)
        found.add((start, end, _entity(entity, everything, index)))
    return found


def baseline(index: AuthorityIndex) -> set[Mention]:
    """A plain gazetteer: preferred labels, exactly as written, whole words."""
    text = read_text(CABLE).text or ""
    found = set()
    for entity in index.entities.values():
        if entity.type not in ("person", "organization", "place"):
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(entity.pref_label)}(?!\w)", text):
            found.add((match.start(), match.end(), entity.key))
    return found


def _entity(iri: URIRef, graph, index: AuthorityIndex) -> str:
    slug = str(iri).rsplit("/", 1)[-1]
    if slug in index.by_slug:
        return index.by_slug[slug].key
    label = str(graph.value(iri, RDFS.label) or slug)
    return _fold(f"local:{label}")


def _fold(entity: str) -> str:
    # A name left for review is right when Fonds made it a local entity, unlinked.
    kind, _, label = entity.partition(":")
    if kind in ("local", "review") and label:
        return "local:" + name_key(label)
    return entity


def scores(found: set[Mention], truth: set[Mention]) -> tuple[float, float, float, float]:
    """Mention precision and recall, then entity precision and recall."""
    right = found & truth
    p = len(right) / len(found) if found else 0.0
    r = len(right) / len(truth) if truth else 0.0
    found_entities, true_entities = {m[2] for m in found}, {m[2] for m in truth}
    ep = len(found_entities & true_entities) / len(found_entities) if found_entities else 0.0
    er = len(found_entities & true_entities) / len(true_entities) if true_entities else 0.0
    return p, r, ep, er


def main() -> None:
    index = AuthorityIndex.load(ROOT / "data" / "authorities")
    truth = gold()
    rows = []
    for name, method in (("baseline: preferred labels", baseline), ("fonds", fonds)):
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            found = method(index)
            timings.append(time.perf_counter() - started)
        rows.append((name, *scores(found, truth), statistics.median(timings), found))
    print(f"gold: {len(truth)} mentions of {len({m[2] for m in truth})} entities in the cable")
    columns = ("mention P", "mention R", "entity P", "entity R", "median s")
    print(f"{'method':28} " + " ".join(f"{c:>9}" for c in columns))
    for name, p, r, ep, er, seconds, _ in rows:
        print(f"{name:28} {p:9.2f} {r:9.2f} {ep:9.2f} {er:9.2f} {seconds:9.3f}")
    found = rows[-1][-1]
    for label, items in (("missed", truth - found), ("wrong", found - truth)):
        for start, end, entity in sorted(items):
            print(f"  {label}: {start}-{end} {entity}")


if __name__ == "__main__":
    main()
