"""Dumps are kept gzip-compressed; their uncompressed form is read as it is sent."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from fonds.errors import StoreError
from fonds.store.dumps import FORMATS, gunzipped


def test_a_file_of_several_gzip_members_reads_as_one_stream(tmp_path: Path) -> None:
    text = b"".join(f'<urn:s> <urn:p> "{n}" .\n'.encode() for n in range(100_000))
    members = [gzip.compress(text[i : i + 700_001], mtime=0) for i in range(0, len(text), 700_001)]
    path = tmp_path / "dataset.nt.gz"
    path.write_bytes(b"".join(members) + gzip.compress(b"", mtime=0))

    assert len(members) > 2
    assert b"".join(gunzipped(path)) == text


def test_a_gzip_file_cut_short_is_an_error_not_a_shorter_dump(tmp_path: Path) -> None:
    path = tmp_path / "dataset.nq.gz"
    path.write_bytes(gzip.compress(b"<urn:s> <urn:p> <urn:o> <urn:g> .\n" * 1000)[:-12])

    with pytest.raises(StoreError, match="cut short"):
        b"".join(gunzipped(path))


def test_every_format_comes_plain_and_compressed() -> None:
    for name in ("nt", "ttl", "nq", "jsonld"):
        plain, kept = FORMATS[name], FORMATS[name + ".gz"]
        assert (plain.gzip, kept.gzip) == (False, True)
        assert kept.plain is plain and kept.extension == plain.extension + ".gz"
