"""SHACL validation of one document: pySHACL (baseline) beside pyshacl-turbo, in one run.

Fonds validates with pyshacl-turbo (a Rust drop-in for pySHACL, shapes compiled once).
The timings include building the data graph each engine validates, as ingest does.

    .venv/bin/python bench/validation.py

Both validate the same data (the cable's graphs, the vocabulary and the CRM class
hierarchy) against the same shapes, restricted to the document's own nodes as Fonds does.
The reports must agree; the figures are medians of repeated runs and their ratio.
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

from fonds.mapping.document import Ingest, to_graphs  # noqa: E402
from fonds.pipeline import Pipeline  # noqa: E402
from fonds.records.text import read_text  # noqa: E402
from fonds.settings import Settings  # noqa: E402

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

    results = {}
    for name, run in (("pyshacl 0.40.1 (baseline)", baseline), ("pyshacl-turbo (Fonds)", turbo)):
        timings, outcome = [], None
        for _ in range(RUNS):
            started = time.perf_counter()
            outcome = run()
            timings.append(time.perf_counter() - started)
        results[name] = (statistics.median(timings), outcome[0], outcome[2].count("Severity"))
    size = f"{len(graphs.graph)} triples, {len(graphs.agents)} entity graphs"
    print(f"one document ({size}), {RUNS} runs")
    print(f"{'engine':28} {'median ms':>10} {'conforms':>9} {'results':>8}")
    for name, (seconds, conforms, count) in results.items():
        print(f"{name:28} {seconds * 1000:10.1f} {conforms!s:>9} {count:8d}")
    (base, *_), (fast, *_) = results.values()
    print(f"ratio baseline/turbo: {base / fast:.1f}x")


if __name__ == "__main__":
    main()
