"""Display dates and their EDTF values and inclusive bounds."""

from datetime import datetime

import pytest
from edtf import parse_edtf

from fonds.extract.dates import make_date, parse_display_date


@pytest.mark.parametrize(
    ("text", "edtf", "begin", "end"),
    [
        (
            "October 23, 1949",
            "1949-10-23",
            datetime(1949, 10, 23),
            datetime(1949, 10, 23, 23, 59, 59),
        ),
        (
            "October 07, 1962",
            "1962-10-07",
            datetime(1962, 10, 7),
            datetime(1962, 10, 7, 23, 59, 59),
        ),
        ("November 1967", "1967-11", datetime(1967, 11, 1), datetime(1967, 11, 30, 23, 59, 59)),
        ("February 1948", "1948-02", datetime(1948, 2, 1), datetime(1948, 2, 29, 23, 59, 59)),
        ("1979", "1979", datetime(1979, 1, 1), datetime(1979, 12, 31, 23, 59, 59)),
    ],
)
def test_display_dates(text: str, edtf: str, begin: datetime, end: datetime) -> None:
    date, rest = parse_display_date(f"{text} Some title")

    assert (date.edtf, date.begin, date.end, rest) == (edtf, begin, end, "Some title")
    assert str(parse_edtf(date.edtf)) == edtf  # a valid EDTF value


def test_a_minute_spans_sixty_seconds_with_no_time_zone() -> None:
    date = make_date(1949, 10, 23, time=(23, 0))
    assert (date.edtf, date.end.isoformat()) == ("1949-10-23T23:00:00", "1949-10-23T23:00:59")


@pytest.mark.parametrize(
    "text", ["February 30, 1950 Title", "Cable from Peking", "", "Octember 3, 1950 X"]
)
def test_no_date_or_an_impossible_one_gives_none(text: str) -> None:
    assert parse_display_date(text) is None


def test_xsd_datatype_follows_precision() -> None:
    assert parse_display_date("1979 X")[0].xsd == ("1979", "gYear")
    assert parse_display_date("May 1950 X")[0].xsd == ("1950-05", "gYearMonth")
    assert parse_display_date("May 3, 1950 X")[0].xsd == ("1950-05-03", "date")
