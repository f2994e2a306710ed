"""Reading the archive's text export."""

from pathlib import Path

import pytest

from fonds.errors import RecordError
from fonds.records import read_paths
from fonds.records.text import read_text
from tests.conftest import CABLE, write_record


def test_reads_every_field_of_the_real_cable() -> None:
    record = read_text(CABLE)

    assert record.title == (
        "Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong"
    )
    assert (record.date.edtf, record.date.display) == ("1949-10-23", "October 23, 1949")
    assert record.record_id == "208256"
    assert record.source_url == "https://wilson-center.drivingcreative.com/document/208256"
    assert record.canonical_url == "https://digitalarchive.wilsoncenter.org/document/208256"
    assert record.archive_reference == "RGASPI, f. 558, op. 11, d. 333, II. 0049-0051"
    assert record.contributors == ("Sergey Radchenko",)
    assert record.translators == ("Gary Goldberg",)
    assert record.summary.startswith("Mao details the actions of the Worker's Party")
    assert record.original_language == "Russian"
    assert record.translation_language == "English"
    assert record.text.startswith("[handwritten at the top: to Cde. Stalin]")
    assert record.text.endswith("[illegible signature] 1100")


def test_a_record_without_its_date_line_names_file_and_line(
    tmp_path: Path, cable_text: str
) -> None:
    lines = cable_text.splitlines()
    dated = next(i for i, line in enumerate(lines) if line.startswith("October 23, 1949"))
    edited = lines[:dated] + lines[dated + 1 :]
    path = write_record(tmp_path, "no-date.txt", "\n".join(edited))
    citation_line = edited.index("Citation:") + 1

    with pytest.raises(RecordError) as refused:
        read_text(path)

    assert refused.value.path == str(path)
    assert refused.value.line == citation_line  # where the date and title were expected
    assert refused.value.field == "date"
    assert str(refused.value).startswith(
        f"{path}:{citation_line} [date]: missing the date and title"
    )


def test_a_title_line_without_a_date_is_refused(tmp_path: Path, cable_text: str) -> None:
    path = write_record(
        tmp_path, "undated.txt", cable_text.replace("October 23, 1949 Cable", "Cable", 1)
    )
    with pytest.raises(RecordError, match=r"undated.txt:3 \[date\]: the first line must start"):
        read_text(path)


@pytest.mark.parametrize(
    ("display", "edtf"),
    [("November 1967", "1967-11"), ("1979", "1979"), ("October 07, 1962", "1962-10-07")],
)
def test_partial_dates_keep_their_precision(
    tmp_path: Path, cable_text: str, display: str, edtf: str
) -> None:
    path = write_record(
        tmp_path, "r.txt", cable_text.replace("October 23, 1949 Cable", f"{display} Cable", 1)
    )
    assert read_text(path).date.edtf == edtf


def test_a_citation_without_an_archive_url_has_no_identity(tmp_path: Path, cable_text: str) -> None:
    text = cable_text.replace("https://wilson-center.drivingcreative.com/document/208256", "")
    path = write_record(tmp_path, "r.txt", text)
    with pytest.raises(
        RecordError, match=r"r.txt:5 \[citation\]: the citation ends with no archive URL"
    ):
        read_text(path)


def test_bad_encodings_and_nul_are_refused_with_their_line(tmp_path: Path, cable_text: str) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(cable_text.replace("Summary", "Summ\u00e4ry").encode("latin-1", "replace"))
    nul = write_record(tmp_path, "nul.txt", cable_text.replace("Russian", "Rus\x00sian"))

    with pytest.raises(RecordError, match=r"latin.txt:9: not valid UTF-8"):
        read_text(latin)
    with pytest.raises(RecordError, match=r"nul.txt:15: contains a NUL character"):
        read_text(nul)


def test_a_byte_order_mark_is_accepted(tmp_path: Path, cable_text: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + cable_text.encode())
    assert read_text(path).record_id == "208256"


def test_folders_yield_records_and_errors_without_stopping(tmp_path: Path, cable_text: str) -> None:
    write_record(tmp_path, "a-good.txt", cable_text)
    write_record(tmp_path, "b-bad.txt", "just some notes\n")
    write_record(tmp_path, "notes.md", "ignored: not a record format")

    items = list(read_paths([tmp_path]))

    assert [type(item).__name__ for item in items] == ["Record", "RecordError"]
    assert "b-bad.txt:1 [date]" in str(items[1])


def test_a_text_only_in_its_original_language_is_not_a_translation(
    tmp_path: Path, cable_text: str
) -> None:
    head = cable_text.split("Contents:", 1)[0].replace("Russian", "Ukrainian")
    text = head + "Contents:\n\nЦілком таємно\n\nДо товариша Сталіна. Повідомляю вам наступне.\n"
    record = read_text(write_record(tmp_path, "uk.txt", text))
    assert (record.original_language, record.translation_language) == ("Ukrainian", None)
    assert record.text and record.text.startswith("Цілком таємно")


def test_a_file_too_large_to_be_a_record_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(64 * 2**30)  # sparse: 64 GiB that take no disk, and no memory unless read

    with pytest.raises(RecordError, match=r"huge.txt: the file is larger than 2 MiB"):
        read_text(huge)
