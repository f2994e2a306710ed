"""Dumps are kept gzip-compressed; their uncompressed form is read as it is sent."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from fonds.errors import StoreError
from fonds.store.dumps import FORMATS, Dump, gunzipped


def test_a_file_of_several_gzip_members_reads_as_one_stream(tmp_path: Path) -> None:
    text = b"".join(f'<urn:s> <urn:p> "{n}" .\n'.encode() for n in range(100_000))
    members = [gzip.compress(text[i : i + 700_001], mtime=0) for i in range(0, len(text), 700_001)]
    path = tmp_path / "dataset.nt.gz"
    path.write_bytes(b"".join(members) + gzip.compress(b"", mtime=0))

    data = path.read_bytes()
    blocks = [data[i : i + 4096] for i in range(0, len(data), 4096)]  # members cut anywhere

    assert len(members) > 2
    assert b"".join(gunzipped(blocks, path.name)) == text


def test_a_gzip_file_cut_short_is_an_error_not_a_shorter_dump(tmp_path: Path) -> None:
    path = tmp_path / "dataset.nq.gz"
    path.write_bytes(gzip.compress(b"<urn:s> <urn:p> <urn:o> <urn:g> .\n" * 1000)[:-12])

    with pytest.raises(StoreError, match="cut short"):
        b"".join(gunzipped([path.read_bytes()], path.name))


def test_every_format_comes_plain_and_compressed() -> None:
    for name in ("nt", "ttl", "nq", "jsonld"):
        plain, kept = FORMATS[name], FORMATS[name + ".gz"]
        assert (plain.gzip, kept.gzip) == (False, True)
        assert kept.plain is plain and kept.extension == plain.extension + ".gz"


def test_a_dump_reads_its_segments_as_one_file_whole_or_any_range(tmp_path: Path) -> None:
    first, second = tmp_path / "0000.nt.gz", tmp_path / "0001.nt.gz"
    first.write_bytes(b"0123456789")
    second.write_bytes(bytes(range(200, 250)) * 50_000)  # 2.5 MB: more than one block
    dump = Dump.of("dataset.nt.gz", [b"[", first, b",", second, b"]"])
    whole = b"[" + first.read_bytes() + b"," + second.read_bytes() + b"]"

    assert dump.size == len(whole)
    assert b"".join(dump.read()) == whole
    for start, end in [(0, 1), (0, 5), (3, 14), (11, 12), (5, 2_000_000), (12, dump.size)]:
        assert b"".join(dump.read(start, end)) == whole[start:end], (start, end)
    assert b"".join(dump.read(dump.size - 3)) == whole[-3:]
    assert b"".join(dump.read(dump.size)) == b""


def test_a_part_that_went_missing_is_a_store_error_that_names_it(tmp_path: Path) -> None:
    part = tmp_path / "0000.nq.gz"
    part.write_bytes(b"x" * 10)
    dump = Dump.of("dataset.nq.gz", [part])
    part.unlink()

    with pytest.raises(StoreError, match=r"0000\.nq\.gz"):
        b"".join(dump.read())
