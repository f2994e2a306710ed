"""A nightly re-run: the same archive published again with a few records changed.

    .venv/bin/python bench/nightly.py CORPUS STORE [--changed 10]

CORPUS is a folder of records already published to the embedded store STORE (for
example by `bench/corpus.py 10000 CORPUS` then `fonds ingest --store STORE CORPUS`).
The script edits `--changed` records of CORPUS in place (a sentence added to each one's
summary, different on every run), runs the ingest again, and reports where its time
went. Beside it, in the same run and on the same published version, the baseline: what
publishing cost before dumps and catalogue could be updated in place, that is writing
every dump and the whole catalogue afresh.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fonds import pipeline  # noqa: E402
from fonds.pipeline import Pipeline  # noqa: E402
from fonds.settings import Settings  # noqa: E402
from fonds.store import catalog, dumps, open_store, oxigraph, parts  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)


@contextmanager
def timed(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        SPENT[name] += time.perf_counter() - started


def timing(module: object, name: str, label: str) -> None:
    """Add the time spent in module.name to SPENT[label]."""
    original = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        with timed(label):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)


def change(corpus: Path, count: int) -> list[Path]:
    """Edit `count` records spread over the corpus; return their paths."""
    records = sorted(corpus.glob("*.txt"))
    step = max(1, len(records) // count)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    chosen = records[::step][:count]
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        marker = "\nSummary:\n\n"
        head, found, tail = text.partition(marker)
        if not found:
            raise SystemExit(f"{path}: no Summary section to edit")
        path.write_text(f"{head}{found}Re-checked on {stamp}. {tail}", encoding="utf-8")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument(
        "--without-baseline",
        action="store_true",
        help="skip writing every dump and the catalogue afresh (many minutes at 100k)",
    )
    args = parser.parse_args()

    settings = Settings(store=str(args.store))
    store = open_store(settings.store, settings)
    if store.triple_count() == 0:
        raise SystemExit(f"{args.store}: nothing published yet; ingest {args.corpus} first")
    timing(oxigraph, "publish_files", "publication")
    timing(dumps, "write_dumps", "dumps")
    timing(parts, "update", "dumps: parts written again")
    timing(catalog, "build", "catalogue")
    timing(pipeline, "stored_sources", "published source hashes read")

    chosen = change(args.corpus, args.changed)
    started = time.perf_counter()
    report = Pipeline(settings).ingest([args.corpus], store, progress=None)
    total = time.perf_counter() - started
    quads = store.triple_count()
    print(
        f"{len(report.outcomes)} records, {len(chosen)} changed, {quads:,} quads; "
        f"stored {report.stored}, unchanged {report.unchanged}, refused {len(report.failed)}"
    )
    print(f"{'nightly re-run (Fonds)':40} {total:8.1f} s")
    for name in (
        "publication",
        "dumps",
        "dumps: parts written again",
        "catalogue",
        "published source hashes read",
    ):
        print(f"  {name:38} {SPENT[name]:8.1f} s")
    # The catalogue of a small batch is written beside the dumps: the publication's wall
    # time is what they cost together.
    rest = total - SPENT["publication"] - SPENT["published source hashes read"]
    print(f"  {'reading, comparing, checking, storing':38} {rest:8.1f} s")
    updated = SPENT["dumps"] + SPENT["catalogue"]
    if args.without_baseline:
        return

    # Baseline: every dump and the whole catalogue written afresh from the same version.
    snapshot = store.snapshot()
    scratch = Path(tempfile.mkdtemp(prefix="fonds-nightly-", dir=args.store))
    try:
        SPENT.clear()
        dumps.write_dumps(snapshot, scratch)
        catalog.build(snapshot, scratch / catalog.CATALOG)
        full = SPENT["dumps"] + SPENT["catalogue"]
    finally:
        shutil.rmtree(scratch)
    print(f"{'baseline: dumps and catalogue afresh':40} {full:8.1f} s")
    print(f"  {'dumps':38} {SPENT['dumps']:8.1f} s")
    print(f"  {'catalogue':38} {SPENT['catalogue']:8.1f} s")
    print(f"publication, updated in place vs afresh: {full / max(updated, 1e-9):.0f}x faster")


if __name__ == "__main__":
    main()
