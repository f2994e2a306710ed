"""End-to-end ingest: Fonds beside the naive rdflib + pySHACL pipeline, in one run.

    .venv/bin/python bench/ingest.py 1000          # generates bench corpus of 1,000 records

Both read the same generated records (bench/corpus.py) with Fonds's reader and mapper, so
the difference is in how the work is done:
- baseline: one process; each document's graph with the entities it names and the
  vocabulary validated in full by pySHACL (CRM hierarchy as ont_graph), then added to an
  rdflib Dataset;
- Fonds: `Pipeline.ingest` into the embedded store: validation focused on the document's
  nodes with pyshacl-turbo, batches on FONDS_INGEST_WORKERS processes, pyoxigraph store,
  dumps and the catalogue written at publication.
Each runs in its own process, so peak memory (max RSS, children included) is its own.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def run_fonds(corpus: Path) -> int:
    """Ingest with Fonds; returns documents stored."""
    from fonds.pipeline import Pipeline
    from fonds.settings import Settings
    from fonds.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "store"))
        report = Pipeline(Settings()).ingest([corpus], store)
        store.close()
        return report.stored


def run_baseline(corpus: Path) -> int:
    """The naive pipeline; returns documents stored."""
    from datetime import UTC, datetime

    import pyshacl
    from rdflib import Dataset

    from fonds.mapping.document import Ingest, to_graphs
    from fonds.pipeline import Pipeline
    from fonds.records import Record, read_paths
    from fonds.settings import Settings

    pipeline = Pipeline(Settings())
    dataset = Dataset()
    stored = 0
    for record in read_paths([corpus]):
        if not isinstance(record, Record):
            continue
        now = datetime.now(UTC)
        graphs = to_graphs(
            record, pipeline.minter, pipeline.authorities, Ingest.start(pipeline.minter, now), now
        )
        data = graphs.union()
        data += pipeline.vocabulary
        conforms, _, _ = pyshacl.validate(
            data,
            shacl_graph=pipeline.validator.shapes,
            ont_graph=pipeline.validator.hierarchy,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
        )
        if conforms:
            graph = dataset.graph(graphs.graph_name)
            graph += graphs.graph
            for agent in graphs.agents:
                dataset.graph(agent.graph_name).__iadd__(agent.graph)
            stored += 1
    return stored


def measure(method: str, corpus: Path) -> tuple[float, int, float]:
    """Run one method in a child process: seconds, documents, peak MiB."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--run", method, str(corpus)],
        stdout=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{method} failed with status {status}")
    documents = int(child.stdout.read().strip().splitlines()[-1])
    child.stdout.close()
    # ru_maxrss of this child (its own workers are reported by it below).
    return seconds, documents, usage.ru_maxrss / 1024


def main() -> None:
    from corpus import generate

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    corpus = Path(tempfile.mkdtemp(prefix=f"fonds-bench-{size}-"))
    generate(size, corpus)
    print(
        f"{size} generated records, {os.cpu_count()} cores, FONDS_INGEST_WORKERS="
        f"{os.environ.get('FONDS_INGEST_WORKERS', 'default')}"
    )
    print(f"{'pipeline':34} {'seconds':>8} {'docs/s':>8} {'peak MiB':>9}")
    results = {}
    for name, method in (("naive rdflib + pySHACL (baseline)", "baseline"), ("Fonds", "fonds")):
        seconds, documents, peak = measure(method, corpus)
        results[name] = documents / seconds
        print(f"{name:34} {seconds:8.1f} {documents / seconds:8.1f} {peak:9.0f}")
    base, fonds = results.values()
    print(f"ratio Fonds/baseline: {fonds / base:.1f}x (documents/s)")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--run":
        runner = {"fonds": run_fonds, "baseline": run_baseline}[sys.argv[2]]
        count = runner(Path(sys.argv[3]))
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"worker processes' peak: {children:.0f} MiB", file=sys.stderr)
        print(count)
    else:
        main()
