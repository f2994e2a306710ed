"""The dumps' parts: the dataset's graphs split by a hash of their names, each part
serialized on its own.

A publication serializes again only the parts that hold a graph it changed, and
hard-links the others from the previous version: a nightly run that changes ten
documents writes a few parts, not the whole dataset. A dump is its parts in order
(dumps.py): N-Quads, N-Triples and Turtle parts (each with its own @prefix lines)
concatenate as they are, gzip members concatenate into one gzip stream, and JSON-LD parts
are the items of one top-level array.

    dumps/parts/index.json     {"layout": 1, "parts": 1024, "quads": {"17": 912, ...}}
    dumps/parts/0017.nq        the part's graphs, as N-Quads
    dumps/parts/0017.nt        the union of its graphs, as N-Triples (.nt.gz, .ttl, .jsonld)

A part file is never written in place: it may be a hard link shared with an older version.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from fonds.mapping.namespaces import PREFIXES

PARTS = 1024
LAYOUT = 1
"""Raised whenever part files change shape: parts of an older layout are all rebuilt."""
INDEX = "index.json"
EXTENSIONS = ("nq", "nt", "nt.gz", "ttl", "jsonld")
DEFAULT_GRAPH = ""
"""The default graph's name here: Fonds writes none, but a store may hold some."""
COMPRESSION = 6
# zlib's own default: as small as level 9 on N-Triples (measured on a 190 MiB sample),
# in less than half the time.


def part_of(graph: str) -> int:
    """The part a graph's statements are dumped in (stable across runs and processes)."""
    return zlib.crc32(graph.encode()) % PARTS


def path(folder: Path, part: int, extension: str) -> Path:
    """Where one part is kept in one format."""
    return folder / f"{part:04d}.{extension}"


def update(
    store: ox.Store, folder: Path, previous: Path | None = None, changed: set[str] | None = None
) -> dict[int, int]:
    """Bring the parts in `folder` up to date with `store`; return quads per non-empty part.

    With the `previous` version's parts and the graphs `changed` since, only the parts
    holding those graphs are serialized again; otherwise every part is.
    """
    known = read_index(previous) if previous is not None and changed is not None else None
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    graphs = _graphs_by_part(store)
    reusable = previous is not None and changed is not None and known is not None
    if reusable and _linked(previous, folder, known):
        counts = dict(known)
        dirty = sorted({part_of(graph) for graph in changed})
    else:  # no parts of this layout to start from, or one is missing: serialize them all
        counts, dirty = {}, list(range(PARTS))
    # pyoxigraph and zlib let go of the GIL while they serialize and compress.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        written = list(pool.map(lambda p: _write_part(store, folder, p, graphs.get(p, [])), dirty))
    for part, quads in zip(dirty, written, strict=True):
        if quads:
            counts[part] = quads
        else:
            counts.pop(part, None)
    os.sync()  # the index vouches for the parts: they must be on disk before it
    _write_index(folder, counts)
    return counts


def _linked(previous: Path, folder: Path, known: dict[int, int]) -> bool:
    """Hard-link the previous version's parts into `folder`; False if one is missing."""
    try:
        for part in known:
            for extension in EXTENSIONS:
                os.link(path(previous, part, extension), path(folder, part, extension))
    except FileNotFoundError:
        for stale in folder.iterdir():
            stale.unlink()
        return False
    return True


def read_index(folder: Path) -> dict[int, int] | None:
    """Quads per part of a parts folder, or None if it has none of this layout."""
    try:
        index = json.loads((folder / INDEX).read_text())
    except (OSError, ValueError):
        return None
    if index.get("layout") != LAYOUT or index.get("parts") != PARTS:
        return None
    return {int(part): quads for part, quads in index["quads"].items()}


def _write_index(folder: Path, counts: dict[int, int]) -> None:
    index = {"layout": LAYOUT, "parts": PARTS, "quads": {str(p): counts[p] for p in sorted(counts)}}
    partial = folder / (INDEX + ".partial")
    partial.write_text(json.dumps(index))
    partial.replace(folder / INDEX)


def _graphs_by_part(store: ox.Store) -> dict[int, list[str]]:
    parts: dict[int, list[str]] = {}
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode):
            parts.setdefault(part_of(graph.value), []).append(graph.value)
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        parts.setdefault(part_of(DEFAULT_GRAPH), []).append(DEFAULT_GRAPH)
    return parts


def _write_part(store: ox.Store, folder: Path, part: int, graphs: list[str]) -> int:
    """Serialize one part in every format; return its quads (0: the part is removed)."""
    if not graphs:
        for extension in EXTENSIONS:
            path(folder, part, extension).unlink(missing_ok=True)
        return 0
    nquads = bytearray()
    union = ox.Store()
    for name in sorted(graphs):
        graph = ox.DefaultGraph() if name == DEFAULT_GRAPH else ox.NamedNode(name)
        triples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        # N-Triples escapes line breaks inside literals, so " .\n" only ends a statement.
        nquads += triples.replace(b" .\n", f" <{name}> .\n".encode()) if name else triples
        union.load(triples, format=ox.RdfFormat.N_TRIPLES)
    default = ox.DefaultGraph()
    plain = union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=default)
    items = union.dump(format=ox.RdfFormat.JSON_LD, from_graph=default).strip()
    files = {
        "nq": bytes(nquads),
        "nt": plain,
        "nt.gz": gzip.compress(plain, compresslevel=COMPRESSION, mtime=0),
        "ttl": union.dump(format=ox.RdfFormat.TURTLE, from_graph=default, prefixes=PREFIXES),
        "jsonld": items.removeprefix(b"[").removesuffix(b"]"),
    }
    for extension, data in files.items():
        target = path(folder, part, extension)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        partial.replace(target)  # never into the inode an older version may share
    return nquads.count(b"\n")
