"""The typed record every reader produces and every later stage consumes."""

from __future__ import annotations

from dataclasses import dataclass, field

from fonds.extract.dates import PartialDate


@dataclass(frozen=True)
class Record:
    """One archival document as the archive describes it."""

    path: str
    record_id: str
    title: str
    date: PartialDate
    source_url: str | None = None
    canonical_url: str | None = None
    citation: str | None = None
    archive_reference: str | None = None
    contributors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    summary: str | None = None
    original_language: str | None = None
    translation_language: str | None = None
    text: str | None = None
    authors: tuple[str, ...] = ()
    people_and_organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    classification: str | None = None
    kind: str | None = None
    """The archive's document type ('Telegram'), when it states one."""
    archive_name: str | None = None
    uploaded: PartialDate | None = None
    rights: str | None = None
    donors: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    """The line each field was read from, for error messages."""
