"""One exception tree for Fonds; the CLI and the web app each map it in one place.

FondsError
├── SettingsError          a setting has a value Fonds cannot use
├── RecordError            a source record cannot be read (file, line, field)
├── StoreError             the store cannot be opened or written
│   └── StoreBusy          another process is publishing to the same store
├── QueryError             a public SPARQL request cannot be answered
│   ├── QueryRefused       update, SERVICE, LOAD, ...: never reaches the engine (403)
│   ├── QueryRejected      too deep, not a query, bad protocol use (400)
│   ├── QueryTooLarge      over the size limit (413)
│   ├── QueryNotAcceptable its result cannot be written as asked (RDF/XML) (406)
│   ├── QuerySyntaxError   the engine's parser refused it (400)
│   ├── QueryTimeout       stopped after the configured timeout (503)
│   └── QueryCrashed       the engine process died on it (400)
└── NotAcceptable          no offered media type fits the Accept header (406)
"""

from __future__ import annotations

from pathlib import Path


class FondsError(Exception):
    """Root of every error Fonds raises on purpose."""


class SettingsError(FondsError):
    """A setting (environment variable or flag) has a value Fonds cannot use."""


class RecordError(FondsError):
    """A source record is malformed; says which file, line and field."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        row: int | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.row = row
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.row is not None:
            where += f" (row {self.row})"
        what = f" [{self.field}]" if self.field else ""
        return f"{where}{what}: {self.message}"


class StoreError(FondsError):
    """The store cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another process holds the store's publication lock."""


class QueryError(FondsError):
    """A public SPARQL request that cannot be answered; `status` is its HTTP status."""

    status = 400


class QueryRefused(QueryError):
    """The request asks for something this read-only public endpoint never does."""

    status = 403


class QueryRejected(QueryError):
    """The request is malformed or over a structural limit."""

    status = 400


class UnsupportedMediaType(QueryRejected):
    """The request body's media type or charset is not one the protocol allows."""

    status = 415


class QueryNotAcceptable(QueryError):
    """The result cannot be written in the media type asked for (RDF/XML, for some
    predicates)."""

    status = 406


class QueryTooLarge(QueryError):
    """The query text is over the size limit."""

    status = 413


class QuerySyntaxError(QueryError):
    """The SPARQL parser refused the query."""

    status = 400


class QueryTimeout(QueryError):
    """The query ran past the timeout and its worker was stopped."""

    status = 503


class QueryCrashed(QueryError):
    """The engine process died while evaluating the query."""

    status = 400


class NotAcceptable(FondsError):
    """Nothing Fonds can produce matches the request's Accept header."""

    def __init__(self, offered: list[str], reason: str | None = None) -> None:
        self.offered = offered
        listed = ", ".join(offered)
        super().__init__(
            f"{reason}; offered: {listed}"
            if reason
            else "none of the offered media types is acceptable: " + listed
        )
