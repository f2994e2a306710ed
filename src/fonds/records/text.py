"""Reader for the archive's text export.

Layout (the real record in data/records/ is one):

    October 23, 1949 Cable Telegram no. 59363 from Kovalev to Stalin, ...
    Citation:
    "<title>", October 23, 1949, Wilson Center Digital Archive, .... <URL>
    Summary:
    ...
    Original Language:
    Russian
    Contents:
    Translation - English
    <body>

Everything after `Contents:` is the body, whatever it contains.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fonds.errors import RecordError
from fonds.extract.citation import parse_citation
from fonds.extract.dates import parse_display_date
from fonds.extract.names import looks_english
from fonds.records.model import Record

_HEADER = re.compile(
    r"^(?P<name>Citation|Summary|Original Language|Contents)\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)
CONTENT_KIND = re.compile(
    r"^(?P<kind>Translation|Original|Transcript|Transcription)\s*[-–—:]\s*"
    r"(?P<language>[^\W\d_][\w ()'-]*)$",
    re.IGNORECASE,
)
MAX_RECORD_BYTES = 2 * 1024 * 1024
"""The largest record file read. A record's cost grows with the names it mentions: 2 MB of
text that is all names took 22 s and 1.7 GB to check, where a real record is some 10 kB."""


def read_text(path: Path, text: str | None = None) -> Record:
    """Read one text-export file into a Record, or raise RecordError saying where it fails."""
    lines = (text if text is not None else decode(path)).splitlines()
    numbered = [(n, line.strip()) for n, line in enumerate(lines, start=1)]
    content = [(n, line) for n, line in numbered if line]
    if not content:
        raise RecordError(path, "the file is empty: expected a line with the date and the title")

    first_line, first = content[0]
    if _HEADER.match(first):
        raise RecordError(
            path,
            f"missing the date and title line before '{first}' "
            "(expected e.g. 'October 23, 1949 Cable Telegram no. 59363 ...')",
            line=first_line,
            field="date",
        )
    parsed = parse_display_date(first)
    if parsed is None:
        raise RecordError(
            path,
            f"the first line must start with the document's date (e.g. 'October 23, 1949', "
            f"'November 1967' or '1979'), found {first[:60]!r}",
            line=first_line,
            field="date",
        )
    date, title = parsed
    if not title:
        raise RecordError(
            path, "the date is not followed by a title", line=first_line, field="title"
        )

    sections, where = _sections(numbered[first_line:])
    if "citation" not in sections:
        raise RecordError(
            path,
            "no 'Citation:' section: the record id comes from the URL at its end",
            field="citation",
        )
    citation = parse_citation(sections["citation"])
    if citation.record_id is None:
        raise RecordError(
            path,
            "the citation ends with no archive URL of the form .../document/<id>, "
            "so the record has no identity",
            line=where["citation"],
            field="citation",
        )
    body, translation_language = body_and_language(
        sections.get("contents", ""), sections.get("original language")
    )
    return Record(
        path=str(path),
        record_id=citation.record_id,
        title=title,
        date=date,
        source_url=citation.url,
        canonical_url=citation.canonical_url,
        citation=citation.text,
        archive_reference=citation.archive_reference,
        contributors=citation.contributors,
        translators=citation.translators,
        summary=sections.get("summary") or None,
        original_language=sections.get("original language") or None,
        translation_language=translation_language,
        text=body,
        lines={"date": first_line, "title": first_line, **where},
    )


def read_record_bytes(path: Path | str) -> bytes:
    """A record file's bytes; a file too large to be a record is refused before it is
    read, not after (a mistaken 20 GB file in a folder of records would fill memory)."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size > MAX_RECORD_BYTES:
            raise _too_large(Path(path))
        return file.read()


def _too_large(path: Path) -> RecordError:
    return RecordError(path, f"the file is larger than {MAX_RECORD_BYTES // 2**20} MiB")


def decode(path: Path, raw: bytes | None = None) -> str:
    """Read a file (or its `raw` bytes, already read) as UTF-8 (a BOM is allowed); refuse
    other encodings and NUL characters."""
    if raw is None:
        raw = read_record_bytes(path)
    if len(raw) > MAX_RECORD_BYTES:
        raise _too_large(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError(
            path,
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
            line=line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise RecordError(path, "contains a NUL character", line=line)
    return text


def _sections(numbered: list[tuple[int, str]]) -> tuple[dict[str, str], dict[str, int]]:
    sections: dict[str, list[str]] = {}
    where: dict[str, int] = {}
    current: str | None = None
    for number, line in numbered:
        header = _HEADER.match(line) if current != "contents" else None
        if header:
            current = header.group("name").lower()
            sections[current] = [header.group("rest")] if header.group("rest") else []
            where[current] = number
        elif current is not None:
            sections[current].append(line)
    joined = {name: "\n".join(body).strip() for name, body in sections.items()}
    if "citation" in joined:
        joined["citation"] = " ".join(joined["citation"].split())
    if "summary" in joined:
        joined["summary"] = " ".join(joined["summary"].split())
    return joined, where


def body_and_language(body: str, original_language: str | None) -> tuple[str | None, str | None]:
    """The body without its 'Translation - English' line, and the translation's language.

    Without such a line, a body that reads as English is taken for the English
    translation unless the original itself is English; any other body is the original.
    """
    lines = body.strip("\n").split("\n")
    first = lines[0].strip() if lines else ""
    language = None
    if kind := CONTENT_KIND.match(first):
        if kind.group("kind").lower() == "translation":
            language = kind.group("language").strip()
        lines = lines[1:]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() or None
    if language is None and text and looks_english(text):
        originals = (original_language or "").lower()
        if "english" not in originals:
            language = "English"
    return text, language
