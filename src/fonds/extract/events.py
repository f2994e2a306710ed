"""Events a document reports ("On 25 June the Fatherland Front made a decision").

Each date phrase in running text gives one reported event: the sentence it sits in, the
phrase as written and its period. A phrase without a year takes the document's year and
says so (`year_inferred`): the guide asks for inferred parts to be qualified, not hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fonds.extract.dates import (
    IN_TEXT_MONTHS,
    PartialDate,
    make_date,
    make_interval,
    make_season,
)
from fonds.extract.handling import Span

# Full month names only ('mar' is no month in prose); 'may' only as 'May', since
# "they may" is far more common than "in may".
_MONTH = "|".join(
    [*sorted((m for m in IN_TEXT_MONTHS if len(m) > 3), key=len, reverse=True), "(?-i:May)"]
)
_YEAR = r"(?:,?\s+(?P<year>1[89]\d\d|20\d\d))?"
PHRASES = [
    (
        "day",
        re.compile(
            rf"\b(?:on|by|until|after|before|since)\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\b{_YEAR}",
            re.I,
        ),
    ),
    (
        "half",
        re.compile(rf"\b(?P<half>first|second)\s+half\s+of\s+(?P<month>{_MONTH})\b{_YEAR}", re.I),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:in|during|by|since|until|throughout|of)\s+(?P<month>{_MONTH})\b(?!\s+\d){_YEAR}",
            re.I,
        ),
    ),
    (
        "season",
        re.compile(
            r"\b(?:this|last|in(?: the)?)\s+(?P<season>spring|summer|autumn|fall|winter)\b", re.I
        ),
    ),
]
_BRACKETS = re.compile(r"\[[^\]]*\]")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)


@dataclass(frozen=True)
class ReportedEvent:
    """A dated happening the text tells of."""

    sentence: Span
    phrase: Span
    date: PartialDate
    year_inferred: bool


def find_reported_events(
    text: str, context: PartialDate, skip: list[tuple[int, int]] | None = None
) -> list[ReportedEvent]:
    """Every dated phrase of the running text outside the spans in `skip`."""
    skip = skip or []
    events = []
    for sentence in _SENTENCE.finditer(text):
        taken: list[tuple[int, int]] = []
        for kind, pattern in PHRASES:
            for match in pattern.finditer(sentence.group()):
                start = sentence.start() + match.start()
                if any(a < match.end() and match.start() < b for a, b in taken) or any(
                    a <= start < b for a, b in skip
                ):
                    continue
                dated = _date(kind, match, context)
                if dated is None:
                    continue
                taken.append(match.span())
                # The label is the sentence as a reader would quote it, without editorial
                # brackets such as "[Translator's note: ...]".
                label = " ".join(_BRACKETS.sub(" ", sentence.group()).split())
                events.append(
                    ReportedEvent(
                        Span(label, sentence.start(), sentence.end()),
                        Span(match.group(), start, start + len(match.group())),
                        *dated,
                    )
                )
    return sorted(events, key=lambda e: e.phrase.start)


def _date(kind: str, match: re.Match[str], context: PartialDate) -> tuple[PartialDate, bool] | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else context.begin.year
    inferred = not groups.get("year")
    display = match.group()
    try:
        if kind == "season":
            return make_season(year, groups["season"], display), True
        month = IN_TEXT_MONTHS[groups["month"].lower()]
        if kind == "day":
            return make_date(year, month, int(groups["day"]), display=display), inferred
        whole = make_date(year, month, display=display)
        if kind == "half":
            first, last = (1, 15) if groups["half"].lower() == "first" else (16, whole.end.day)
            return (
                make_interval(make_date(year, month, first), make_date(year, month, last), display),
                inferred,
            )
        return whole, inferred
    except ValueError:
        return None
