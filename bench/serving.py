"""Reads at scale: pages, /sparql, facets and search, dumps and memory, beside the engines.

    .venv/bin/python bench/serving.py 1000                 # generate and ingest 1,000 records
    .venv/bin/python bench/serving.py --store DIR          # an embedded store ingested before

On one published store it starts `fonds serve`, the Oxigraph server (read-only, on the
very same RocksDB files) and, where Debian's Virtuoso is installed, Virtuoso bulk-loaded
from the store's N-Quads dump; all on 127.0.0.1. Then, side by side:
- resource pages: each of 200 documents and 200 people, places and groups rendered once
  (Fonds alone: the engines render no page); then, from the cache, Fonds's HTML and
  Turtle page of a document against the raw engines' CONSTRUCT of the same document's
  graph (p50, p99, requests/s with 4 connections);
- /sparql: each example query of data/queries, median of 5, through Fonds (guard and a
  killable query process) and straight to each engine;
- facets and search: Fonds's catalogue-backed /documents against the SPARQL that answers
  the same question on each engine;
- the full N-Triples dump with the store's own serializer, and the memory `fonds serve`
  (its query processes included) holds after all of the above.
Load is bounded in requests and time, and only ever sent to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from bench.load import Request, median_ms, run  # noqa: E402
from tests.engines import (  # noqa: E402
    free_port,
    oxigraph_binary,
    stop,
    virtuoso,
    virtuoso_available,
    virtuoso_load,
    wait_for,
)

BASE = "http://localhost:8000/"
PREFIXES = """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX la: <https://linked.art/ns/terms/>
PREFIX wd: <http://www.wikidata.org/entity/>
"""
# The questions the catalogue answers, as the SPARQL an engine needs for them.
FACETS = [
    (
        "counts per year",
        "/documents?format=json",
        """SELECT ?year (COUNT(DISTINCT ?doc) AS ?n) WHERE {
             ?doc a crm:E31_Document ; dcterms:created ?date BIND(YEAR(?date) AS ?year)
           } GROUP BY ?year""",
    ),
    (
        "documents of 1950, by date",
        "/documents?format=json&year=1950",
        """SELECT DISTINCT ?doc ?date WHERE {
             ?doc a crm:E31_Document ; dcterms:created ?date
             FILTER(?date >= "1950-01-01"^^xsd:date && ?date < "1951-01-01"^^xsd:date)
           } ORDER BY ?date LIMIT 20""",
    ),
    (
        "search 'Molotov' in titles",
        "/documents?format=json&q=Molotov",
        """SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {
             ?doc a crm:E31_Document ; dcterms:title ?title
             FILTER(CONTAINS(LCASE(STR(?title)), "molotov"))
           }""",
    ),
    (
        "documents naming Molotov",
        "/documents?format=json&person=" + urllib.parse.quote(BASE + "person/molotov"),
        """SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {
             ?person la:equivalent wd:Q132899 .
             ?doc a crm:E31_Document ;
                  (crm:P67_refers_to|crm:P165_incorporates/crm:P67_refers_to) ?person
           }""",
    ),
]


def ingest(size: int, folder: Path) -> Path:
    """Generate `size` records and ingest them with `fonds ingest`; return the store."""
    from bench.corpus import generate

    corpus, store = folder / "corpus", folder / "store"
    generate(size, corpus)
    started = time.perf_counter()
    env = {**os.environ, "FONDS_STORE": str(store)}
    subprocess.run(
        [sys.executable, "-m", "fonds.cli", "ingest", "--quiet", str(corpus)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"ingested {size} records in {time.perf_counter() - started:.0f} s")
    return store


@contextmanager
def fonds_serve(env: dict[str, str], folder: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`fonds serve` with these FONDS_* settings (two query processes unless set)."""
    port = free_port()
    log = folder / f"fonds-serve-{port}.log"
    command = [sys.executable, "-m", "fonds.cli", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env={**os.environ, "FONDS_QUERY_WORKERS": "2", **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", process, log, 600)
        yield url, process
    finally:
        stop(process)


@contextmanager
def oxigraph_read_only(location: Path) -> Iterator[str]:
    """The Oxigraph server reading the same RocksDB files (read-only, union default graph)."""
    port = free_port()
    log = location.parent / "oxigraph-server.log"
    command = [oxigraph_binary() or "oxigraph", "serve-read-only", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "60"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_for(url + "?query=ASK%7B%7D", process, log, 60)
        yield url
    finally:
        stop(process)


def sparql_request(endpoint: str, query: str, accept: str) -> Request:
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = (("Content-Type", "application/x-www-form-urlencoded"), ("Accept", accept))
    return Request(endpoint, "POST", body, headers)


def documents(location: Path, count: int) -> list[str]:
    """Up to `count` document IRIs, spread over the store."""
    return spread(location, "SELECT ?iri WHERE { ?iri a crm:E31_Document }", count)


def entities(location: Path, count: int) -> list[str]:
    """Up to `count` of the dataset's people, places and groups, spread over the store."""
    query = (
        "SELECT DISTINCT ?iri WHERE { VALUES ?class { crm:E21_Person crm:E53_Place "
        f'crm:E74_Group }} ?iri a ?class FILTER(STRSTARTS(STR(?iri), "{BASE}")) }}'
    )
    return spread(location, query, count)


def spread(location: Path, query: str, count: int) -> list[str]:
    """Up to `count` of the IRIs a query selects as ?iri, spread over its answers."""
    store = ox.Store.read_only(str(location))
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    found = sorted(row["iri"].value for row in rows)  # type: ignore[union-attr]
    del store
    step = max(1, len(found) // count)
    return found[::step][:count]


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            continue
    return total / 1024


def row(name: str, values: list[float], digits: int = 1) -> str:
    cells = "".join(f"{v:>17.{digits}f}" if v == v else f"{'failed/30 s':>17}" for v in values)
    return f"{name:38}{cells}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", nargs="?", type=int, default=1000)
    parser.add_argument("--store", type=Path, help="an existing embedded store to read")
    parser.add_argument("--requests", type=int, default=2000, help="per page measurement")
    parser.add_argument(
        "--without-virtuoso",
        action="store_true",
        help="compare with the Oxigraph server only (Virtuoso's bulk load is long at 100k)",
    )
    parser.add_argument(
        "--queries",
        default="",
        help="only the example queries whose names start so, comma-separated (e.g. 01,02,06)",
    )
    parser.add_argument(
        "--without-dump",
        action="store_true",
        help="skip serializing the whole dataset from scratch (minutes at 100k)",
    )
    args = parser.parse_args()

    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fonds-serving-")))
        store = args.store or ingest(args.size, scratch)
        location = (store / "current").resolve() / "db"
        dumps = location.parent / "dumps"
        docs = documents(location, 200)
        people = entities(location, 200)
        print(
            f"store {store}: {len(docs)} sampled documents, {len(people)} people, places and "
            f"groups, machine {os.cpu_count()} cores"
        )

        fonds, server = stack.enter_context(fonds_serve({"FONDS_STORE": str(store)}, scratch))
        engines = {"Oxigraph server": stack.enter_context(oxigraph_read_only(location))}
        if virtuoso_available() and not args.without_virtuoso:
            started = time.perf_counter()
            engine = stack.enter_context(
                virtuoso(scratch / "virtuoso", buffers=340000, load_from=dumps / "parts")
            )
            # The N-Quads dump is its parts one after the other: Virtuoso loads the parts.
            virtuoso_load(engine, dumps / "parts", "%.nq.gz")
            print(f"Virtuoso bulk load: {time.perf_counter() - started:.0f} s")
            engines["Virtuoso"] = engine.query_url
        names = ["Fonds", *engines]
        print(f"\n{'':38}" + "".join(f"{n:>17}" for n in names))

        # -- resource pages -------------------------------------------------------------
        paths = [urllib.parse.urlsplit(d).path for d in docs]
        html = [Request(fonds + p, headers=(("Accept", "text/html"),)) for p in paths]
        turtle = [Request(fonds + p + ".ttl") for p in paths]
        linked = [Request(fonds + p + ".jsonld") for p in paths]
        # The short form CONSTRUCT WHERE allows no GRAPH (the Oxigraph server refuses it).
        graphs = [
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{BASE}graph{p}> {{ ?s ?p ?o }} }}"
            for p in paths
        ]
        raw = {
            name: [sparql_request(url, q, "application/n-triples") for q in graphs]
            for name, url in engines.items()
        }
        # Each page once, one at a time: every page rendered, none from the cache. An
        # entity page lists the documents that name it, thousands for some at 100k.
        named = [
            Request(fonds + urllib.parse.urlsplit(e).path, headers=(("Accept", "text/html"),))
            for e in people
        ]
        first = {
            "HTML": run(html, connections=1, total=len(html)),
            "Turtle": run(turtle, connections=1, total=len(turtle)),
            "JSON-LD": run(linked, connections=1, total=len(linked)),
            "entity HTML": run(named, connections=1, total=len(named)),
        }
        print("resource pages, first render of each (1 connection)")
        for label, result in first.items():
            print(row(f"  page {label} p50 (ms)", [result.p50]))
            print(row(f"  page {label} p99 (ms)", [result.p99]))
        runs = {
            "page HTML": [run(html, total=args.requests)],
            "page Turtle": [run(turtle, total=args.requests)],
        }
        baseline = [run(raw[name], total=args.requests) for name in engines]
        print("resource pages, 4 connections, rendered pages cached per version")
        print("(engines: CONSTRUCT of the document's graph)")
        for label, results in runs.items():
            for metric in ("p50", "p99", "rate"):
                values = [getattr(results[0], metric)] + [getattr(b, metric) for b in baseline]
                unit = "ms" if metric != "rate" else "req/s"
                print(row(f"  {label} {metric} ({unit})", values))
            errors = results[0].errors + sum(b.errors for b in baseline)
            if errors:
                print(f"  ({errors} failed requests)")

        # -- /sparql ----------------------------------------------------------------------
        print("\n/sparql, median ms of 5 (of 2 when over 1 s)")
        print("(Fonds: guard and a killable query process; engines: asked directly)")
        ratios = []
        wanted = tuple(q for q in args.queries.split(",") if q)
        for path in sorted((ROOT / "data" / "queries").glob("*.rq")):
            if wanted and not path.stem.startswith(wanted):
                continue
            text = path.read_text()
            accept = "application/sparql-results+json"
            fonds_ms = median_ms(
                Request(
                    f"{fonds}/sparql?" + urllib.parse.urlencode({"query": text}),
                    headers=(("Accept", accept),),
                )
            )
            others = [median_ms(sparql_request(url, text, accept)) for url in engines.values()]
            if fonds_ms == fonds_ms and others[0] == others[0]:  # neither failed (NaN)
                ratios.append(fonds_ms / others[0])
            print(row(f"  {path.stem[:36]}", [fonds_ms, *others]))
        ratios.sort()
        print(f"  median ratio Fonds / Oxigraph server: {ratios[len(ratios) // 2]:.2f}x")

        # -- facets and search ------------------------------------------------------------
        print("\nfacets and search, median ms of 5 (Fonds: catalogue; engines: SPARQL)")
        # Fonds first: an engine goes on with a query the client gave up on after 30 s,
        # and would take a core from whatever is measured next.
        fonds_ms = {label: median_ms(Request(fonds + page)) for label, page, _ in FACETS}
        for label, _, query in FACETS:
            others = [
                median_ms(sparql_request(url, PREFIXES + query, "application/sparql-results+json"))
                for url in engines.values()
            ]
            print(row(f"  {label}", [fonds_ms[label], *others]))

        # -- dump and memory ----------------------------------------------------------------
        from fonds.store.dumps import FORMATS, write

        if not args.without_dump:
            reader = ox.Store.read_only(str(location))
            started = time.perf_counter()
            with (scratch / "dump.nt").open("wb") as out:
                write(reader, FORMATS["nt"], out)
            seconds = time.perf_counter() - started
            size = (scratch / "dump.nt").stat().st_size / 2**20
            print(f"\nfull N-Triples dump (store serializer): {seconds:.1f} s, {size:.0f} MiB")
        print(
            f"fonds serve resident memory, query processes included: {rss_mib(server.pid):.0f} MiB"
        )


if __name__ == "__main__":
    main()
