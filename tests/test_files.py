"""A file is written whole or not at all."""

import os
from pathlib import Path

import pytest

from fonds.files import replaced


def test_the_new_file_takes_the_place_of_the_old_one_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old")
    with replaced(target) as partial:
        partial.write_text("new")
        assert target.read_text() == "old"  # readers still see the old file
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["manifest.json"]


def test_a_failed_write_leaves_the_old_file_and_no_scratch_file(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old")
    with pytest.raises(OSError), replaced(target) as partial:
        partial.write_text("half")
        raise OSError("disk full")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["manifest.json"]


def test_a_version_sharing_the_old_file_by_hard_link_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "part.nt.gz"
    target.write_text("version 1")
    shared = tmp_path / "older-version-part.nt.gz"
    os.link(target, shared)
    with replaced(target) as partial:
        partial.write_text("version 2")
    assert shared.read_text() == "version 1"
    assert target.read_text() == "version 2"


def test_a_scratch_file_left_by_a_killed_process_is_written_afresh(tmp_path: Path) -> None:
    target = tmp_path / "record-files.tsv"
    (tmp_path / "record-files.tsv.partial").write_text("left over, and longer than the new one")
    with replaced(target) as partial, partial.open("a") as handle:
        handle.write("new")
    assert target.read_text() == "new"
