"""Dumps in parts: a publication serializes again only the parts whose graphs changed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from fonds.store import oxigraph, parts
from fonds.store.dumps import DUMPED, dump_of, write_dumps
from fonds.store.oxigraph import OxigraphStore

BASE = "http://parts.example.org/"


def quads_of(name: str, count: int, word: str = "x") -> list[ox.Quad]:
    graph = ox.NamedNode(f"{BASE}graph/{name}")
    subject = ox.NamedNode(f"{BASE}{name}")
    return [
        ox.Quad(subject, ox.NamedNode(f"{BASE}p{i}"), ox.Literal(f"{word} {i}\nline"), graph)
        for i in range(count)
    ]


def publish(store: OxigraphStore, graphs: dict[str, list[ox.Quad] | None]) -> Path:
    """One batch replacing (or, for None, removing) graphs; the new version's dumps folder."""
    with store.batch() as batch:
        for name, quads in graphs.items():
            if quads is None:
                batch.remove(f"{BASE}graph/{name}")
            else:
                batch.replace(f"{BASE}graph/{name}", quads)
    folder = store.dumps_dir()
    assert folder is not None
    return folder


def dumped(folder: Path, name: str) -> bytes:
    """A published dump's bytes as they are sent: its parts one after the other."""
    return b"".join(dump_of(folder, name).read())


def statements(path: Path, fmt: ox.RdfFormat) -> set:
    """The statements of a dump (dataset.nt: dataset.nt.gz, read as one stream)."""
    parsed = ox.parse(gzip.decompress(dumped(path.parent, path.suffix[1:])), fmt)
    if fmt == ox.RdfFormat.N_QUADS:
        return set(parsed)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in parsed}


def in_small_split(graph: str) -> int:
    """The part of a graph in a dataset small enough for the fewest parts."""
    return parts.part_of(graph, parts.FEWEST_PARTS)


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    return OxigraphStore(tmp_path / "store")


def test_every_dump_holds_the_dataset(store: OxigraphStore) -> None:
    written = {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(40)}
    folder = publish(store, written)

    every = {q for quads in written.values() for q in quads}
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in every}
    assert statements(folder / "dataset.nq", ox.RdfFormat.N_QUADS) == every
    assert statements(folder / "dataset.nt", ox.RdfFormat.N_TRIPLES) == union
    assert statements(folder / "dataset.ttl", ox.RdfFormat.TURTLE) == union
    assert statements(folder / "dataset.jsonld", ox.RdfFormat.JSON_LD) == union
    # An independent JSON-LD reader agrees: the parts make one valid document.
    json_ld = gzip.decompress(dumped(folder, "jsonld"))
    assert len(Graph().parse(data=json_ld, format="json-ld")) == len(union)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["quads"] == 120
    # Each uncompressed name is listed with the size it has once decompressed.
    files = {entry["name"]: entry for entry in manifest["files"]}
    for name in DUMPED:
        kept = dumped(folder, name)
        assert files[f"dataset.{name}"]["bytes"] == len(gzip.decompress(kept))
        assert files[f"dataset.{name}.gz"]["bytes"] == len(kept)
    assert not any(folder.glob("dataset.*"))  # read from the parts, not copied into files


def test_a_small_batch_rewrites_only_the_parts_it_changed(store: OxigraphStore) -> None:
    first = publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(40)})
    second = publish(store, {"doc-7": quads_of("doc-7", 5, "changed"), "doc-9": None})

    changed = {parts.read_index(first / "parts").part_of(f"{BASE}graph/doc-{n}") for n in (7, 9)}
    for part in parts.read_index(first / "parts").quads:
        old = parts.path(first / "parts", part, "nq")
        new = parts.path(second / "parts", part, "nq")
        if part in changed:
            assert not new.exists() or not os.path.samefile(old, new)
        else:
            assert os.path.samefile(old, new)  # shared with the previous version
    assert json.loads((second / "manifest.json").read_text())["quads"] == 120 + 2 - 3


def test_dumps_built_from_reused_parts_are_those_of_a_full_rebuild(
    store: OxigraphStore, tmp_path: Path
) -> None:
    publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(40)})
    incremental = publish(store, {"doc-3": quads_of("doc-3", 2, "new"), "doc-5": None})

    full = tmp_path / "full"
    write_dumps(store.snapshot(), full)
    for name in DUMPED:
        assert dumped(incremental, name) == dumped(full, name), name


def test_a_part_made_of_changed_and_unchanged_graphs_is_that_of_a_full_rebuild(
    store: OxigraphStore, tmp_path: Path
) -> None:
    # Graphs that share one part: the unchanged ones are cut from the previous part.
    part = in_small_split(f"{BASE}graph/doc-0")
    names = [f"doc-{n}" for n in range(20000) if in_small_split(f"{BASE}graph/doc-{n}") == part]
    tricky = ox.Literal(f" <{BASE}graph/{names[1]}> .\n")  # a graph's name inside a literal
    graphs = {name: quads_of(name, 3) for name in names[:5]}
    first = graphs[names[0]][0]
    graphs[names[0]].append(ox.Quad(first.subject, first.predicate, tricky, first.graph_name))
    publish(store, graphs)
    changed = publish(store, {names[1]: quads_of(names[1], 4, "new"), names[3]: None})

    full = tmp_path / "full"
    write_dumps(store.snapshot(), full)
    for name in DUMPED:
        assert dumped(changed, name) == dumped(full, name), name
    assert parts.read_index(changed / "parts").quads[part] == 4 + 3 + 4 + 3


def test_a_graph_left_unchanged_is_copied_from_the_previous_part_not_read_again(
    store: OxigraphStore,
) -> None:
    part = in_small_split(f"{BASE}graph/doc-0")
    kept, edited = [
        f"doc-{n}" for n in range(20000) if in_small_split(f"{BASE}graph/doc-{n}") == part
    ][:2]
    first = publish(store, {kept: quads_of(kept, 2), edited: quads_of(edited, 2)})
    # Mark the previous part's copy of the graph left alone, to see where it is read from.
    previous = parts.path(first / "parts", part, "nq")
    marked = gzip.decompress(previous.read_bytes()).replace(b'"x 0', b'"x 0 (copied)')
    previous.unlink()  # a hard link the new version shares: never written in place
    previous.write_bytes(gzip.compress(marked))

    second = publish(store, {edited: quads_of(edited, 3, "new")})

    text = gzip.decompress(parts.path(second / "parts", part, "nq").read_bytes())
    assert text.count(b"(copied)") == 1 and text.count(b'"new ') == 3


def test_a_batch_dumps_what_it_wrote_without_reading_it_back_from_the_store(
    store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written as a mapper may write them: a decimal not in canonical form, a line twice.
    doc = f"{BASE}graph/doc-1"
    lines = (
        f'<{BASE}doc-1> <{BASE}weight> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
        f'<{BASE}doc-1> <{BASE}title> "A cable" .\n'
        f'<{BASE}doc-1> <{BASE}title> "A cable" .\n'
    ).encode()
    read_back: list[str] = []
    publish_files = oxigraph.publish_files
    monkeypatch.setattr(
        oxigraph,
        "publish_files",
        lambda s, *rest, **options: publish_files(_Spy(s, read_back), *rest, **options),
    )

    with store.batch() as batch:
        batch.replace_ntriples(doc, lines)
    folder = store.dumps_dir()
    assert folder is not None and read_back == []  # no graph read out of the store

    full = tmp_path / "full"
    write_dumps(_Spy(store.snapshot(), read_back), full)
    assert read_back == [doc]  # a dump from scratch reads every graph out of the store
    for name in DUMPED:
        assert dumped(folder, name) == dumped(full, name), name
    assert b'"1.5"^^' in gzip.decompress(dumped(folder, "nt"))
    assert parts.read_index(folder / "parts").quads[in_small_split(doc)] == 2


class _Spy:
    """A pyoxigraph store that notes each graph read out of it whole."""

    def __init__(self, store: ox.Store, read: list[str]) -> None:
        self.store, self.read = store, read

    def dump(self, *args: object, from_graph: object = None, **kwargs: object) -> bytes:
        if isinstance(from_graph, ox.NamedNode):
            self.read.append(from_graph.value)
        return self.store.dump(*args, from_graph=from_graph, **kwargs)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_writing_a_graph_again_unchanged_rewrites_nothing(store: OxigraphStore) -> None:
    first = publish(store, {"doc-1": quads_of("doc-1", 3), "doc-2": quads_of("doc-2", 3)})
    second = publish(store, {"doc-1": quads_of("doc-1", 3)})

    part = in_small_split(f"{BASE}graph/doc-1")
    assert os.path.samefile(
        parts.path(first / "parts", part, "ttl"), parts.path(second / "parts", part, "ttl")
    )


def test_parts_of_another_layout_are_all_rebuilt(store: OxigraphStore) -> None:
    first = publish(store, {"doc-1": quads_of("doc-1", 3)})
    index = first / "parts" / parts.INDEX
    index.write_text(json.dumps({**json.loads(index.read_text()), "layout": 0}))

    second = publish(store, {"doc-2": quads_of("doc-2", 3)})

    part = in_small_split(f"{BASE}graph/doc-1")
    assert not os.path.samefile(
        parts.path(first / "parts", part, "nq"), parts.path(second / "parts", part, "nq")
    )
    assert statements(second / "dataset.nq", ox.RdfFormat.N_QUADS) == set(
        quads_of("doc-1", 3) + quads_of("doc-2", 3)
    )


def test_an_empty_dataset_has_valid_empty_dumps(tmp_path: Path) -> None:
    write_dumps(ox.Store(), tmp_path)

    assert gzip.decompress(dumped(tmp_path, "nt")) == b""
    assert json.loads(gzip.decompress(dumped(tmp_path, "jsonld"))) == []
    assert gzip.decompress(dumped(tmp_path, "nq")) == b""


def test_a_missing_part_of_the_previous_version_means_every_part_is_written(
    store: OxigraphStore,
) -> None:
    first = publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(40)})
    next(iter((first / "parts").glob("*.ttl.gz"))).unlink()

    second = publish(store, {"doc-1": quads_of("doc-1", 2, "new")})

    every = {q for n in range(40) for q in quads_of(f"doc-{n}", 3) if n != 1}
    assert statements(second / "dataset.nq", ox.RdfFormat.N_QUADS) == every | set(
        quads_of("doc-1", 2, "new")
    )
    assert len(list((second / "parts").glob("*.ttl.gz"))) == len(
        parts.read_index(second / "parts").quads
    )


def test_the_number_of_parts_grows_with_the_dataset_and_is_kept_while_it_fits() -> None:
    assert parts.parts_for(0) == parts.FEWEST_PARTS == 64
    assert parts.parts_for(64 * 16) == 64  # about 16 graphs a part when chosen
    assert parts.parts_for(64 * 16 + 1) == 128
    assert parts.parts_for(119_389) == 8192  # the 100k corpus: 15 graphs a part
    assert parts.parts_for(1024 * 64, kept=1024) == 1024  # up to 64 graphs a part, kept
    assert parts.parts_for(1024 * 64 + 1, kept=1024) == 8192  # outgrown: chosen afresh


def test_a_dataset_that_outgrows_its_parts_is_split_again_as_a_full_rebuild_would(
    store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "FEWEST_PARTS", 2)
    monkeypatch.setattr(parts, "GRAPHS_PER_PART", 2)
    monkeypatch.setattr(parts, "MOST_PER_PART", 4)
    first = publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(4)})
    kept = publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(4, 8)})
    grown = publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(8, 10)})

    assert [parts.read_index(f / "parts").parts for f in (first, kept, grown)] == [2, 2, 8]
    full = tmp_path / "full"
    write_dumps(store.snapshot(), full)
    for name in DUMPED:
        assert dumped(grown, name) == dumped(full, name), name
    for part in parts.read_index(kept / "parts").quads:  # every part written again
        assert not os.path.samefile(
            parts.path(kept / "parts", part, "nq"), parts.path(grown / "parts", part, "nq")
        )


def test_a_small_change_finds_its_parts_graphs_without_listing_every_graph(
    store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(store, {f"doc-{n}": quads_of(f"doc-{n}", 3) for n in range(40)})
    listing = parts._graph_names
    monkeypatch.setattr(parts, "_graph_names", lambda _: pytest.fail("every graph listed"))

    changed = publish(store, {"doc-3": quads_of("doc-3", 2, "new"), "doc-5": None, "new": []})
    added = publish(store, {"added": quads_of("added", 1)})

    monkeypatch.setattr(parts, "_graph_names", listing)
    full = tmp_path / "full"
    write_dumps(store.snapshot(), full)
    for name in DUMPED:
        assert dumped(added, name) == dumped(full, name), name
    assert parts.read_index(changed / "parts").graphs == 40 - 1
    assert parts.read_index(added / "parts").graphs == 40 == parts.read_index(full / "parts").graphs


def test_a_default_graph_means_every_graph_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its N-Quads lines end with their object, not a graph: the parts cannot tell its graphs.
    store = ox.Store()
    subject, predicate = ox.NamedNode(f"{BASE}s"), ox.NamedNode(f"{BASE}p")
    store.add(ox.Quad(subject, predicate, ox.NamedNode(f"{BASE}o")))
    store.extend(quads_of("doc-1", 2))
    first = tmp_path / "first"
    write_dumps(store, first)
    store.extend(quads_of("doc-2", 2))
    listed = []
    listing = parts._graph_names
    monkeypatch.setattr(parts, "_graph_names", lambda s: (listed.append(1), listing(s))[1])

    second = tmp_path / "second"
    write_dumps(store, second, first, {f"{BASE}graph/doc-2"})
    assert listed == [1]

    full = tmp_path / "full"
    write_dumps(store, full)
    for name in DUMPED:
        assert dumped(second, name) == dumped(full, name), name
    assert parts.read_index(second / "parts").graphs == 3  # two named, and the default
