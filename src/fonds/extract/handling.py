"""What the cipher office wrote around a message: markings, numbers, copies, handling.

    TOP SECRET                                        classification
    CABLE Nº 59363                                    cable number
    Copy Nº 1 to Cde. Stalin Copy Nº 2 to ...         distribution list
    from PEKING received at 2300 23 October 1949      origin and reception
    Copy N° 2                                         the number of this copy
    Nº 234 KOVALEV 23 October                         sender's number, signature, date
    Deciphered by Finenko at 0840 24 October          decipherment, printing, verification
    Five copies printed, copy Nº 5 to file Nº 6998    copies and where the file copy went

Times carry no zone. A time written without a day takes the day of the event before it,
and says so (`day_inferred`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fonds.extract.dates import Moment, PartialDate, find_moments, make_date

_NO = r"(?:Nº|N°|NO\.?|No\.?|№|#)"
CLASSIFICATIONS = [
    ("top secret", "top-secret"),
    ("strictly secret", "strictly-secret"),
    ("secret", "secret"),
    ("confidential", "confidential"),
    ("special file", "special-file"),
    ("of special importance", "special-importance"),
    ("streng geheim", "top-secret"),
    ("geheim", "secret"),
    ("vertraulich", "confidential"),
    ("совершенно секретно", "top-secret"),
    ("секретно", "secret"),
]
VERBS = {
    "received": "cable-reception",
    "deciphered": "decipherment",
    "decoded": "decipherment",
    "decrypted": "decipherment",
    "printed": "printing",
    "typed": "printing",
    "verified": "verification",
    "checked": "verification",
    "sent": "dispatch",
    "dispatched": "dispatch",
    "transmitted": "dispatch",
}
# The verb in any case; an agent's name must be capitalized ("by Finenko at 0840").
_EVENT = re.compile(
    r"\b(?P<verb>(?i:" + "|".join(VERBS) + r"))\b"
    r"(?:\s+(?i:by)\s+(?:(?P<role>the\s+[a-z][a-z ]{2,30}?)(?=\s*[–—-]|\s*\[|\s+\d|\s+at\b|$)"
    r"|(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)))?",
    re.MULTILINE,
)
_BARE_TIME = re.compile(r"(?<![\d.:/])(?:at\s+)?(?P<h>[01]\d|2[0-3])[.:]?(?P<m>[0-5]\d)(?![\d.:/])")
_CABLE_NUMBER = re.compile(
    r"\b(?:CABLE|TELEGRAM|CIPHERED TELEGRAM|CIPHER TELEGRAM|TELEGRAMME)\s+"
    rf"{_NO}\s*(?P<no>\d[\d/-]*)"
)
_COPY_TO = re.compile(
    rf"\b(?i:Copy)\s+{_NO}\s*(?P<no>\d+)\s+(?i:to)\s+(?!(?i:file)\b)"
    r"(?P<to>(?:(?i:cdes?|comrades?)\.?\s+)?[A-Z][\w'-]+"
    r"(?:[ \t]+(?!(?i:copy)\b)[A-Z][A-Z][\w'-]*)?)"
)
_LIST_LINE = re.compile(
    r"^(?P<no>\d{1,2})\s*[-–—]\s*(?P<to>(?:(?:cdes?|comrades?)\.?\s+)[A-Z][\w'-]+)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_THIS_COPY = re.compile(rf"\b(?i:Copy)\s+{_NO}\s*(?P<no>\d+)\b(?!\s+(?i:to)\b)")
_COPIES_PRINTED = re.compile(
    r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+copies\s+(?:printed|made)",
    re.IGNORECASE,
)
_COPY_TO_FILE = re.compile(
    rf"\bcopy\s+{_NO}\s*(?P<copy>\d+)\s+to\s+file\s+{_NO}\s*(?P<file>\d[\d/-]*)", re.IGNORECASE
)
_SIGNATURE_LINE = re.compile(
    rf"^\s*{_NO}\s*(?P<no>\d[\d/-]*)\s+(?P<name>[A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)*)\s+",
    re.MULTILINE,
)
_ORIGIN = re.compile(r"(?:^|\s)from\s+(?P<place>[A-Z][A-Z'-]+(?:[ -][A-Z][A-Z'-]+)?)\b")
_INCOMING = re.compile(rf"\bincoming\s+{_NO}\s*(?P<no>\d[\w/-]*)", re.IGNORECASE)
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


@dataclass(frozen=True)
class Span:
    """A piece of the text as written, with its offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class HandlingEvent:
    """Reception, decipherment, printing, verification or dispatch of the document."""

    kind: str
    span: Span
    agent: str | None = None
    agent_is_role: bool = False
    agent_start: int | None = None
    date: PartialDate | None = None
    day_inferred: bool = False
    year_inferred: bool = False


@dataclass(frozen=True)
class CopyEntry:
    """One line of a distribution list: copy number and recipient as written."""

    number: str
    recipient: str
    span: Span


@dataclass
class Handling:
    """Everything the cipher office added to the text."""

    classification: list[tuple[str, Span]] = field(default_factory=list)
    cable_number: Span | None = None
    sender_number: Span | None = None
    signature: Span | None = None
    signature_date: Moment | None = None
    incoming_number: Span | None = None
    distribution: list[CopyEntry] = field(default_factory=list)
    this_copy: Span | None = None
    copies_printed: int | None = None
    copy_to_file: tuple[str, str] | None = None
    origin: Span | None = None
    events: list[HandlingEvent] = field(default_factory=list)


def find_handling(
    text: str, context: PartialDate | None, skip: list[tuple[int, int]] | None = None
) -> Handling:
    """Read the handling marks of `text`, ignoring the spans in `skip` (embedded messages)."""
    skip = skip or []

    def free(start: int) -> bool:
        return not any(a <= start < b for a, b in skip)

    found = Handling()
    found.classification = _classification(text)
    if (m := _CABLE_NUMBER.search(text)) and free(m.start()):
        found.cable_number = Span(m.group("no"), m.start("no"), m.end("no"))
    for m in _COPY_TO.finditer(text):
        if free(m.start()):
            found.distribution.append(CopyEntry(m.group("no"), m.group("to"), _span(m)))
    for m in _LIST_LINE.finditer(text):
        if free(m.start()):
            found.distribution.append(CopyEntry(m.group("no"), m.group("to"), _span(m)))
    in_list = {entry.span.start for entry in found.distribution}
    for m in _THIS_COPY.finditer(text):
        if (
            m.start() not in in_list
            and free(m.start())
            and not _COPY_TO_FILE.match(text, m.start())
        ):
            found.this_copy = Span(m.group("no"), m.start("no"), m.end("no"))
    if m := _COPIES_PRINTED.search(text):
        n = m.group("n").lower()
        found.copies_printed = int(n) if n.isdigit() else _NUMBER_WORDS.index(n) + 1
    if m := _COPY_TO_FILE.search(text):
        found.copy_to_file = (m.group("copy"), m.group("file"))
    if m := _INCOMING.search(text):
        found.incoming_number = Span(m.group("no"), m.start("no"), m.end("no"))
    for m in _SIGNATURE_LINE.finditer(text):
        if free(m.start()):
            found.sender_number = Span(m.group("no"), m.start("no"), m.end("no"))
            found.signature = Span(m.group("name"), m.start("name"), m.end("name"))
            line_end = text.find("\n", m.end())
            line = text[m.end() : line_end if line_end >= 0 else len(text)]
            moments = find_moments(line, context)
            found.signature_date = moments[0] if moments else None
    for m in _ORIGIN.finditer(text):
        if free(m.start()) and re.match(r"\s+received\b", text[m.end() :], re.IGNORECASE):
            found.origin = Span(m.group("place"), m.start("place"), m.end("place"))
    found.events = _events(text, context, free)
    return found


def _classification(text: str) -> list[tuple[str, Span]]:
    found: list[tuple[str, Span]] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip().rstrip(".!").strip()
        lowered = stripped.lower()
        for phrase, term in CLASSIFICATIONS:
            whole_line = lowered == phrase and number < 40
            shouted = stripped.startswith(phrase.upper()) and stripped[:1].isalpha()
            if whole_line or (shouted and len(stripped) < 60):
                start = offset + line.index(stripped[: len(phrase)])
                if term not in (t for t, _ in found):
                    found.append((term, Span(stripped[: len(phrase)], start, start + len(phrase))))
                break
        offset += len(line) + 1
    return found


def _events(text: str, context: PartialDate | None, free) -> list[HandlingEvent]:
    events: list[HandlingEvent] = []
    matches = [m for m in _EVENT.finditer(text) if free(m.start())]
    for index, m in enumerate(matches):
        limit = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        window_end = min(limit, m.end() + 60, _line_end(text, m.end()))
        window = text[m.end() : window_end]
        moments = find_moments(window, context)
        event = None
        agent = m.group("role") or m.group("name")
        role = bool(m.group("role"))
        agent_start = m.start("name") if m.group("name") else None
        if role:
            raw = m.group("role")
            agent = re.sub(r"^the\s+", "", raw.strip())
            agent_start = m.start("role") + raw.index(agent)
        kind = VERBS[m.group("verb").lower()]
        if moments and moments[0].start < 12:
            moment = moments[0]
            span = _cut(text, m.start(), m.end() + moment.end)
            event = HandlingEvent(
                kind,
                span,
                agent,
                role,
                agent_start,
                moment.date,
                year_inferred=moment.year_inferred,
            )
        elif (bare := _BARE_TIME.search(window)) and events and events[-1].date:
            span = _cut(text, m.start(), m.end() + bare.end())
            day = events[-1].date.begin
            clock = (int(bare.group("h")), int(bare.group("m")))
            date = make_date(day.year, day.month, day.day, clock, display=bare.group().strip())
            event = HandlingEvent(kind, span, agent, role, agent_start, date, day_inferred=True)
        if event is not None:
            events.append(event)
    return events


def _cut(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _span(match: re.Match[str]) -> Span:
    return Span(match.group(0), match.start(), match.end())
