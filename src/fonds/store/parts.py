"""The dumps' parts: the dataset's graphs split by a hash of their names, each part
serialized on its own and kept gzip-compressed.

A publication serializes again only the parts that hold a graph it changed, and
hard-links the others from the previous version: a nightly run that changes ten
documents writes a few parts, not the whole dataset. In those few parts, the graphs it
did not change are copied from the previous version's N-Quads, and those it changed are
serialized from the N-Triples the batch wrote (written.py): neither is read again from
the store. A dump is its parts in order
(dumps.py): gzip members concatenate into one gzip stream, N-Quads, N-Triples and
Turtle parts (each with its own @prefix lines) concatenate as they are, and JSON-LD parts
are the items of one top-level array.

    dumps/parts/index.json     {"layout": 2, "parts": 8192, "quads": {"17": 912, ...},
                                "bytes": {"17": {"nq": 1704123, ...}, ...}}
    dumps/parts/0017.nq.gz     the part's graphs, as N-Quads
    dumps/parts/0017.nt.gz     the union of its graphs, as N-Triples (.ttl.gz, .jsonld.gz)

"bytes" are the sizes uncompressed: what a plain download of the dump will be.

How many parts there are grows with the dataset, so that a part, which is written again
whole when one of its graphs changes, stays small: about 16 graphs when the count is
chosen, a power of two. The count is kept from one publication to the next until the
dataset outgrows it (more than 64 graphs a part): then it is chosen afresh and every part
is written again, as a hash table grows (so each graph is rewritten a bounded number of
times however large the archive grows). At 100k documents, rewriting a part of about 120
graphs took 1.0-1.1 s, one of 12 graphs 0.12-0.14 s.

A part file is never written in place: it may be a hard link shared with an older version.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from fonds.files import replaced
from fonds.mapping.namespaces import PREFIXES
from fonds.store.convert import as_nquads

GRAPHS_PER_PART = 16
"""About how many graphs a part holds when the number of parts is chosen."""
MOST_PER_PART = 64
"""How many graphs a part may hold on average before the number of parts is chosen afresh."""
FEWEST_PARTS = 64
LAYOUT = 2
"""Raised whenever part files change shape: parts of an older layout are all rebuilt."""
INDEX = "index.json"
FORMATS = ("nq", "nt", "ttl", "jsonld")
"""Each kept as `NNNN.FORMAT.gz`."""
DEFAULT_GRAPH = ""
"""The default graph's name here: Fonds writes none, but a store may hold some."""
Written = Callable[[str], bytes | None]
"""A graph's N-Triples as the batch being published wrote them, or None if it did not."""
COMPRESSION = 3
# On 38 MiB of this corpus's parts, level 3 compressed about twice as fast as zlib's
# default 6 (260 against 120 MiB/s) for files about a fifth larger (12-15x against
# 16-19x smaller than the text): dumps are written at every publication.


def part_of(graph: str, parts: int) -> int:
    """The part a graph's statements are dumped in (stable across runs and processes)."""
    return zlib.crc32(graph.encode()) % parts


def parts_for(graphs: int, kept: int | None = None) -> int:
    """How many parts `graphs` graphs are split into: the `kept` split while it holds them,
    else a power of two with about GRAPHS_PER_PART graphs a part."""
    if kept is not None and kept * MOST_PER_PART >= graphs:
        return kept
    parts = FEWEST_PARTS
    while parts * GRAPHS_PER_PART < graphs:
        parts *= 2
    return parts


@dataclass
class Index:
    """What the parts of a dumps folder hold: quads, and bytes uncompressed per format."""

    parts: int
    """How many parts the graphs are split into (`part_of`)."""
    quads: dict[int, int] = field(default_factory=dict)
    sizes: dict[int, dict[str, int]] = field(default_factory=dict)
    graphs: int | None = None
    """How many graphs the parts hold (None in an index from before it was kept)."""

    def size(self, fmt: str) -> int:
        """The bytes of one format's parts, uncompressed, all together."""
        return sum(sizes[fmt] for sizes in self.sizes.values())

    def part_of(self, graph: str) -> int:
        """The part of this split that holds `graph`."""
        return part_of(graph, self.parts)


def path(folder: Path, part: int, fmt: str) -> Path:
    """Where one part is kept in one format."""
    return folder / file_name(part, fmt)


def file_name(part: int, fmt: str) -> str:
    """The name of one part's file in one format."""
    return f"{part:04d}.{fmt}.gz"


def update(
    store: ox.Store,
    folder: Path,
    previous: Path | None = None,
    changed: set[str] | None = None,
    written: Written | None = None,
) -> Index:
    """Bring the parts in `folder` up to date with `store`; return what they hold.

    With the `previous` version's parts and the graphs `changed` since, only the parts
    holding those graphs are serialized again; otherwise every part is. A graph is
    serialized from what `written` gives for it, when it gives something, else read
    from the store.
    """
    known = read_index(previous) if previous is not None and changed is not None else None
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    names: list[str] | None = None
    split = _changed_split(store, previous, known, changed)
    if split is not None and known is not None:
        count, (total, graphs) = known.parts, split
    else:
        names = _graph_names(store)
        count = parts_for(len(names), known.parts if known is not None else None)
        total, graphs = len(names), _by_part(names, count)
    reusable = previous is not None and changed is not None and known is not None
    reusable = reusable and known.parts == count
    if reusable and _linked(previous, folder, known):
        index = Index(count, dict(known.quads), dict(known.sizes), total)
        dirty = sorted({part_of(graph, count) for graph in changed})
    else:  # no parts of this split to start from, or one is missing: serialize them all
        if names is None:  # only the changed parts' graphs are known: list them all
            names = _graph_names(store)
            count = parts_for(len(names), count)
            total, graphs = len(names), _by_part(names, count)
        index, dirty = Index(count, graphs=total), list(range(count))
    # pyoxigraph and zlib let go of the GIL while they serialize and compress.
    unchanged = _Unchanged(previous, changed) if reusable and changed is not None else None
    source = _Source(store, written)
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        done = list(
            pool.map(lambda p: _write_part(source, folder, p, graphs.get(p, []), unchanged), dirty)
        )
    for part, (quads, sizes) in zip(dirty, done, strict=True):
        if quads:
            index.quads[part], index.sizes[part] = quads, sizes
        else:
            index.quads.pop(part, None)
            index.sizes.pop(part, None)
    os.sync()  # the index vouches for the parts: they must be on disk before it
    _write_index(folder, index)
    return index


def _linked(previous: Path, folder: Path, known: Index) -> bool:
    """Hard-link the previous version's parts into `folder`; False if one is missing."""
    # Names relative to open directories: at 100k documents, linking 32,768 files by
    # their full paths took 0.9 s of a nightly re-run, this 0.5 s.
    try:
        with _opened(previous) as source, _opened(folder) as target:
            for part in known.quads:
                for fmt in FORMATS:
                    name = file_name(part, fmt)
                    os.link(name, name, src_dir_fd=source, dst_dir_fd=target)
    except FileNotFoundError:
        for stale in folder.iterdir():
            stale.unlink()
        return False
    return True


@contextmanager
def _opened(folder: Path) -> Iterator[int]:
    """A folder open for the *at() calls (os.link's dir_fd arguments)."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def read_index(folder: Path) -> Index | None:
    """What the parts of a parts folder hold, or None if it has none of this layout."""
    try:
        index = json.loads((folder / INDEX).read_text())
    except (OSError, ValueError):
        return None
    parts, graphs = index.get("parts"), index.get("graphs")
    if index.get("layout") != LAYOUT or not isinstance(parts, int) or parts < 1:
        return None
    return Index(
        parts,
        {int(part): quads for part, quads in index["quads"].items()},
        {int(part): sizes for part, sizes in index["bytes"].items()},
        graphs if isinstance(graphs, int) and graphs >= 0 else None,
    )


def _write_index(folder: Path, index: Index) -> None:
    numbers = sorted(index.quads)
    data = {
        "layout": LAYOUT,
        "parts": index.parts,
        "graphs": index.graphs,
        "quads": {str(p): index.quads[p] for p in numbers},
        "bytes": {str(p): index.sizes[p] for p in numbers},
    }
    with replaced(folder / INDEX) as partial:
        partial.write_text(json.dumps(data))


def _changed_split(
    store: ox.Store, previous: Path | None, known: Index | None, changed: set[str] | None
) -> tuple[int, dict[int, list[str]]] | None:
    """How many graphs there are after a change, and the graphs of each part that holds a
    changed one: found from the previous parts and the changed graphs alone, rather than
    by listing every graph of the store (1.3 s at 100k documents).

    None when they cannot tell: an index without a graph count, a default graph (its
    N-Quads lines name no graph), a previous part that cannot be read, or a dataset that
    outgrew its split.
    """
    if previous is None or known is None or known.graphs is None or not changed:
        return None
    if DEFAULT_GRAPH in changed or _has_default_graph(store):
        return None
    total, graphs = known.graphs, {}
    for part in sorted({part_of(graph, known.parts) for graph in changed}):
        before = _graphs_in(path(previous, part, "nq")) if part in known.quads else []
        if before is None:
            return None
        held = set(before)
        after = [graph for graph in before if graph not in changed]
        for graph in sorted(changed):
            if part_of(graph, known.parts) == part:
                exists = store.contains_named_graph(ox.NamedNode(graph))
                total += int(exists) - int(graph in held)
                if exists:
                    after.append(graph)
        graphs[part] = after
    if parts_for(total, known.parts) != known.parts:
        return None
    return total, graphs


def _graphs_in(nquads: Path) -> list[str] | None:
    """The graphs of a part's N-Quads in the order they come (None if it cannot be read).

    Every line ends with its graph's name (there is no default graph here), and a line
    break inside a literal is escaped, so a name followed by " ." and a line break is a graph.
    """
    data = _nquads(nquads)
    if data is None:
        return None
    names = dict.fromkeys(_GRAPH_AT_LINE_END.findall(data))
    return [name.decode() for name in names]


def _nquads(part: Path) -> bytes | None:
    """A kept part's N-Quads, or None if the file cannot be read whole."""
    try:
        return gzip.decompress(part.read_bytes())
    except (OSError, EOFError, zlib.error):
        return None


_GRAPH_AT_LINE_END = re.compile(rb"<([^<>]*)> \.\n")


def _has_default_graph(store: ox.Store) -> bool:
    return (
        next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    )


def _by_part(names: list[str], parts: int) -> dict[int, list[str]]:
    """Graph names grouped by the part that holds them."""
    graphs: dict[int, list[str]] = {}
    for name in names:
        graphs.setdefault(part_of(name, parts), []).append(name)
    return graphs


def _graph_names(store: ox.Store) -> list[str]:
    """The names of the store's graphs, DEFAULT_GRAPH for its default graph if it has one."""
    names = [graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode)]
    if _has_default_graph(store):
        names.append(DEFAULT_GRAPH)
    return names


@dataclass(frozen=True)
class _Unchanged:
    """Where the graphs a publication did not change are already serialized: the
    previous version's parts."""

    folder: Path
    changed: set[str]

    def graphs(self, part: int, graphs: list[str]) -> _Blocks | None:
        """The previous N-Quads of this part, or None when they cannot be cut by graph."""
        if DEFAULT_GRAPH in graphs:  # its lines name no graph to cut them by
            return None
        data = _nquads(path(self.folder, part, "nq"))
        return _Blocks(data, self.changed) if data is not None else None


class _Blocks:
    """A part's N-Quads, cut into the lines of each graph in turn.

    The graphs of a part are written in the order of their names, one after another,
    and every line ends with its graph's name: so a graph's lines are the run of lines
    ending " <graph> ." from the first of them.
    """

    def __init__(self, data: bytes, changed: set[str]) -> None:
        self.data, self.changed, self.at = data, changed, 0

    def take(self, graph: str) -> bytes | None:
        """The lines of `graph`, if the previous part has it unchanged (graphs asked for
        in order)."""
        if graph in self.changed:
            return None
        ending = b" <" + graph.encode() + b"> .\n"
        first = self.data.find(ending, self.at)
        if first < 0:
            return None
        start = self.data.rfind(b"\n", 0, first) + 1
        end = first + len(ending)
        while True:
            line_end = self.data.find(b"\n", end) + 1
            if line_end == 0 or not self.data.startswith(ending, line_end - len(ending)):
                break
            end = line_end
        self.at = end
        return self.data[start:end]


@dataclass(frozen=True)
class _Source:
    """Where a graph serialized afresh is read from: what the batch wrote, else the store."""

    store: ox.Store
    written: Written | None

    def ntriples(self, name: str) -> bytes:
        """The graph's triples as the store holds them, one line each, in sorted order.

        Sorted, so that a graph has the same bytes whichever way it was read; loaded
        into a scratch store first, so that its literals are in the store's canonical
        form ("1.00" as the decimal "1") and a repeated statement is there once.
        """
        data = self.written(name) if self.written is not None and name else None
        if data is None:
            graph = ox.DefaultGraph() if name == DEFAULT_GRAPH else ox.NamedNode(name)
            data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        else:
            scratch = ox.Store()
            scratch.load(data, format=ox.RdfFormat.N_TRIPLES)
            data = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        # N-Triples escapes line breaks in literals: every "\n" ends a statement.
        lines = data.split(b"\n")
        lines.pop()  # after the last line break
        lines.sort()
        return b"\n".join(lines) + b"\n" if lines else b""


def _write_part(
    source: _Source,
    folder: Path,
    part: int,
    graphs: list[str],
    unchanged: _Unchanged | None = None,
) -> tuple[int, dict[str, int]]:
    """Serialize one part in every format; return its quads (0: the part is removed) and
    its size in each format, uncompressed.

    A graph `unchanged` since the previous version is copied from its previous part:
    reading it from the on-disk store again took 15 ms a graph at 100k documents.
    """
    if not graphs:
        for fmt in FORMATS:
            path(folder, part, fmt).unlink(missing_ok=True)
        return 0, {}
    before = unchanged.graphs(part, graphs) if unchanged is not None else None
    nquads, ntriples = bytearray(), bytearray()
    for name in sorted(graphs):
        block = before.take(name) if before is not None else None
        if block is not None:
            nquads += block
            ntriples += block.replace(b" <" + name.encode() + b"> .\n", b" .\n")
            continue
        triples = source.ntriples(name)
        nquads += as_nquads(triples, name) if name else triples
        ntriples += triples
    union = ox.Store()
    union.load(bytes(ntriples), format=ox.RdfFormat.N_TRIPLES)
    default = ox.DefaultGraph()
    plain = union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=default)
    items = union.dump(format=ox.RdfFormat.JSON_LD, from_graph=default).strip()
    files = {
        "nq": bytes(nquads),
        "nt": plain,
        "ttl": union.dump(format=ox.RdfFormat.TURTLE, from_graph=default, prefixes=PREFIXES),
        "jsonld": items.removeprefix(b"[").removesuffix(b"]"),
    }
    for fmt, data in files.items():
        # Never into the inode an older version may share. mtime=0: the same statements
        # give the same bytes, whenever they are written.
        with replaced(path(folder, part, fmt)) as partial:
            partial.write_bytes(gzip.compress(data, compresslevel=COMPRESSION, mtime=0))
    return nquads.count(b"\n"), {fmt: len(data) for fmt, data in files.items()}
