"""Whole-dataset dumps, assembled from parts the store's own serializer wrote (parts.py),
with a checksum manifest.

Every dump is kept gzip-compressed (`dataset.nt.gz`, …), a tenth of the disk the text
takes: a 100k-document archive's dumps would not fit on this machine otherwise. The
uncompressed names (`dataset.nt`, …) are listed too, with their size, and are served by
decompressing the kept file as it is sent.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from fonds.errors import StoreError
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
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


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
    published = folder / f"dataset.{fmt.plain.extension}.gz" if folder else None
    if published is not None and published.is_file():
        blocks = _blocks(published) if fmt.gzip else gunzipped(published)
        for block in blocks:
            output.write(block)
        return
    snapshot = store.snapshot()
    if not isinstance(snapshot, ox.Store):
        raise StoreError("this remote store has no dumps yet: run `fonds serve` once to build them")
    write(snapshot, fmt, output)


def write_dumps(
    store: ox.Store, folder: Path, previous: Path | None = None, changed: set[str] | None = None
) -> dict:
    """Write every dump into `folder` from its parts, then the manifest.

    With the `previous` version's dumps folder and the graphs `changed` since, only the
    parts holding those graphs are serialized again (parts.py).
    """
    folder.mkdir(parents=True, exist_ok=True)
    index = parts.update(store, folder / "parts", previous / "parts" if previous else None, changed)
    quads = sum(index.quads.values())
    # One thread a format: reading, hashing and writing let go of the GIL.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        assembled = list(pool.map(lambda name: _assemble(folder, index, name), DUMPED))
    files = []
    for name, digest, size in assembled:
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
    partial = folder / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=2))
    partial.replace(folder / MANIFEST)
    return manifest


def _assemble(folder: Path, index: parts.Index, name: str) -> tuple[str, str, int]:
    """Concatenate the parts of one format into its gzip dump; return the format, the
    dump's SHA-256 and its size."""
    source, numbers = folder / "parts", sorted(index.quads)
    target = folder / f"dataset.{name}.gz"
    digest = hashlib.sha256()
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as out:

        def emit(data: bytes) -> None:
            digest.update(data)
            out.write(data)

        json_ld = name == "jsonld"
        if json_ld:
            emit(_member(b"["))
        for position, number in enumerate(numbers):
            if json_ld and position:
                emit(_member(b",\n"))
            for block in _blocks(parts.path(source, number, name)):
                emit(block)
        if json_ld:
            emit(_member(b"]\n"))
        elif not numbers:  # a valid, empty gzip stream
            emit(_member(b""))
        out.flush()
        os.fsync(out.fileno())
        size = out.tell()
    partial.replace(target)
    return name, digest.hexdigest(), size


def _plain_size(index: parts.Index, name: str) -> int:
    """The bytes of a dump uncompressed, from its parts' sizes (and JSON-LD's brackets)."""
    size = index.size(name)
    if name == "jsonld":
        size += len(b"[") + len(b",\n") * max(len(index.quads) - 1, 0) + len(b"]\n")
    return size


def _member(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=parts.COMPRESSION, mtime=0)


def _blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        yield from iter(lambda: source.read(1 << 20), b"")


def gunzipped(path: Path) -> Iterator[bytes]:
    """The content of a gzip file of one or more members, in blocks, as it is read."""
    inflate, fed = zlib.decompressobj(wbits=31), False
    for block in _blocks(path):
        while block:
            fed = True
            yield inflate.decompress(block)
            if not inflate.eof:
                break
            # A member ended: what follows it is the next member.
            block = inflate.unused_data
            inflate, fed = zlib.decompressobj(wbits=31), False
    if fed and not inflate.eof:
        raise StoreError(f"{path}: the gzip file is cut short")


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
