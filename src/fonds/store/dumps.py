"""Whole-dataset dumps, assembled from parts the store's own serializer wrote (parts.py),
with a checksum manifest."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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


FORMATS = {
    f.name: f
    for f in (
        DumpFormat("nt", "nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, False),
        DumpFormat("ttl", "ttl", "text/turtle", ox.RdfFormat.TURTLE, False),
        DumpFormat("nq", "nq", "application/n-quads", ox.RdfFormat.N_QUADS, True),
        DumpFormat("jsonld", "jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, False),
        DumpFormat(
            "nt.gz", "nt.gz", "application/n-triples", ox.RdfFormat.N_TRIPLES, False, gzip=True
        ),
    )
}
DUMPED = ("nq", "nt", "nt.gz", "ttl", "jsonld")
MANIFEST = "manifest.json"


def dataset_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Every triple of every graph (the union of the dataset)."""
    for quad in store.quads_for_pattern(None, None, None, None):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def write(store: ox.Store, fmt: DumpFormat, output: object) -> None:
    """Serialize the whole dataset in `fmt` to a binary file object or path."""
    if fmt.gzip:
        with _gzip(output) as compressed:
            write(store, FORMATS[fmt.name.removesuffix(".gz")], compressed)
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
    published = folder / f"dataset.{fmt.extension}" if folder else None
    if published is not None and published.is_file():
        with published.open("rb") as source:
            shutil.copyfileobj(source, output, 1 << 20)
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
    counts = parts.update(
        store, folder / "parts", previous / "parts" if previous else None, changed
    )
    quads = sum(counts.values())
    numbers = sorted(counts)
    # One thread a format: reading, hashing and writing let go of the GIL.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        assembled = pool.map(
            lambda name: _assemble(folder / "parts", numbers, FORMATS[name], folder), DUMPED
        )
        files = [
            {
                "name": target.name,
                "format": fmt.name,
                "media_type": "application/gzip" if fmt.gzip else fmt.media_type,
                **({"content_media_type": fmt.media_type} if fmt.gzip else {}),
                "bytes": size,
                "sha256": digest,
                "statements": quads,
            }
            for fmt, target, digest, size in assembled
        ]
    published = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = {"quads": quads, "published": published, "files": files}
    partial = folder / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, indent=2))
    partial.replace(folder / MANIFEST)
    return manifest


def _assemble(
    source: Path, numbers: list[int], fmt: DumpFormat, folder: Path
) -> tuple[DumpFormat, Path, str, int]:
    """Concatenate the parts of one format into its dump; return it, its SHA-256 and size."""
    target = folder / f"dataset.{fmt.extension}"
    digest = hashlib.sha256()
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as out:

        def emit(data: bytes) -> None:
            digest.update(data)
            out.write(data)

        json_ld = fmt.name == "jsonld"
        if json_ld:
            emit(b"[")
        for position, number in enumerate(numbers):
            if json_ld and position:
                emit(b",\n")
            with parts.path(source, number, fmt.extension).open("rb") as part:
                for block in iter(lambda: part.read(1 << 20), b""):
                    emit(block)
        if json_ld:
            emit(b"]\n")
        if fmt.gzip and not numbers:  # a valid, empty gzip stream
            emit(gzip.compress(b"", mtime=0))
        out.flush()
        os.fsync(out.fileno())
        size = out.tell()
    partial.replace(target)
    return fmt, target, digest.hexdigest(), size


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
