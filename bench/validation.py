"""SHACL validation of one document: pySHACL (baseline), pyshacl-turbo on the same graph,
and Fonds's own way, in one run.

    .venv/bin/python bench/validation.py

The first two validate the same rdflib graph (the cable's graphs, the vocabulary and the
CRM class hierarchy) against the same shapes, restricted to the document's own nodes:
the engines side by side. The others are what ingest does (`Pipeline.check_record`): the
document's N-Triples are written, only the statements whose predicate a shape or rule
reads are handed to pyshacl-turbo as text, and two rules run in Python: once without the
caches a batch keeps for entity descriptions (the first document that names them), once
with them (a later one). Every run builds its input from the graphs. The reports must
agree; the figures are medians of repeated runs and their ratios to the baseline.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyshacl  # noqa: E402
import pyshacl_turbo  # noqa: E402

from fonds.batch import ntriples, shared_ntriples  # noqa: E402
from fonds.mapping.document import Ingest, to_graphs  # noqa: E402
from fonds.pipeline import Pipeline  # noqa: E402
from fonds.records.text import read_text  # noqa: E402
from fonds.settings import Settings  # noqa: E402
from fonds.store.convert import graph_ntriples  # noqa: E402

RUNS = 15


def main() -> None:
    pipeline = Pipeline(Settings())
    record = read_text(ROOT / "data" / "records" / "wcda-208256-cable-59363.txt")
    now = datetime.now(UTC)
    graphs = to_graphs(
        record, pipeline.minter, pipeline.authorities, Ingest.start(pipeline.minter, now), now
    )
    focus = sorted({s for s in graphs.graph.subjects()})
    shapes = pipeline.validator.shapes
    compiled = pyshacl_turbo.compile_shapes(shapes, advanced=True)

    def data():
        g = graphs.union()
        g += pipeline.vocabulary
        g += pipeline.validator.hierarchy
        return g

    def baseline():
        return pyshacl.validate(
            data(),
            shacl_graph=shapes,
            inference="none",
            inplace=True,
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
            focus_nodes=focus,
        )

    def turbo():
        return compiled.validate(
            data(),
            inference="none",
            inplace=True,
            allow_warnings=True,
            allow_infos=True,
            focus_nodes=focus,
        )

    def fonds():
        data = pipeline.validation_input(graphs, graph_ntriples(graphs.graph))
        report = pipeline.validator.validate(str(graphs.document), data, focus)
        return report.conforms, len(report.problems)

    def fonds_first():
        ntriples.cache_clear()
        shared_ntriples.cache_clear()
        return fonds()

    def engine(run):
        def counted():
            conforms, _graph, text = run()
            return conforms, text.count("Severity")

        return counted

    runs = (
        ("pyshacl 0.40.1 (baseline)", engine(baseline)),
        ("pyshacl-turbo, same graph", engine(turbo)),
        ("Fonds, entities new", fonds_first),
        ("Fonds, entities seen before", fonds),
    )
    results = {}
    for name, run in runs:
        timings, outcome = [], (False, 0)
        for _ in range(RUNS):
            started = time.perf_counter()
            outcome = run()
            timings.append(time.perf_counter() - started)
        results[name] = (statistics.median(timings), *outcome)
    size = f"{len(graphs.graph)} triples, {len(graphs.agents)} entity graphs"
    print(f"one document ({size}), {RUNS} runs")
    print(f"{'validation':28} {'median ms':>10} {'conforms':>9} {'results':>8} {'ratio':>6}")
    base = results["pyshacl 0.40.1 (baseline)"][0]
    for name, (seconds, conforms, count) in results.items():
        ratio = f"{base / seconds:.1f}x"
        print(f"{name:28} {seconds * 1000:10.1f} {conforms!s:>9} {count:8d} {ratio:>6}")
    if len({(conforms, count) for _, conforms, count in results.values()}) != 1:
        sys.exit("the reports disagree")


if __name__ == "__main__":
    main()
