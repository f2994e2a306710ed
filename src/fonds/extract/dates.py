"""Dates as the archive writes them, kept at the precision the source gives.

A `PartialDate` carries its EDTF value and inclusive bounds: "1948" spans
1948-01-01T00:00:00 .. 1948-12-31T23:59:59. Historical times carry no time zone:
the source never says which clock (Moscow? Beijing?) it used, so none is invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
# German month names, for records only in the original language ("Bonn, den 25. Juli 1991").
GERMAN_MONTHS = dict(
    zip(
        [
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ],
        range(1, 13),
        strict=True,
    )
)
GERMAN_MONTHS.update({"jänner": 1, "maerz": 3, "sept": 9})
IN_TEXT_MONTHS = {**MONTHS, **GERMAN_MONTHS, "sept": 9}

_MONTH = "|".join(sorted((m for m in MONTHS), key=len, reverse=True))
# "October 23, 1949", "October 07, 1962", "November 1967", "1979" at the start of a line.
DISPLAY_DATE = re.compile(
    rf"^(?:(?P<month>{_MONTH})\.?\s+(?:(?P<day>\d{{1,2}}),?\s+)?)?(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year (or the minute), with its bounds."""

    edtf: str
    display: str
    begin: datetime
    end: datetime

    @property
    def precision(self) -> str:
        """One of 'year', 'season', 'month', 'day', 'minute' or 'interval'."""
        if "/" in self.edtf:
            return "interval"
        if len(self.edtf) == 7 and int(self.edtf[5:]) > 12:
            return "season"
        return {4: "year", 7: "month", 10: "day"}.get(len(self.edtf), "minute")

    @property
    def xsd(self) -> tuple[str, str]:
        """The value and XSD datatype local name for dcterms:created."""
        kind = {"year": "gYear", "month": "gYearMonth"}.get(self.precision, "date")
        return self.edtf[:10], kind


def make_date(
    year: int,
    month: int | None = None,
    day: int | None = None,
    time: tuple[int, int] | None = None,
    display: str = "",
) -> PartialDate:
    """Build a PartialDate, checking that the calendar date exists."""
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    if month is None:
        begin, end = datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)
        edtf = f"{year:04d}"
    elif day is None:
        last = calendar.monthrange(year, month)[1]
        begin, end = datetime(year, month, 1), datetime(year, month, last, 23, 59, 59)
        edtf = f"{year:04d}-{month:02d}"
    elif time is None:
        begin = datetime(year, month, day)
        end = begin + timedelta(days=1, seconds=-1)
        edtf = begin.strftime("%Y-%m-%d")
    else:
        begin = datetime(year, month, day, time[0], time[1])
        end = begin + timedelta(seconds=59)
        edtf = begin.strftime("%Y-%m-%dT%H:%M:%S")
    return PartialDate(edtf=edtf, display=display or edtf, begin=begin, end=end)


def parse_display_date(text: str) -> tuple[PartialDate, str] | None:
    """Parse a display date at the start of `text`; return it and the rest of the text.

    Returns None when `text` does not start with a date or names a day that does not exist.
    """
    match = DISPLAY_DATE.match(text.strip())
    if match is None:
        return None
    month_name, day, year = match.group("month"), match.group("day"), int(match.group("year"))
    month = MONTHS[month_name.lower()] if month_name else None
    try:
        date = make_date(year, month, int(day) if day else None, display=match.group(0).strip())
    except ValueError:
        return None
    return date, text.strip()[match.end() :].strip()


# --- dates and times inside a document's text ------------------------------------------

_IN_MONTH = "|".join(sorted(IN_TEXT_MONTHS, key=len, reverse=True))
_CLOCK = r"(?:[01]?\d|2[0-3])[.:][0-5]\d|(?:[01]\d|2[0-3])[0-5]\d"
_DATE_FORMS = [
    # 8 October 1950, 23 October, 13.June.1951, 25. Juli 1991
    rf"(?P<d1>\d{{1,2}})\.?[ .](?P<m1>{_IN_MONTH})\.?(?:[ .,]+(?P<y1>\d{{4}}))?",
    # October 23, 1949
    rf"(?P<m2>{_IN_MONTH})\.?\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})",
    # 2.7.50, 13.6.51, 24.10.1949: day first
    r"(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4}|\d{2})",
    # 10/25/1962: month first
    r"(?P<m4>\d{1,2})/(?P<d4>\d{1,2})/(?P<y4>\d{4})",
]
_DATE = "(?:" + "|".join(_DATE_FORMS) + ")"
MOMENT = re.compile(
    rf"(?<![\w./])(?:(?P<before>{_CLOCK})\s+)?{_DATE}(?:,?\s+(?P<after>{_CLOCK})(?![\d.:]))?(?![\w/])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Moment:
    """A date (and perhaps a time) found in a text, with its offsets."""

    start: int
    end: int
    text: str
    date: PartialDate
    year_inferred: bool = False


def find_moments(text: str, context: PartialDate | None = None) -> list[Moment]:
    """Every date or date-and-time in `text`; a missing year comes from `context`."""
    found = []
    for match in MOMENT.finditer(text):
        moment = _moment(match, context)
        if moment is not None:
            found.append(moment)
    return found


def parse_moment(text: str, context: PartialDate | None = None) -> Moment | None:
    """The first date or date-and-time in `text`, if any."""
    moments = find_moments(text, context)
    return moments[0] if moments else None


def _moment(match: re.Match[str], context: PartialDate | None) -> Moment | None:
    groups = match.groupdict()
    form = next(n for n in "1234" if groups[f"d{n}"])
    day, month_text, year_text = groups[f"d{form}"], groups[f"m{form}"], groups[f"y{form}"]
    month = int(month_text) if month_text.isdigit() else IN_TEXT_MONTHS[month_text.lower()]
    inferred = year_text is None
    if inferred:
        if context is None:
            return None
        year = _nearest_year(context, month)
    elif len(year_text) == 2:
        century = context.begin.year // 100 * 100 if context else 1900
        year = century + int(year_text)
    else:
        year = int(year_text)
    clock = groups["before"] or groups["after"]
    time = _clock(clock) if clock else None
    try:
        date = make_date(year, month, int(day), time, display=match.group(0))
    except ValueError:
        return None
    return Moment(match.start(), match.end(), match.group(0), date, inferred)


def _clock(text: str) -> tuple[int, int]:
    digits = re.sub(r"[.:]", " ", text).split()
    if len(digits) == 2:
        return int(digits[0]), int(digits[1])
    return int(text[:2]), int(text[2:])


def _nearest_year(context: PartialDate, month: int) -> int:
    """The year of a day-and-month written without one: the document's, unless that
    puts it more than half a year before the document (a cable read on 2 January)."""
    year = context.begin.year
    if context.precision in ("day", "minute", "month") and month < context.begin.month - 6:
        return year + 1
    return year


SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}


def make_season(year: int, season: str, display: str = "") -> PartialDate:
    """A season as EDTF level 1 (spring 1949 is '1949-21', March to May)."""
    code = SEASONS[season.lower()]
    first_month = {21: 3, 22: 6, 23: 9, 24: 12}[code]
    begin = datetime(year, first_month, 1)
    last = make_date(year + 1, 2) if code == 24 else make_date(year, first_month + 2)
    return PartialDate(f"{year:04d}-{code}", display or f"{season} {year}", begin, last.end)


def make_interval(first: PartialDate, last: PartialDate, display: str = "") -> PartialDate:
    """An EDTF interval from the start of `first` to the end of `last`."""
    edtf = f"{first.edtf}/{last.edtf}"
    return PartialDate(edtf, display or edtf, first.begin, last.end)
