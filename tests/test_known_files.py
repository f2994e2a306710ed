"""What an ingest remembers of its record files: a fingerprint, while the file is unchanged."""

import os
import time
from pathlib import Path

import pytest

from fonds import known_files
from fonds.known_files import FILE, KnownFiles, state_of


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago count as settled (a real run wants two seconds)."""
    monkeypatch.setattr(known_files, "MARGIN_NS", -1_000_000_000)


def remembered(folder: Path, record: Path, fingerprint: str, environment: str = "env") -> None:
    """Save what a run learnt of one record file."""
    known = KnownFiles(environment)
    known.note(str(record), state_of(record.stat()), fingerprint)
    known.save(folder)


def test_a_file_unchanged_since_the_last_run_keeps_its_fingerprint(
    tmp_path: Path, settled: None
) -> None:
    record = tmp_path / "cable.txt"
    record.write_text("a record")
    remembered(tmp_path, record, "f1")

    known = KnownFiles.load(tmp_path, "env")

    assert known.fingerprint(str(record), state_of(record.stat())) == "f1"
    assert known.fingerprint(str(tmp_path / "other.txt"), state_of(record.stat())) is None


def test_a_file_written_again_is_not_recognised_even_with_its_size_and_mtime_put_back(
    tmp_path: Path, settled: None
) -> None:
    record = tmp_path / "cable.txt"
    record.write_text("a record")
    before = record.stat()
    remembered(tmp_path, record, "f1")
    time.sleep(0.05)  # past the file system's clock tick, as the real margin ensures

    record.write_text("A record")
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))

    assert record.stat().st_mtime_ns == before.st_mtime_ns
    assert (
        KnownFiles.load(tmp_path, "env").fingerprint(str(record), state_of(record.stat())) is None
    )


def test_a_file_changed_just_before_it_was_read_is_not_remembered(tmp_path: Path) -> None:
    record = tmp_path / "cable.txt"
    record.write_text("a record")  # within the margin: a second write could keep its times
    remembered(tmp_path, record, "f1")

    assert KnownFiles.load(tmp_path, "env").known == {}


def test_what_was_learnt_under_another_environment_is_ignored(
    tmp_path: Path, settled: None
) -> None:
    record = tmp_path / "cable.txt"
    record.write_text("a record")
    remembered(tmp_path, record, "f1", environment="fonds 0.1, authorities of May")

    assert KnownFiles.load(tmp_path, "fonds 0.2, authorities of June").known == {}


def test_a_run_keeps_only_the_files_it_saw(tmp_path: Path, settled: None) -> None:
    kept, gone = tmp_path / "kept.txt", tmp_path / "gone.txt"
    for record in (kept, gone):
        record.write_text("a record")
    known = KnownFiles("env")
    known.note(str(kept), state_of(kept.stat()), "f1")
    known.note(str(gone), state_of(gone.stat()), "f2")
    known.save(tmp_path)

    next_run = KnownFiles.load(tmp_path, "env")
    next_run.fingerprint(str(kept), state_of(kept.stat()))
    next_run.save(tmp_path)

    assert set(KnownFiles.load(tmp_path, "env").known) == {str(kept)}


def test_a_name_with_a_tab_is_kept_whole(tmp_path: Path, settled: None) -> None:
    record = tmp_path / "cable\tcopy.txt"
    record.write_text("a record")
    remembered(tmp_path, record, "f1")

    assert set(KnownFiles.load(tmp_path, "env").known) == {str(record)}


def test_a_damaged_file_is_read_as_knowing_nothing(tmp_path: Path) -> None:
    (tmp_path / FILE).write_bytes(b"fonds record files 1\tenv\n12\tnot a number\n")

    assert KnownFiles.load(tmp_path, "env").known == {}
    assert KnownFiles.load(tmp_path / "missing", "env").known == {}


def test_a_cache_that_cannot_be_written_is_left_out(tmp_path: Path, settled: None) -> None:
    record = tmp_path / "cable.txt"
    record.write_text("a record")

    remembered(tmp_path / "missing", record, "f1")  # no error: the next run reads the file

    assert not (tmp_path / "missing").exists()
