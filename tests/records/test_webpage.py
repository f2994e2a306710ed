"""Records copied from the archive's web page."""

from pathlib import Path

import pytest

from fonds.errors import RecordError
from fonds.records import read_paths
from fonds.records.text import read_text
from fonds.records.webpage import read_web_page
from tests.conftest import CABLE, ROOT, write_record

PAGE = ROOT / "tests" / "fixtures" / "records" / "webpage-cable-208256.txt"


def test_the_cable_as_copied_from_its_web_page() -> None:
    record = read_web_page(PAGE)
    assert record.record_id == "208256"
    assert record.title.startswith("Cable Telegram no. 59363")
    assert record.date.edtf == "1949-10-23"
    assert record.archive_reference == "RGASPI, f. 558, op. 11, d. 333, ll. 0049-0051"
    assert (record.contributors, record.translators) == (("Sergey Radchenko",), ("Gary Goldberg",))
    assert record.canonical_url == "https://digitalarchive.wilsoncenter.org/document/208256"
    assert record.summary and record.summary.startswith("Mao details")
    assert (record.original_language, record.translation_language) == ("Russian", "English")
    assert record.classification == "Top Secret" and record.kind == "Telegram"
    assert record.places == ("Korea (North)", "Korea (South)", "China")
    assert "Korean War, 1950-1953" in record.subjects
    assert record.uploaded is not None and record.uploaded.edtf == "2019-02-26"
    assert record.rights is None  # a label with nothing under it is unknown, not an error


def test_the_page_and_the_text_export_give_the_same_text() -> None:
    page, export = read_web_page(PAGE), read_text(CABLE)
    assert page.text == export.text
    assert (page.title, page.date, page.summary) == (export.title, export.date, export.summary)


def test_the_reader_is_chosen_by_content(tmp_path: Path) -> None:
    copy = write_record(tmp_path, "page.txt", PAGE.read_text(encoding="utf-8"))
    (record,) = list(read_paths([copy]))
    assert not isinstance(record, RecordError) and record.kind == "Telegram"


def test_a_page_without_record_id_or_url_has_no_identity(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8").replace("Record ID\n208256\n", "Record ID\n")
    path = write_record(tmp_path, "page.txt", text)
    with pytest.raises(RecordError) as error:
        read_web_page(path)
    assert error.value.field == "Record ID" and error.value.line is not None


def test_a_page_whose_second_line_is_not_a_date(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8").replace("October 23, 1949\n", "Some heading\n", 1)
    with pytest.raises(RecordError) as error:
        read_web_page(write_record(tmp_path, "page.txt", text))
    assert (error.value.line, error.value.field) == (2, "date")


def test_a_body_line_that_looks_like_a_label_stays_in_the_text(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8").replace("TOP SECRET", "TOP SECRET\nSource: TASS")
    record = read_web_page(write_record(tmp_path, "page.txt", text))
    assert record.text and "Source: TASS" in record.text


def test_a_german_original_without_translation(tmp_path: Path) -> None:
    page = (
        "Schreiben an den Bundeskanzler\nJuly 25, 1991\n\nBonn, den 25. Juli 1991\n\n"
        "Sehr geehrter Herr Bundeskanzler, ich danke Ihnen für Ihren Brief und die Anlagen.\n\n"
        "Document Information\nSource\nBArch, B 136/59748, 403-410\nLanguage\nGerman\n"
        "Record ID\n300001\nAuthor(s)\n"
    )
    record = read_web_page(write_record(tmp_path, "page.txt", page))
    assert (record.original_language, record.translation_language) == ("German", None)
    assert record.authors == ()
