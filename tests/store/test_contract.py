"""What every store does, run alike on the embedded store and on two real SPARQL engines.

The embedded store runs on disk and in memory; the remote stores are the Oxigraph server (written through the Graph Store Protocol,
and once more through SPARQL Update alone) and Virtuoso Open Source (Graph Store
Protocol and Update behind Digest authentication). Each test works in a base IRI of its
own, so the engines can be shared by the whole session.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from fonds import batch, known_files
from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import Store, open_store
from fonds.store.dumps import FORMATS, dump_of, export
from tests.conftest import CABLE, FIXED_NOW, remote_settings

KINDS = ["embedded", "in-memory", "oxigraph-server", "oxigraph-server-update-only", "virtuoso"]
_bases = itertools.count()


@pytest.fixture
def base() -> str:
    """A base IRI no other test uses."""
    return f"http://contract-{next(_bases)}.example.org/"


@pytest.fixture(params=KINDS)
def settings_for(request: pytest.FixtureRequest, tmp_path: Path, base: str) -> Settings:
    """Settings for one kind of store, with a small write chunk so batches take several."""
    kind = request.param
    if kind == "embedded":
        return Settings(store=str(tmp_path / "store"), base_iri=base)
    if kind == "in-memory":
        return Settings(store="memory:", base_iri=base)
    engine = request.getfixturevalue("virtuoso_engine" if kind == "virtuoso" else "oxigraph_engine")
    settings = remote_settings(engine, tmp_path, base, sparql_chunk_bytes=10_000)
    if kind == "oxigraph-server-update-only":
        settings.sparql_store_url = None
    return settings


@pytest.fixture
def store(settings_for: Settings) -> Store:
    """A fresh store of the kind under test."""
    return open_store(settings_for.store, settings_for)


def graph(base: str, name: str) -> str:
    return f"{base}graph/{name}"


def quad(base: str, name: str, value: ox.Literal | str, subject: str = "a") -> ox.Quad:
    literal = value if isinstance(value, ox.Literal) else ox.Literal(value)
    return ox.Quad(
        ox.NamedNode(base + subject),
        ox.NamedNode("http://example.org/p"),
        literal,
        ox.NamedNode(graph(base, name)),
    )


def contents(store: Store) -> set[ox.Quad]:
    return set(store.snapshot().quads_for_pattern(None, None, None, None))


def test_an_empty_store_has_nothing(store: Store) -> None:
    assert store.triple_count() == 0
    assert contents(store) == set()


def test_a_batch_replaces_exactly_the_graphs_it_names(store: Store, base: str) -> None:
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "old")])
        batch.replace(graph(base, "2"), [quad(base, "2", "kept", "b")])
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "new")])

    assert contents(store) == {quad(base, "1", "new"), quad(base, "2", "kept", "b")}
    assert store.triple_count() == 2
    assert store.snapshot().contains_named_graph(ox.NamedNode(graph(base, "2")))


def test_the_last_write_to_a_graph_in_a_batch_is_the_one_kept(store: Store, base: str) -> None:
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "first")])
        batch.replace(graph(base, "2"), [quad(base, "2", "other", "b")])
        batch.replace(graph(base, "1"), [quad(base, "1", "second")])
        batch.replace(graph(base, "3"), [quad(base, "3", "third", "c")])

    assert contents(store) == {
        quad(base, "1", "second"),
        quad(base, "2", "other", "b"),
        quad(base, "3", "third", "c"),
    }


def test_a_graph_can_be_written_as_n_triples(store: Store, base: str) -> None:
    # As pyoxigraph writes them, and as a person may: no space before the dot, a comment.
    canonical = f'<{base}a> <http://example.org/p> "line one\\nline two"@en .\n'.encode()
    loose = f'# by hand\n<{base}b> <http://example.org/p> "x" .\n<{base}b> <{base}q> <{base}a>.'
    with store.batch() as batch:
        batch.replace_ntriples(graph(base, "1"), canonical)
        batch.replace_ntriples(graph(base, "2"), loose.encode())
        batch.replace_ntriples(graph(base, "3"), canonical)
        batch.remove(graph(base, "3"))  # written, then removed, in one batch

    assert contents(store) == {
        quad(base, "1", ox.Literal("line one\nline two", language="en")),
        quad(base, "2", "x", "b"),
        ox.Quad(
            ox.NamedNode(base + "b"),
            ox.NamedNode(base + "q"),
            ox.NamedNode(base + "a"),
            ox.NamedNode(graph(base, "2")),
        ),
    }
    with store.batch() as batch:
        batch.replace_ntriples(graph(base, "2"), b"")  # nothing: the graph is gone
    assert not store.snapshot().contains_named_graph(ox.NamedNode(graph(base, "2")))


def test_a_batch_reads_the_dataset_as_it_was_published_when_it_began(
    store: Store, base: str
) -> None:
    with store.batch() as batch:
        batch.replace(graph(base, "g"), [quad(base, "g", "first")])

    with store.batch() as batch:
        batch.replace(graph(base, "g"), [quad(base, "g", "second")])
        seen = set(batch.published().quads_for_pattern(None, None, None, None))

    assert seen == {quad(base, "g", "first")}
    assert contents(store) == {quad(base, "g", "second")}


def test_removed_graphs_are_gone(store: Store, base: str) -> None:
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "x")])
        batch.replace(graph(base, "2"), [quad(base, "2", "y")])
    with store.batch() as batch:
        batch.remove(graph(base, "2"))

    assert contents(store) == {quad(base, "1", "x")}
    assert not store.snapshot().contains_named_graph(ox.NamedNode(graph(base, "2")))


def test_a_failing_batch_changes_nothing(store: Store, base: str) -> None:
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "kept")])
    before = contents(store)

    with pytest.raises(RuntimeError), store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "half")])
        batch.replace(graph(base, "2"), [quad(base, "2", f"filler {n}") for n in range(500)])
        batch.remove(graph(base, "1"))
        raise RuntimeError("crash in the middle of a batch")

    assert contents(store) == before
    assert store.triple_count() == 1


def test_every_kind_of_term_comes_back_as_it_was_written(store: Store, base: str) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    literals = [
        ox.Literal("1949-10-23", datatype=ox.NamedNode(xsd + "date")),
        ox.Literal("59363", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("Совершенно секретно", language="ru"),
        ox.Literal('two\nlines, a "quote", a \\ backslash and a tab\t'),
        ox.Literal("FILIPPOV [Stalin] ☃ 𝄞"),
        ox.Literal("x" * 30_000),  # longer than one write request
    ]
    written = {quad(base, "terms", value, f"s{n}") for n, value in enumerate(literals)}
    written.add(
        ox.Quad(
            ox.NamedNode(base + "place/peking"),
            ox.NamedNode("http://example.org/p"),
            ox.NamedNode(base + "text/wcda-208256/ru#line-5"),
            ox.NamedNode(graph(base, "terms")),
        )
    )
    with store.batch() as batch:
        batch.replace(graph(base, "terms"), written)

    assert contents(store) == written


def test_a_graph_larger_than_a_write_request_is_stored_whole(store: Store, base: str) -> None:
    many = {quad(base, "big", f"statement number {n}", f"s{n}") for n in range(2_000)}
    with store.batch() as batch:
        batch.replace(graph(base, "big"), many)

    assert contents(store) == many
    assert store.triple_count() == 2_000


def test_queries_see_the_named_graphs_through_the_default_graph(store: Store, base: str) -> None:
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [quad(base, "1", "seen")])

    rows = store.snapshot().query(
        f"SELECT ?o WHERE {{ <{base}a> <http://example.org/p> ?o }}",
        use_default_graph_as_union=True,
    )
    assert [row["o"].value for row in rows] == ["seen"]
    asked = store.snapshot().query(f"ASK {{ <{base}a> ?p ?o }}", use_default_graph_as_union=True)
    assert bool(asked) is True


def test_dumps_hold_the_dataset_and_a_manifest_that_matches_them(store: Store, base: str) -> None:
    written = {quad(base, "1", "x"), quad(base, "1", "y", "b"), quad(base, "2", "z")}
    with store.batch() as batch:
        batch.replace(graph(base, "1"), [q for q in written if q.graph_name.value.endswith("1")])
        batch.replace(graph(base, "2"), [q for q in written if q.graph_name.value.endswith("2")])

    folder = store.dumps_dir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["quads"] == 3
    text = (folder / "manifest.json").read_text()
    sent = {name: b"".join(dump_of(folder, name).read()) for name in ("nt", "ttl", "nq", "jsonld")}
    for data in sent.values():
        assert hashlib.sha256(data).hexdigest() in text
    nquads = gzip.decompress(sent["nq"])
    assert set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) == written


def test_the_cable_is_ingested_once_and_then_skipped_as_unchanged(settings_for: Settings) -> None:
    store = open_store(settings_for.store, settings_for)
    pipeline = Pipeline(settings_for, clock=lambda: FIXED_NOW)

    first = pipeline.ingest([CABLE], store)
    again = pipeline.ingest([CABLE], store)

    assert (first.stored, again.stored, again.unchanged) == (1, 0, 1)
    rows = store.snapshot().query(
        f"""PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?date WHERE {{
          ?doc dcterms:title ?title ; dcterms:created ?date .
          FILTER(STRSTARTS(STR(?doc), "{settings_for.base_iri}"))
        }}""",
        use_default_graph_as_union=True,
    )
    assert {(r["title"].value, r["date"].value) for r in rows} == {
        (
            "Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong",
            "1949-10-23",
        )
    }
    assert store.triple_count() == len(contents(store)) > 1_000


def test_a_record_file_known_from_the_last_ingest_is_not_read_again(
    settings_for: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(known_files, "MARGIN_NS", -1_000_000_000)  # settled at once
    store = open_store(settings_for.store, settings_for)
    pipeline = Pipeline(settings_for, clock=lambda: FIXED_NOW)
    pipeline.ingest([CABLE], store)
    read: list[str] = []
    reading = batch.read_record_bytes
    monkeypatch.setattr(batch, "read_record_bytes", lambda name: read.append(name) or reading(name))

    again = pipeline.ingest([CABLE], store)

    assert again.unchanged == 1
    # Kept in the store's own local folder; a store in memory keeps nothing between runs.
    assert read == ([str(CABLE)] if settings_for.store == "memory:" else [])


@pytest.mark.parametrize("name", ["nq", "nt", "nt.gz", "ttl", "jsonld", "jsonld.gz"])
def test_the_dataset_exports_in_every_dump_format(store: Store, base: str, name: str) -> None:
    written = {quad(base, "1", "x"), quad(base, "1", "y", "b"), quad(base, "2", "z")}
    with store.batch() as batch:
        for g in ("1", "2"):
            batch.replace(graph(base, g), [q for q in written if q.graph_name.value.endswith(g)])
    fmt = FORMATS[name]

    output = io.BytesIO()
    export(store, fmt, output)

    data = gzip.decompress(output.getvalue()) if fmt.gzip else output.getvalue()
    parsed = set(ox.parse(data, fmt.rdf_format))
    if fmt.quads:
        assert parsed == written
    else:
        assert parsed == {ox.Quad(q.subject, q.predicate, q.object) for q in written}
