"""The process that evaluates public queries, so that a runaway one can be killed.

It imports only pyoxigraph (and fonds.rdfxml, which needs nothing more), opens published
store versions read-only, and answers one request at a time over a pipe with (status,
payload).
"""

from __future__ import annotations

import resource
from multiprocessing.connection import Connection

import pyoxigraph as ox

from fonds import rdfxml

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def evaluate(store: ox.Store, request: dict) -> tuple[str, bytes | str]:
    """Run one query and serialize its result; errors come back as (kind, message).

    `store` is a pyoxigraph store or a remote store's dataset, which answers the same calls.
    """
    try:
        result = store.query(
            request["query"],
            use_default_graph_as_union=not request.get("default_graphs"),
            default_graph=[ox.NamedNode(g) for g in request.get("default_graphs", [])] or None,
            named_graphs=[ox.NamedNode(g) for g in request.get("named_graphs", [])] or None,
        )
        media = request["media_type"]
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            data = result.serialize(format=RESULT_FORMATS[media])
        else:
            # Triples: pyoxigraph's own result, or a remote store's, parsed (a list).
            triples = rdfxml.checked(result) if media == "application/rdf+xml" else result
            data = ox.serialize(triples, format=GRAPH_FORMATS[media])
    except SyntaxError as error:
        return "syntax", str(error)
    except rdfxml.Unwritable as error:
        return "not_acceptable", str(error)
    except MemoryError:
        return "too_large", "the query needed more memory than a query may use"
    except (OSError, ValueError, TypeError, KeyError) as error:
        return "error", f"{type(error).__name__}: {error}"
    if len(data) > request["max_result_bytes"]:
        return "too_large", (
            f"the result is larger than {request['max_result_bytes'] // 2**20} MiB; "
            "narrow the query or add a LIMIT"
        )
    return "ok", data


def resident_mb() -> float:
    """This process's resident memory."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def main(connection: Connection, memory_mb: int, retire_mb: int) -> None:
    """Serve requests until the pipe closes, or until a query leaves it over `retire_mb`.

    Memory a large join took is not given back to the system: a worker holding more than
    `retire_mb` after a query answers and leaves, and the pool starts a fresh one.
    """
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        location = request["location"]
        if opened is None or opened[0] != location:
            try:
                opened = (location, ox.Store.read_only(location))
            except OSError as error:
                connection.send(("error", f"cannot open the store: {error}", False))
                continue
        retiring = resident_mb() > retire_mb
        connection.send((*evaluate(opened[1], request), retiring))
        if retiring:
            return
