"""Fonds on a remote triple store: ingest and queries on the Oxigraph server and Virtuoso.

    .venv/bin/python bench/remote.py 1000

The same generated records are ingested into the embedded store (the baseline) and,
through `SparqlStore`, into a fresh Oxigraph server and a fresh Virtuoso (where Debian's
package is installed), each started on 127.0.0.1 for this run; then 10 records are
edited and each store is given the re-run a nightly job would make. Then `fonds serve` runs
on each remote store and the example queries are asked through it and straight to the
engine (median of 5), and a document page is rendered through it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.load import Request, median_ms, run  # noqa: E402
from bench.nightly import change  # noqa: E402
from bench.serving import fonds_serve, sparql_request  # noqa: E402
from tests.engines import (  # noqa: E402
    Engine,
    oxigraph_server,
    virtuoso,
    virtuoso_available,
)


def ingest(corpus: Path, env: dict[str, str]) -> float:
    """`fonds ingest` with these settings; returns seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "fonds.cli", "ingest", "--quiet", str(corpus)],
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    from bench.corpus import generate

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fonds-remote-")))
        corpus = scratch / "corpus"
        generate(size, corpus)
        engines: dict[str, Engine] = {
            "Oxigraph server": stack.enter_context(oxigraph_server(scratch / "oxigraph"))
        }
        if virtuoso_available():
            engines["Virtuoso"] = stack.enter_context(
                virtuoso(scratch / "virtuoso", buffers=340000)
            )
        print(f"{size} generated records, {os.cpu_count()} cores")
        print(f"{'ingest into':28}{'seconds':>10}{'docs/s':>10}{'ratio':>8}")
        embedded = ingest(corpus, {"FONDS_STORE": str(scratch / "embedded")})
        print(f"{'embedded store (baseline)':28}{embedded:>10.1f}{size / embedded:>10.1f}{1:>8.2f}")
        envs = {}
        for name, engine in engines.items():
            env = {**engine.env(), "FONDS_SPARQL_CACHE": str(scratch / f"cache-{name}")}
            seconds = ingest(corpus, env)
            ratio = embedded / seconds
            print(f"{name:28}{seconds:>10.1f}{size / seconds:>10.1f}{ratio:>8.2f}")
            envs[name] = env

        change(corpus, 10)
        print(f"\n{'re-run, 10 records changed':28}{'seconds':>10}{'':>10}{'ratio':>8}")
        again = ingest(corpus, {"FONDS_STORE": str(scratch / "embedded")})
        print(f"{'embedded store (baseline)':28}{again:>10.1f}{'':>10}{1:>8.2f}")
        for name, env in envs.items():
            seconds = ingest(corpus, env)
            print(f"{name:28}{seconds:>10.1f}{'':>10}{again / seconds:>8.2f}")

        print("\nmedian ms of 5: through `fonds serve` on the remote store / straight to it")
        queries = sorted((ROOT / "data" / "queries").glob("*.rq"))
        for name, env in envs.items():
            with fonds_serve({**env, "FONDS_QUERY_WORKERS": "1"}, scratch) as (fonds, _):
                print(f"{name}")
                accept = (("Accept", "application/sparql-results+json"),)
                for path in queries:
                    text = path.read_text()
                    query = urllib.parse.urlencode({"query": text})
                    through = median_ms(Request(f"{fonds}/sparql?{query}", headers=accept))
                    direct = median_ms(sparql_request(env["FONDS_STORE"], text, accept[0][1]))
                    print(f"  {path.stem[:36]:38}{through:>10.1f}{direct:>10.1f}")
                pages = [Request(f"{fonds}/text/wcda-{300000 + n}") for n in range(0, size, 50)]
                first = run(pages, connections=1, total=len(pages))
                print(f"  {'document page, first render p50':38}{first.p50:>10.1f}")


if __name__ == "__main__":
    main()
