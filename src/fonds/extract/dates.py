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
        """One of 'year', 'month', 'day', 'minute'."""
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
