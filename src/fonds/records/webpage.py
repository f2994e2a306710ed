"""Reader for a record copied from the archive's current web page.

Layout, as the page reads from top to bottom:

    Cable Telegram no. 59363 from Kovalev to Stalin, ...     title
    October 23, 1949                                          date
    <text of the document ...>
    Summary                                                   (optional label)
    <summary>
    Document Information
    Source
    RGASPI, f. 558, op. 11, d. 333, ll. 0049-0051. Contributed by ... translated by ...
    Original Archive
    Russian State Archive of Socio-Political History (RGASPI)
    Original Uploaded Date / Type / Language / Record ID / Original Classification /
    Author(s) / Associated People & Organizations / Associated Places / Subjects Discussed
    <one value per line under each label>

A label with nothing under it means "unknown", not an error. A page is recognised by its
`Document Information` line; everything else about it is checked field by field.
"""

from __future__ import annotations

import re
from pathlib import Path

from fonds.errors import RecordError
from fonds.extract.archival_reference import split_attribution
from fonds.extract.citation import canonical_url, parse_credits, record_page
from fonds.extract.dates import parse_display_date
from fonds.extract.names import split_list
from fonds.records.model import Record
from fonds.records.text import body_and_language, decode

LABELS = [
    "Document Information",
    "Source",
    "Original Archive",
    "Original Uploaded Date",
    "Type",
    "Language",
    "Record ID",
    "Original Classification",
    "Author(s)",
    "Associated People & Organizations",
    "Associated Places",
    "Subjects Discussed",
    "Summary",
    "Citation",
    "Rights",
    "Donors",
]
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(re.escape(label) for label in LABELS) + r")\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_CANONICAL_LABELS = {label.lower(): label for label in LABELS}
_URL = re.compile(r"https?://\S+/document/\S+")


def is_web_page(text: str) -> bool:
    """True when a text file is a copied web page rather than the text export."""
    return any(line.strip().lower() == "document information" for line in text.splitlines())


def read_web_page(path: Path, text: str | None = None) -> Record:
    """Read one copied web page into a Record, or raise RecordError saying where it fails."""
    lines = (text if text is not None else decode(path)).splitlines()
    content = [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip()]
    if len(content) < 2:
        raise RecordError(path, "expected a title line and a date line at the top of the page")
    (title_line, title), (date_line, date_text) = content[0], content[1]
    parsed = parse_display_date(date_text)
    if parsed is None or parsed[1]:
        raise RecordError(
            path,
            f"the line after the title must be the document's date (e.g. 'October 23, 1949'), "
            f"found {date_text[:60]!r}",
            line=date_line,
            field="date",
        )
    date = parsed[0]

    body: list[str] = []
    fields: dict[str, list[str]] = {}
    where: dict[str, int] = {"title": title_line, "date": date_line}
    current: str | None = None
    for number, line in enumerate(lines[date_line:], start=date_line + 1):
        label = _LABEL.match(line.strip())
        name = _CANONICAL_LABELS[label.group("label").lower()] if label else None
        # Inside the text only a bare 'Summary' line is a label: a letter may well contain
        # a line 'Source: TASS'. From 'Document Information' on, every label counts.
        in_text = "Document Information" not in fields
        if (
            label
            and (name == "Summary" or name == "Document Information" or not in_text)
            and (label.group("rest") == "" or not in_text)
        ):
            current = name
            fields[current] = [label.group("rest")] if label.group("rest") else []
            where[current] = number
        elif current is None:
            body.append(line.rstrip())
        elif line.strip():
            fields[current].append(line.strip())

    def one(label: str) -> str | None:
        values = fields.get(label) or []
        return " ".join(values).strip() or None

    record_id = one("Record ID")
    source = one("Source")
    citation = one("Citation")
    url_match = _URL.search(citation or "") or _URL.search(source or "")
    url = url_match.group().rstrip(".,;)") if url_match else None
    canonical, url_id = canonical_url(url) if url else (None, None)
    if record_id is None and url_id is None:
        raise RecordError(
            path,
            "the page gives no 'Record ID' and no archive URL: the record has no identity",
            line=where.get("Record ID"),
            field="Record ID",
        )
    if record_id is not None and not re.fullmatch(r"[A-Za-z0-9-]{1,120}", record_id):
        raise RecordError(
            path,
            f"'Record ID' must be the archive's id (letters, digits, hyphens), found "
            f"{record_id[:40]!r}",
            line=where.get("Record ID"),
            field="Record ID",
        )
    reference, credits = split_attribution(_URL.sub("", source or "").strip())
    contributors, translators = parse_credits(credits or "")
    text, translation = body_and_language("\n".join(body), one("Language"))
    uploaded = parse_display_date(one("Original Uploaded Date") or "")
    return Record(
        path=str(path),
        record_id=(record_id or url_id or "").lower(),
        title=title,
        date=date,
        source_url=url,
        canonical_url=canonical or record_page(record_id or url_id),
        citation=citation,
        archive_reference=reference or None,
        contributors=contributors,
        translators=translators,
        summary=one("Summary"),
        original_language=one("Language"),
        translation_language=translation,
        text=text,
        authors=tuple(fields.get("Author(s)", ())),
        people_and_organizations=tuple(fields.get("Associated People & Organizations", ())),
        places=tuple(fields.get("Associated Places", ())),
        subjects=tuple(fields.get("Subjects Discussed", ())),
        classification=one("Original Classification"),
        kind=one("Type"),
        archive_name=one("Original Archive"),
        uploaded=uploaded[0] if uploaded and not uploaded[1] else None,
        rights=one("Rights"),
        donors=split_list(one("Donors")),
        lines=where,
    )
