"""The `fonds` command: parses arguments and calls the pipeline, the store or the server.

Exit codes: 0 success; 1 some records were refused (or, for `validate`, do not conform);
2 an error (bad usage, unreadable path, store unavailable).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from fonds import __version__
from fonds.errors import FondsError
from fonds.files import replaced
from fonds.settings import Settings

EXIT_OK, EXIT_REFUSED, EXIT_ERROR = 0, 1, 2


def _port(text: str) -> int:
    """A TCP port number, for argparse."""
    if not text.isascii() or not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fonds",
        description="Publish historical archive records as validated linked open data.",
        epilog="Settings: FONDS_STORE, FONDS_BASE_IRI, FONDS_QUERY_TIMEOUT (see README).",
    )
    parser.add_argument("--version", action="version", version=f"fonds {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument(
            "--store",
            help="store location: a directory, oxigraph:DIR or memory: "
            "(default: $FONDS_STORE, else ./var/store)",
        )
        return sub

    ingest = command("ingest", "Read, validate and publish records (files or folders).")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument(
        "--strict", action="store_true", help="store nothing if any record is refused"
    )
    ingest.add_argument(
        "--force", action="store_true", help="map records again even if they did not change"
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress line")

    validate = command("validate", "Check records against the shapes without storing them.")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.add_argument("--quiet", action="store_true", help="no progress line")

    serve = command(
        "serve", "Serve the published data (publishes data/records first if the store is empty)."
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")

    query = command("query", "Run a SPARQL query on the store and print the result as a table.")
    query.add_argument(
        "sparql", metavar="SPARQL", help="the query text (or - to read standard input)"
    )

    export = command("export", "Write the whole dataset to standard output or a file.")
    export.add_argument(
        "--format",
        choices=["ttl", "nt", "nq", "jsonld", "ttl.gz", "nt.gz", "nq.gz", "jsonld.gz"],
        default="ttl",
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")

    authorities = command("authorities", "Work with the authority index (data/authorities/).")
    authorities.add_argument("action", choices=["check"], help="check: report every problem")
    authorities.add_argument(
        "folder", nargs="?", type=Path, help="the index folder (default: $FONDS_AUTHORITIES)"
    )

    link = command(
        "link", "Review links to authority records, apply decisions, ask a reconciliation service."
    )
    mode = link.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--review", action="store_true", help="write a review sheet of what Fonds could not link"
    )
    mode.add_argument("--apply", type=Path, metavar="SHEET", help="record a sheet's decisions")
    mode.add_argument(
        "--service",
        metavar="URL",
        help="like --review, with candidates from a W3C reconciliation service",
    )
    link.add_argument(
        "--output", type=Path, default=Path("review.csv"), help="review sheet (default review.csv)"
    )
    link.add_argument("--reviewer", help="who decided (default: the login name)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `fonds` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings(**({"store": args.store} if args.store else {}))
    except ValidationError as error:
        for problem in error.errors():
            name = "FONDS_" + "_".join(str(p) for p in problem["loc"]).upper()
            print(f"fonds: setting {name}: {problem['msg']}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return COMMANDS[args.command](args, settings)
    except FondsError as error:
        print(f"fonds: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from fonds.pipeline import Pipeline, StrictAbort
    from fonds.store import open_store

    store = open_store(settings.store, settings)
    try:
        report = Pipeline(settings).ingest(
            args.paths,
            store,
            strict=args.strict,
            force=args.force,
            progress=None if args.quiet else Progress(),
        )
    except StrictAbort as abort:
        _print_report(abort.report.outcomes)
        print(f"fonds: {abort}", file=sys.stderr)
        return EXIT_REFUSED
    _print_report(report.outcomes)
    unchanged = f", {report.unchanged} unchanged" if report.unchanged else ""
    print(
        f"stored {report.stored} of {len(report.outcomes)} record(s){unchanged} "
        f"in {settings.store}",
        file=sys.stderr,
    )
    return EXIT_REFUSED if report.failed else EXIT_OK


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    from fonds.pipeline import Pipeline

    report = Pipeline(settings).validate(args.paths, None if args.quiet else Progress())
    _print_report(report.outcomes, verbose=True)
    conforming = len(report.outcomes) - len(report.failed)
    print(f"{conforming} of {len(report.outcomes)} record(s) conform", file=sys.stderr)
    return EXIT_REFUSED if report.failed else EXIT_OK


class Progress:
    """A progress line on standard error: records checked and the rate, once a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0.0
        self.live = sys.stderr.isatty()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.shown < 1.0:
            return
        self.shown = now
        rate = done / max(now - self.started, 1e-6)
        line = f"checked {done} record(s), {rate:.0f}/s"
        print(
            ("\r" + line) if self.live else line,
            end="" if self.live else "\n",
            file=sys.stderr,
            flush=True,
        )


def _print_report(outcomes: list, verbose: bool = False) -> None:
    for outcome in outcomes:
        if outcome.error:
            print(f"refused: {outcome.error}", file=sys.stderr)
            continue
        shown = (
            outcome.problems
            if verbose
            else [p for p in outcome.problems if p.severity == "Violation"]
        )
        status = "refused" if not outcome.ok else "ok"
        if status == "refused" or verbose:
            print(f"{status}: {outcome.source} ({outcome.document})", file=sys.stderr)
        for problem in shown:
            print(f"  {problem}", file=sys.stderr)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from fonds.pipeline import Pipeline
    from fonds.serve import create_app
    from fonds.store import open_store

    store = open_store(settings.store, settings)
    if store.triple_count() == 0:
        print(f"the store is empty: publishing {settings.records}", file=sys.stderr)
        report = Pipeline(settings).ingest([settings.records], store)
        _print_report(report.outcomes)
        print(f"stored {report.stored} of {len(report.outcomes)} record(s)", file=sys.stderr)
    print(f"serving {settings.store} on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(create_app(settings, store), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _query(args: argparse.Namespace, settings: Settings) -> int:
    import pyoxigraph as ox

    from fonds.sparql.guard import check_query
    from fonds.store import open_store

    text = sys.stdin.read() if args.sparql == "-" else args.sparql
    # The local user owns the store, but the same guard keeps SERVICE from reaching out.
    check_query(text, max_bytes=settings.max_query_bytes, max_depth=settings.max_query_depth)
    store = open_store(settings.store, settings, existing=True)
    try:
        result = store.snapshot().query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise FondsError(f"the query does not parse: {error}") from None
    if isinstance(result, ox.QueryBoolean):
        print("true" if result else "false")
    elif isinstance(result, ox.QueryTriples):
        sys.stdout.buffer.write(result.serialize(format=ox.RdfFormat.TURTLE))
    else:
        _print_table(
            [v.value for v in result.variables],
            [[_cell(row[v]) for v in result.variables] for row in result],
        )
    return EXIT_OK


def _cell(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [min(max([len(h), *(len(r[i]) for r in rows)]), 80) for i, h in enumerate(header)]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(
            " | ".join(c.replace("\n", " ")[:80].ljust(w) for c, w in zip(row, widths, strict=True))
        )
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from fonds.store import open_store
    from fonds.store.dumps import FORMATS, export

    store = open_store(settings.store, settings, existing=True)
    fmt = FORMATS[args.format]
    if args.output is None:
        export(store, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        with replaced(args.output) as partial, partial.open("wb") as out:
            export(store, fmt, out)
    except OSError as error:
        raise FondsError(f"{args.output}: cannot write ({error.strerror})") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _authorities(args: argparse.Namespace, settings: Settings) -> int:
    from fonds.link.check import check_authorities

    folder = args.folder or settings.authorities
    findings = check_authorities(folder)
    for finding in findings:
        print(finding, file=sys.stderr)
    print(f"{folder}: {len(findings)} problem(s)", file=sys.stderr)
    return EXIT_REFUSED if findings else EXIT_OK


def _link(args: argparse.Namespace, settings: Settings) -> int:
    from fonds.link.authorities import AuthorityIndex
    from fonds.link.review import apply_sheet, rows_to_review, write_sheet
    from fonds.store import open_store

    index = AuthorityIndex.load(settings.authorities)
    if args.apply:
        decisions = apply_sheet(args.apply, index, settings.authorities, args.reviewer)
        print(
            f"recorded {len(decisions)} decision(s) in {settings.authorities / 'decisions.tsv'}; "
            "they apply from the next `fonds ingest`",
            file=sys.stderr,
        )
        return EXIT_OK
    store = open_store(settings.store, settings, existing=True)
    rows = rows_to_review(store.snapshot(), index, settings.base_iri)
    if args.service:
        from fonds.link.client import ReconciliationClient

        client = ReconciliationClient(
            args.service, timeout=settings.service_timeout, retries=settings.service_retries
        )
        client.add_candidates(rows)
    count = write_sheet(args.output, rows)
    print(f"wrote {count} row(s) to review in {args.output}", file=sys.stderr)
    return EXIT_OK


COMMANDS = {
    "authorities": _authorities,
    "link": _link,
    "ingest": _ingest,
    "validate": _validate,
    "serve": _serve,
    "query": _query,
    "export": _export,
}

if __name__ == "__main__":
    sys.exit(main())
