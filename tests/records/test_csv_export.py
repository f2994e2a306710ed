"""CSV exports: streamed rows, each bad row reported by number, the others read."""

import csv
from pathlib import Path

from fonds.errors import RecordError
from fonds.records import read_paths
from fonds.records.csv_export import COLUMNS, read_csv
from fonds.records.model import Record
from fonds.records.text import MAX_RECORD_BYTES


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(record_id: str, **values: str) -> dict[str, str]:
    base = {column: "" for column in COLUMNS}
    base.update(
        document_url=f"https://digitalarchive.wilsoncenter.org/document/{record_id}",
        record_id=record_id,
        original_publication_date="October 23, 1949",
        title="Ciphered Telegram, Filippov (Stalin) to Mao Zedong",
        credits="Contributed by Sergey Radchenko and translated by Gary Goldberg.",
        text_body="TOP SECRET\n\nTo Cde. Mao Zedong.\n\nI have received your message.",
        source="APRF, f. 45, op. 1, d. 334, l. 141",
        language="Russian",
        authors="Stalin, Joseph, 1879-1953",
        associated_places="China; Korea (North)",
        subjects_discussed="Korean War, 1950-1953",
        original_classification="Top Secret",
    )
    base.update(values)
    return base


def test_a_row_becomes_a_record(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [row("113382")])
    (record,) = list(read_csv(path))
    assert isinstance(record, Record)
    assert record.record_id == "113382" and record.path == f"{path}:2"
    assert record.authors == ("Joseph Stalin",)
    assert record.places == ("China", "Korea (North)")
    assert (record.contributors, record.translators) == (("Sergey Radchenko",), ("Gary Goldberg",))
    assert record.translation_language == "English"


def test_bad_rows_are_reported_by_number_and_the_rest_are_read(tmp_path: Path) -> None:
    rows = [
        row("1"),
        row("2", original_publication_date="sometime"),
        row("3", title=""),
        row("bad id!", document_url=""),
        row("5", text_body="multi\nline\nbody"),
    ]
    items = list(read_csv(write_csv(tmp_path / "export.csv", rows)))
    assert [i.record_id for i in items if isinstance(i, Record)] == ["1", "5"]
    errors = [i for i in items if isinstance(i, RecordError)]
    assert [(e.row, e.field) for e in errors] == [
        (2, "original_publication_date"),
        (3, "title"),
        (4, "record_id"),
    ]
    assert "(row 2) [original_publication_date]" in str(errors[0])


def test_line_numbers_follow_multi_line_cells(tmp_path: Path) -> None:
    rows = [row("1", text_body="a\nb\nc"), row("2", title="")]
    error = list(read_csv(write_csv(tmp_path / "export.csv", rows)))[1]
    assert isinstance(error, RecordError) and (error.line, error.row) == (5, 2)


def test_a_missing_column_stops_the_file_with_the_expected_layout(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [], columns=("title", "text_body"))
    (error,) = list(read_paths([path]))
    assert isinstance(error, RecordError) and "missing column(s)" in error.message


def test_same_titles_are_different_documents(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [row("10"), row("11")])
    assert [r.record_id for r in read_csv(path) if isinstance(r, Record)] == ["10", "11"]


def test_a_metadata_only_row_has_no_text(tmp_path: Path) -> None:
    (record,) = list(read_csv(write_csv(tmp_path / "export.csv", [row("7", text_body="")])))
    assert isinstance(record, Record) and record.text is None


def test_a_cell_too_large_for_a_record_is_refused_and_the_next_row_keeps_its_line(
    tmp_path: Path,
) -> None:
    rows = [row("1", text_body="word " * (MAX_RECORD_BYTES // 4)), row("2")]
    refused, read = list(read_csv(write_csv(tmp_path / "export.csv", rows)))
    assert isinstance(refused, RecordError) and "field larger than field limit" in str(refused)
    assert (refused.line, refused.row) == (2, 1)
    assert isinstance(read, Record) and read.path == f"{tmp_path / 'export.csv'}:3"
