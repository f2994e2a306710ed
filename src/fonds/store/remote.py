"""A dataset that lives in an existing SPARQL 1.1 triple store (Oxigraph server, Virtuoso, ...).

Reading: `RemoteDataset` answers the part of pyoxigraph's `Store` API that Fonds's pages,
catalogue and query endpoint use (`query`, `quads_for_pattern`, `contains_named_graph`,
`len`), by sending SPARQL over HTTP and parsing the answers with pyoxigraph, so every
reader works unchanged on either store. The store must present the union of its named
graphs as the default graph, as Virtuoso and GraphDB do and as the Oxigraph server and
Fuseki do when told to (README, "Running on another triple store").

Writing: batches are staged and moved into place graph by graph (`staging.py`).

The dumps and the catalogue of a remote dataset are built locally, in published versions
under `FONDS_SPARQL_CACHE`, from a local mirror of the dataset: after a batch only the
graphs it changed are fetched into it, and a graph the mirror already holds unchanged is
not sent at all.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

import pyoxigraph as ox

from fonds.errors import QueryTimeout, StoreError
from fonds.sparql.guard import query_form
from fonds.store import dumps
from fonds.store.http import EndpointError, EndpointTimeout, HttpClient, TooLarge
from fonds.store.oxigraph import publish_files
from fonds.store.staging import StagedWrites
from fonds.store.versions import Versions

RESULTS = "application/sparql-results+json"
TRIPLES = "application/n-triples, text/turtle;q=0.9"
GRAPH_PARSERS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
RESULT_PARSERS = {
    RESULTS: ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}


class SparqlEndpoint:
    """The URLs of one SPARQL service and a client to reach them."""

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        client: HttpClient | None = None,
        query_timeout: float = 30.0,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.store_url = store_url
        self.client = client or HttpClient()
        self.query_timeout = query_timeout

    def ask(
        self,
        query: str,
        *,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
        max_bytes: int | None = None,
        timeout: float | None = None,
        sink: IO[bytes] | None = None,
    ) -> tuple[str, bytes]:
        """POST a query; return the answer's media type and body (empty if sent to `sink`)."""
        # Asked for by form: Virtuoso answers a CONSTRUCT in JSON when JSON comes first.
        accept = TRIPLES if query_form(query) in ("CONSTRUCT", "DESCRIBE") else RESULTS
        form = [("query", query)]
        form += [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in named_graphs]
        try:
            response = self.client.request(
                "POST",
                self.query_url,
                body=_urlencode(form),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": accept,
                },
                timeout=timeout or self.query_timeout,
                max_bytes=max_bytes,
                sink=sink,
            )
        except EndpointTimeout:
            raise QueryTimeout(
                f"the triple store did not answer within {timeout or self.query_timeout:g} s"
            ) from None
        except EndpointError as error:
            if error.status == 400:
                # As pyoxigraph does, so callers tell a bad query from a broken store.
                raise SyntaxError(
                    error.body[:1000] or "the triple store refused the query"
                ) from None
            raise
        return response.media_type, response.body

    def update(self, text: str, *, idempotent: bool = True) -> None:
        """Send one SPARQL Update request (with the update credentials)."""
        self.client.request(
            "POST",
            self.update_url,
            body=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            authenticate=True,
            idempotent=idempotent,
        )

    def put_graph(self, graph: str, ntriples: bytes, *, append: bool = False) -> None:
        """Replace (or with `append`, add to) one graph through the Graph Store Protocol."""
        assert self.store_url is not None
        separator = "&" if "?" in self.store_url else "?"
        self.client.request(
            "POST" if append else "PUT",
            f"{self.store_url}{separator}{_urlencode([('graph', graph)]).decode()}",
            body=ntriples,
            headers={"Content-Type": "application/n-triples"},
            authenticate=True,
            idempotent=not append,
        )


class RemoteDataset:
    """Read access to the remote dataset, shaped like the pyoxigraph `Store` calls Fonds makes."""

    def __init__(
        self, endpoint: SparqlEndpoint, graphs: str, max_result_bytes: int | None = None
    ) -> None:
        self.endpoint = endpoint
        self.graphs = graphs  # the dataset is the named graphs whose names start with this
        self.max_result_bytes = max_result_bytes

    def query(
        self,
        query: str,
        *,
        use_default_graph_as_union: bool = True,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Evaluate on the store (its default graph being the union); parse with pyoxigraph."""
        try:
            media, body = self.endpoint.ask(
                query,
                default_graphs=[g.value for g in default_graph or ()],
                named_graphs=[g.value for g in named_graphs or ()],
                max_bytes=self.max_result_bytes,
            )
        except TooLarge as error:
            raise MemoryError(str(error)) from None
        return parse_answer(media, body)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching a pattern; None matches anything, the default graph is the union."""
        terms = {"s": subject, "p": predicate, "o": object}
        pattern = " ".join(str(t) if t is not None else f"?{n}" for n, t in terms.items())
        if isinstance(graph_name, ox.DefaultGraph):
            where = pattern
        elif graph_name is not None:
            where = f"GRAPH {graph_name} {{ {pattern} }}"
        else:
            where = f"GRAPH ?g {{ {pattern} }} {self._in_dataset()}"
        for row in self.query(f"SELECT * WHERE {{ {where} }}"):  # type: ignore[union-attr]
            yield ox.Quad(
                subject or row["s"],
                predicate or row["p"],
                object or row["o"],
                graph_name if graph_name is not None else row["g"],
            )

    def triples_for_subjects(
        self,
        subjects: list[ox.NamedNode],
        predicates: Iterable[ox.NamedNode] = (),
        batch: int = 200,
        *,
        and_fragments: str | None = None,
    ) -> Iterator[ox.Triple]:
        """The statements of the dataset about any of `subjects` (with one of `predicates`,
        if given), each once however many graphs state it, a few hundred subjects per
        request. With `and_fragments`, also about the IRIs starting so that the subjects'
        statements link to: two levels of a description in one request."""
        # A FILTER, not a second VALUES: with two, the Oxigraph server scans the whole
        # dataset (175 ms for a page's labels at 1,000 documents, against 6 ms). DISTINCT:
        # a name that thousands of documents write is stated again in each one's graph.
        only = ", ".join(str(p) for p in predicates)
        wanted = f"FILTER(?p IN ({only})) " if only else ""
        for start in range(0, len(subjects), batch):
            values = " ".join(str(s) for s in subjects[start : start + batch])
            about = f"GRAPH ?g {{ ?s ?p ?o }} {wanted}{self._in_dataset()}"
            where = f"VALUES ?s {{ {values} }} {about}"
            if and_fragments is not None:
                # The fragments once each before their statements are joined: a name that
                # every document states again would multiply them. Two whole branches:
                # Virtuoso answered nothing with the UNION around the VALUES only.
                linked = (
                    f"SELECT DISTINCT ?s WHERE {{ VALUES ?x {{ {values} }} "
                    f"GRAPH ?h {{ ?x ?q ?s }} {self._in_dataset(variable='h')} "
                    f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {ox.Literal(and_fragments)})) }}"
                )
                where = f"{{ {where} }} UNION {{ {{ {linked} }} {about} }}"
            for row in self.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }}"):  # type: ignore[union-attr]
                yield ox.Triple(row["s"], row["p"], row["o"])

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        """Whether the store has a graph of that name with at least one triple."""
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def __len__(self) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._in_dataset()} }}"
        rows = list(self.query(query))  # type: ignore[arg-type]
        return int(rows[0]["n"].value) if rows else 0

    def nonempty(self, names: list[str], batch: int = 200) -> set[str]:
        """Which of the graphs `names` hold at least one triple; the store reads only those
        graphs, a few hundred names per request."""
        found = set()
        for start in range(0, len(names), batch):
            values = " ".join(str(ox.NamedNode(n)) for n in names[start : start + batch])
            query = (
                f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
            found.update(row["g"].value for row in self.query(query))  # type: ignore[union-attr]
        return found

    def graph_names(self, prefix: str | None = None) -> list[str]:
        """Names of the non-empty named graphs starting with `prefix` (default: the dataset's).

        The store reads every statement it holds to answer: seconds at 1,000 documents.
        """
        test = self._in_dataset(prefix)
        query = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {test} }}"
        return [row["g"].value for row in self.query(query)]  # type: ignore[union-attr]

    def _in_dataset(self, prefix: str | None = None, variable: str = "g") -> str:
        return f"FILTER(STRSTARTS(STR(?{variable}), {ox.Literal(prefix or self.graphs)}))"

    def copy_into(self, store: ox.Store) -> int:
        """Copy every quad of every named graph into a local store; return how many."""
        expected = len(self)
        with tempfile.TemporaryFile() as answer:
            self.endpoint.ask(
                f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._in_dataset()} }}",
                sink=answer,
                timeout=max(self.endpoint.query_timeout, 3600.0),
            )
            answer.seek(0)
            rows = ox.parse_query_results(answer, ox.QueryResultsFormat.JSON)
            count = 0

            def quads() -> Iterator[ox.Quad]:
                nonlocal count
                for row in rows:  # type: ignore[union-attr]
                    count += 1
                    # By position (?s ?p ?o ?g), not by name: at a million rows, 3 s less.
                    yield ox.Quad(row[0], row[1], row[2], row[3])

            store.bulk_extend(quads())
        if count < expected:
            # Virtuoso's ResultSetMaxRows, for one, cuts results without saying so.
            raise StoreError(
                f"{self.endpoint.query_url} returned {count} of its {expected} statements: "
                "it caps result sizes (Virtuoso: raise [SPARQL] ResultSetMaxRows)"
            )
        return count


def parse_answer(media: str, body: bytes) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
    """Parse a SPARQL answer by its media type."""
    if media in RESULT_PARSERS:
        return ox.parse_query_results(body, RESULT_PARSERS[media])
    if media in GRAPH_PARSERS:
        return list(ox.parse(body, GRAPH_PARSERS[media]))  # type: ignore[arg-type]
    raise StoreError(
        f"the triple store answered in {media or 'no media type'}, which Fonds cannot read"
    )


class SparqlStore:
    """A Fonds dataset in a remote SPARQL 1.1 store; dumps and catalogue kept in `cache`.

    The dataset is the named graphs whose names start with `graphs` (Fonds mints every
    graph name under `BASE_IRI/graph/`): the store may hold other data, such as
    Virtuoso's own system graphs, which Fonds never counts, dumps or removes.
    """

    def __init__(
        self,
        endpoint: SparqlEndpoint,
        cache: Path,
        *,
        graphs: str,
        chunk_bytes: int = 1_000_000,
        max_result_bytes: int | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.dataset = RemoteDataset(endpoint, graphs, max_result_bytes)
        self.chunk_bytes = chunk_bytes
        self._versions = Versions(cache)

    def location(self) -> Path | None:
        """None: there is no local store for query processes to open."""
        return None

    def snapshot(self) -> RemoteDataset:
        """The remote dataset, as it is now."""
        return self.dataset

    def dumps_dir(self) -> Path | None:
        """The dumps built after the last batch (or by `refresh`)."""
        current = self._versions.current()
        return current / "dumps" if current else None

    def local_dir(self) -> Path | None:
        """The local folder of the dumps' versions."""
        return self._versions.root

    def triple_count(self) -> int:
        """Quads as of the last dumps, or counted on the store when there are none yet."""
        folder = self.dumps_dir()
        manifest = dumps.read_manifest(folder) if folder else None
        return manifest["quads"] if manifest else len(self.dataset)

    @contextmanager
    def batch(self) -> Iterator[StagedWrites]:
        """Stage the batch's graphs; move them into place and update the dumps at the end."""
        with self._versions.prepare() as target:
            previous = self._versions.current()
            mirror = _open_mirror(previous)
            writes = StagedWrites(self.endpoint, self.dataset, self.chunk_bytes, mirror)
            writes.drop_abandoned()
            try:
                yield writes
                writes.flush()
            except BaseException:
                writes.discard()
                raise
            writes.commit()
            changed = set(writes.targets)
            del writes, mirror  # the previous mirror must be closed before it is copied
            self._build_files(target, previous, changed)

    def refresh(self) -> None:
        """Rebuild the dumps and catalogue from the store (for data another tool wrote)."""
        with self._versions.prepare() as target:
            self._build_files(target, None, None)

    def _build_files(self, target: Path, previous: Path | None, changed: set[str] | None) -> None:
        """Bring the local mirror of the dataset up to date; write dumps and catalogue from it.

        After a batch only the graphs it changed are fetched again, into a copy of the
        previous version's mirror; otherwise (`refresh`, no mirror yet, a large batch) the
        whole dataset is.
        """
        old = previous / MIRROR if previous is not None else None
        path = target / MIRROR
        if changed is not None and old is not None and old.is_dir() and len(changed) <= REFETCH:
            ox.Store.read_only(str(old)).backup(str(path))
            mirror = ox.Store(str(path))
            for graph in sorted(changed):
                name = ox.NamedNode(graph)
                if mirror.contains_named_graph(name):
                    mirror.remove_graph(name)
                mirror.extend(list(self.dataset.quads_for_pattern(None, None, None, name)))
            mirror.flush()
            publish_files(mirror, target / "dumps", previous / "dumps", changed)
        else:
            mirror = ox.Store(str(path))
            self.dataset.copy_into(mirror)
            mirror.optimize()
            publish_files(mirror, target / "dumps")
        del mirror

    def close(self) -> None:
        """Close this thread's connections."""
        self.endpoint.client.close()


MIRROR = "mirror"
"""Each cached version's local copy of the dataset (RocksDB), the dumps' source."""
REFETCH = 1000
"""A batch that changed more graphs than this fetches the whole dataset again."""


def _open_mirror(version: Path | None) -> ox.Store | None:
    """The mirror of a cached version, read-only; None when it has none."""
    path = version / MIRROR if version is not None else None
    if path is None or not path.is_dir():
        return None
    try:
        return ox.Store.read_only(str(path))
    except OSError:
        return None


def _urlencode(pairs: list[tuple[str, str]]) -> bytes:
    return urlencode(pairs).encode("ascii")
