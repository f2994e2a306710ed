"""Reader for CSV exports: one record per row, streamed, a bad row reported by its number.

Columns (the layout of a public scrape of the whole archive, about 16,000 documents):

    document_url, original_publication_date, title, credits, text_body, summary, authors,
    associated_places, subjects_discussed, associated_people_orgs, document_contributors,
    source, original_upload_date, original_archive_title, language, rights, record_id,
    original_classification, donors

List columns may hold 'a; b', 'a | b', one value per line or a JSON array. A row that
cannot be read becomes a RecordError naming the file, the line it starts on, the row
number and the column; the rows after it are read as usual.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from fonds.errors import RecordError
from fonds.extract.citation import canonical_url, parse_credits, record_page
from fonds.extract.dates import parse_display_date
from fonds.extract.names import heading_to_name, split_list
from fonds.records.model import Record
from fonds.records.text import MAX_RECORD_BYTES, body_and_language

COLUMNS = (
    "document_url",
    "original_publication_date",
    "title",
    "credits",
    "text_body",
    "summary",
    "authors",
    "associated_places",
    "subjects_discussed",
    "associated_people_orgs",
    "document_contributors",
    "source",
    "original_upload_date",
    "original_archive_title",
    "language",
    "rights",
    "record_id",
    "original_classification",
    "donors",
)
REQUIRED = ("document_url", "record_id", "title", "original_publication_date")
MAX_FIELD_BYTES = MAX_RECORD_BYTES  # a cell holds at most one record's text
_RECORD_ID = re.compile(r"[A-Za-z0-9-]{1,120}")


def read_csv(path: Path) -> Iterator[Record | RecordError]:
    """Yield each row's Record, or the RecordError that explains why the row was refused."""
    csv.field_size_limit(min(sys.maxsize, MAX_FIELD_BYTES))
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise RecordError(path, f"cannot be read: {error.strerror or error}") from None
    with handle:
        rows = csv.DictReader(handle)
        try:
            header = rows.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as error:
            raise RecordError(path, f"the header cannot be read: {error}", line=1) from None
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise RecordError(
                path,
                f"missing column(s) {', '.join(missing)}; expected the columns "
                f"{', '.join(COLUMNS)}",
                line=1,
            )
        number, line = 0, 2
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                yield RecordError(path, f"not valid UTF-8 ({error.reason})", line=line)
                return  # the decoder cannot resynchronise: stop with what was read
            except csv.Error as error:
                number += 1
                yield RecordError(path, f"malformed CSV: {error}", line=line, row=number)
                # DictReader counts lines only for the rows it hands over: ask its reader.
                line = rows.reader.line_num + 1
                continue
            number += 1
            try:
                yield _record(path, row, line, number)
            except RecordError as error:
                yield error
            line = rows.line_num + 1


def _record(path: Path, row: dict[str, str | None], line: int, number: int) -> Record:
    def value(column: str) -> str | None:
        cell = row.get(column)
        if isinstance(cell, list):  # more cells than columns
            raise RecordError(path, "the row has more cells than the header", line=line, row=number)
        text = (cell or "").strip()
        if "\x00" in text:
            raise RecordError(path, "contains a NUL character", line=line, row=number, field=column)
        return text or None

    if None in row:
        raise RecordError(path, "the row has more cells than the header", line=line, row=number)
    title = value("title")
    if title is None:
        raise RecordError(path, "the title is empty", line=line, row=number, field="title")
    date_text = value("original_publication_date")
    parsed = parse_display_date(date_text or "")
    if parsed is None or parsed[1]:
        raise RecordError(
            path,
            f"the date must read like 'October 23, 1949', 'November 1967' or '1979', "
            f"found {(date_text or '')[:40]!r}",
            line=line,
            row=number,
            field="original_publication_date",
        )
    url = value("document_url")
    canonical, url_id = canonical_url(url) if url else (None, None)
    record_id = value("record_id") or url_id
    if record_id is None or not _RECORD_ID.fullmatch(record_id):
        raise RecordError(
            path,
            "no usable record id: fill in record_id or a document_url ending in "
            f"/document/<id> (found {(record_id or '')[:40]!r})",
            line=line,
            row=number,
            field="record_id",
        )
    contributors, translators = parse_credits(value("credits") or "")
    contributors += tuple(
        c for c in split_list(value("document_contributors")) if c not in contributors
    )
    text, translation = body_and_language(value("text_body") or "", value("language"))
    uploaded = parse_display_date(value("original_upload_date") or "")
    return Record(
        path=f"{path}:{line}",
        record_id=record_id.lower(),
        title=" ".join(title.split()),
        date=parsed[0],
        source_url=url,
        canonical_url=canonical or record_page(record_id),
        archive_reference=value("source"),
        contributors=contributors,
        translators=translators,
        summary=value("summary"),
        original_language=value("language"),
        translation_language=translation,
        text=text,
        authors=tuple(heading_to_name(a) for a in split_list(value("authors"))),
        people_and_organizations=split_list(value("associated_people_orgs")),
        places=split_list(value("associated_places")),
        subjects=split_list(value("subjects_discussed")),
        classification=value("original_classification"),
        archive_name=value("original_archive_title"),
        uploaded=uploaded[0] if uploaded and not uploaded[1] else None,
        rights=value("rights"),
        donors=split_list(value("donors")),
        lines={"row": number, "line": line},
    )
