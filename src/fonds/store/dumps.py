"""Whole-dataset dumps, made of the parts the store's own serializer wrote (parts.py), with
a checksum manifest.

A dump (`dataset.nt.gz`, …) is its parts' gzip files one after the other, which is one
valid gzip stream (JSON-LD adds the small members that make its parts' items one array).
It is not copied into a file of its own: it is read from the parts as it is sent
(`Dump`), and only its size and SHA-256 are computed at publication. Copying the parts
into whole files took a nightly re-run at 100k documents about 10 s of its 38 (writing
and syncing 3.4 GB), and doubled the dumps' disk. The uncompressed names (`dataset.nt`,
…) are listed too, with their size, and are served by decompressing as they are sent.
Dumps assembled into files by an older Fonds are read from those files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from fonds.errors import StoreError
from fonds.files import replaced
from fonds.mapping.namespaces import PREFIXES
from fonds.store import parts

if TYPE_CHECKING:
    from fonds.store.base import Store


@dataclass(frozen=True)
class DumpFormat:
    """One published dump format."""

    name: str
    extension: str
    media_type: str
    rdf_format: ox.RdfFormat
    quads: bool
    gzip: bool = False

    @property
    def plain(self) -> DumpFormat:
        """The format uncompressed."""
        return FORMATS[self.name.removesuffix(".gz")]


_PLAIN = (
    DumpFormat("nt", "nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, False),
    DumpFormat("ttl", "ttl", "text/turtle", ox.RdfFormat.TURTLE, False),
    DumpFormat("nq", "nq", "application/n-quads", ox.RdfFormat.N_QUADS, True),
    DumpFormat("jsonld", "jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, False),
)
FORMATS = {
    f.name: f
    for plain in _PLAIN
    for f in (
        plain,
        replace(plain, name=plain.name + ".gz", extension=plain.extension + ".gz", gzip=True),
    )
}
DUMPED = parts.FORMATS
"""The formats a publication writes, each kept as dataset.FORMAT.gz."""
MANIFEST = "manifest.json"


def dataset_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Every triple of every graph (the union of the dataset)."""
    for quad in store.quads_for_pattern(None, None, None, None):
        yield quad.triple


def write(store: ox.Store, fmt: DumpFormat, output: object) -> None:
    """Serialize the whole dataset in `fmt` to a binary file object or path."""
    if fmt.gzip:
        with _gzip(output) as compressed:
            write(store, fmt.plain, compressed)
        return
    if fmt.quads:
        store.dump(output, fmt.rdf_format)
        return
    if fmt.rdf_format == ox.RdfFormat.TURTLE:  # the one format that gets the prefixes
        ox.serialize(dataset_triples(store), output, fmt.rdf_format, prefixes=PREFIXES)
        return
    # Serialized in Rust from the query's stream: handing every triple through Python
    # made the N-Triples dump of 9.3 million quads take over two minutes.
    union = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    union.serialize(output, fmt.rdf_format)  # type: ignore[union-attr]


def export(store: Store, fmt: DumpFormat, output: IO[bytes]) -> None:
    """The dataset in `fmt`: the published version's dump, else serialized now."""
    folder = store.dumps_dir()
    if folder is not None and read_manifest(folder) is not None:
        published = dump_of(folder, fmt.plain.name)
        blocks = published.read() if fmt.gzip else gunzipped(published.read(), published.name)
        for block in blocks:
            output.write(block)
        return
    snapshot = store.snapshot()
    if not isinstance(snapshot, ox.Store):
        raise StoreError("this remote store has no dumps yet: run `fonds serve` once to build them")
    write(snapshot, fmt, output)


@dataclass(frozen=True)
class Dump:
    """One published dump: the files (and the few small gzip members) it is made of, read
    one after the other."""

    name: str
    """The dump's file name, as it is published (`dataset.nt.gz`)."""
    segments: tuple[bytes | Path, ...]
    ends: tuple[int, ...]
    """Where each segment ends in the dump."""

    @classmethod
    def of(cls, name: str, segments: Iterable[bytes | Path]) -> Dump:
        """A dump of these segments, sized from the files they name."""
        kept, ends, size = tuple(segments), [], 0
        for segment in kept:
            size += len(segment) if isinstance(segment, bytes) else segment.stat().st_size
            ends.append(size)
        return cls(name, kept, tuple(ends))

    @property
    def size(self) -> int:
        """Its bytes."""
        return self.ends[-1] if self.ends else 0

    def read(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Its bytes from `start` up to `end` (excluded; the end when None), in blocks."""
        end = self.size if end is None else min(end, self.size)
        for index in range(bisect_right(self.ends, start), len(self.segments)):
            begins = self.ends[index - 1] if index else 0
            if begins >= end:
                return
            low, high = max(start - begins, 0), min(end, self.ends[index]) - begins
            segment = self.segments[index]
            if isinstance(segment, bytes):
                yield segment[low:high]
                continue
            try:
                yield from _blocks(segment, low, high)
            except OSError as error:
                raise StoreError(
                    f"{self.name}: its part {segment} cannot be read: {error}"
                ) from error


def dump_of(folder: Path, name: str) -> Dump:
    """The dump of format `name` (one of DUMPED) in a published dumps folder."""
    manifest = read_manifest(folder)
    entries = {entry["name"]: entry for entry in (manifest or {}).get("files", [])}
    entry = entries.get(f"dataset.{name}.gz")
    if entry is None:
        raise StoreError(f"{folder}: no dump dataset.{name}.gz is published there")
    try:
        index = (folder / "parts" / parts.INDEX).stat()
        written: tuple[int, int] | None = (index.st_ino, index.st_mtime_ns)
    except OSError:
        written = None
    return _dump_of(str(folder), name, entry["sha256"], written)


@lru_cache(maxsize=64)
def _dump_of(folder: str, name: str, sha256: str, written: tuple[int, int] | None) -> Dump:
    """A dump's segments, found once per dump published (named by its checksum and by the
    parts index it was written with)."""
    where = Path(folder)
    assembled = where / f"dataset.{name}.gz"
    if assembled.is_file():  # written whole by an older Fonds
        return Dump.of(assembled.name, [assembled])
    index = parts.read_index(where / "parts")
    if index is None:
        raise StoreError(f"{where}: its dumps have no parts index this Fonds can read")
    try:
        return Dump.of(assembled.name, _segments(where, index, name))
    except OSError as error:
        raise StoreError(f"{assembled}: a part of it cannot be read: {error}") from error


def _segments(folder: Path, index: parts.Index, name: str) -> list[bytes | Path]:
    """What one format's dump is made of, in order: its parts' files, and for JSON-LD the
    members that make the parts' items one array."""
    files = [parts.path(folder / "parts", part, name) for part in sorted(index.quads)]
    if name != "jsonld":
        return list(files) or [_member(b"")]  # no parts: a valid, empty gzip stream
    segments: list[bytes | Path] = [_member(b"[")]
    for position, file in enumerate(files):
        if position:
            segments.append(_member(b",\n"))
        segments.append(file)
    segments.append(_member(b"]\n"))
    return segments


def write_dumps(
    store: ox.Store,
    folder: Path,
    previous: Path | None = None,
    changed: set[str] | None = None,
    written: parts.Written | None = None,
) -> dict:
    """Write every dump into `folder` from its parts, then the manifest.

    With the `previous` version's dumps folder and the graphs `changed` since, only the
    parts holding those graphs are serialized again (parts.py); `written` gives the
    N-Triples a batch wrote, so that they need not be read back from the store.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in DUMPED:  # whole files an older Fonds wrote would be read instead of the parts
        (folder / f"dataset.{name}.gz").unlink(missing_ok=True)
    before = previous / "parts" if previous else None
    index = parts.update(store, folder / "parts", before, changed, written)
    quads = sum(index.quads.values())
    # One thread a format: reading and hashing let go of the GIL.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        checked = list(pool.map(lambda name: _checksum(folder, index, name), DUMPED))
    files = []
    for name, (digest, size) in zip(DUMPED, checked, strict=True):
        kept, plain = FORMATS[name + ".gz"], FORMATS[name]
        files.append(
            {
                "name": f"dataset.{kept.extension}",
                "format": kept.name,
                "media_type": "application/gzip",
                "content_media_type": plain.media_type,
                "bytes": size,
                "sha256": digest,
                "statements": quads,
            }
        )
        files.append(
            {
                "name": f"dataset.{plain.extension}",
                "format": plain.name,
                "media_type": plain.media_type,
                "bytes": _plain_size(index, name),
                "gunzip": f"dataset.{kept.extension}",
                "statements": quads,
            }
        )
    published = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = {"quads": quads, "published": published, "files": files}
    with replaced(folder / MANIFEST) as partial:
        partial.write_text(json.dumps(manifest, indent=2))
    return manifest


def _checksum(folder: Path, index: parts.Index, name: str) -> tuple[str, int]:
    """The SHA-256 and the size of one format's dump, read from its parts."""
    dump = Dump.of(f"dataset.{name}.gz", _segments(folder, index, name))
    digest = hashlib.sha256()
    for block in dump.read():
        digest.update(block)
    return digest.hexdigest(), dump.size


def _plain_size(index: parts.Index, name: str) -> int:
    """The bytes of a dump uncompressed, from its parts' sizes (and JSON-LD's brackets)."""
    size = index.size(name)
    if name == "jsonld":
        size += len(b"[") + len(b",\n") * max(len(index.quads) - 1, 0) + len(b"]\n")
    return size


def _member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=parts.COMPRESSION, mtime=0)


def _blocks(path: Path, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """The bytes of a file from `start` up to `end` (the end when None), in blocks of 1 MiB."""
    with path.open("rb") as source:
        source.seek(start)
        left = None if end is None else end - start
        while left is None or left > 0:
            block = source.read(1 << 20 if left is None else min(1 << 20, left))
            if not block:
                return
            if left is not None:
                left -= len(block)
            yield block


def gunzipped(blocks: Iterable[bytes], name: str) -> Iterator[bytes]:
    """The content of a gzip stream of one or more members, in blocks, as it is read."""
    inflate, fed = zlib.decompressobj(wbits=31), False
    for block in blocks:
        while block:
            fed = True
            yield inflate.decompress(block)
            if not inflate.eof:
                break
            # A member ended: what follows it is the next member.
            block = inflate.unused_data
            inflate, fed = zlib.decompressobj(wbits=31), False
    if fed and not inflate.eof:
        raise StoreError(f"{name}: the gzip stream is cut short")


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a dumps folder, or None when there is none.

    Resource requests ask for it (ETag, Last-Modified): it is parsed once per version
    (the file is replaced, never edited, so its mtime changes with it).
    """
    path = folder / MANIFEST
    try:
        status = path.stat()
    except OSError:
        return None
    return _parsed_manifest(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=16)
def _parsed_manifest(path: str, mtime: int, size: int) -> dict:
    return json.loads(Path(path).read_text())


def _gzip(output: object) -> gzip.GzipFile:
    # mtime=0: the same data gives the same bytes, so checksums compare across versions.
    return gzip.GzipFile(fileobj=output, mode="wb", mtime=0, compresslevel=parts.COMPRESSION)  # type: ignore[arg-type]
