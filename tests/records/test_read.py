"""Which files under a folder are records, and in which order they are read."""

from pathlib import Path

from fonds.records.read import record_files


def test_a_folder_gives_its_record_files_and_its_subfolders_in_path_order(
    tmp_path: Path,
) -> None:
    for name in ("a-b.txt", "a/b.txt", "a/c/d.CSV", "z.txt", "notes.md", ".draft.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    outside = tmp_path.parent / (tmp_path.name + "-elsewhere")
    outside.mkdir()
    (outside / "linked.txt").write_text("x")
    (tmp_path / "linked-folder").symlink_to(outside, target_is_directory=True)
    (tmp_path / "linked-file.txt").symlink_to(outside / "linked.txt")

    found = [str(p.relative_to(tmp_path)) for p in record_files([tmp_path])]

    # By path parts: a/ before a-b.txt (a plain string sort puts "-" before "/").
    assert found == ["a/b.txt", "a/c/d.CSV", "a-b.txt", "linked-file.txt", "z.txt"]


def test_files_named_one_by_one_are_read_as_given(tmp_path: Path) -> None:
    first, second = tmp_path / "z.txt", tmp_path / "a.txt"
    for path in (first, second):
        path.write_text("x")
    assert list(record_files([first, second])) == [first, second]
