"""Display dates and their EDTF values and inclusive bounds."""

from datetime import datetime

import pytest
from edtf import parse_edtf

from fonds.extract.dates import (
    find_moments,
    make_date,
    make_interval,
    make_season,
    parse_display_date,
)


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


# In-text dates and times: text, EDTF value, begin, end, year inferred from the document.
IN_TEXT = [
    (
        "8 October 1950 11.20",
        "1950-10-08T11:20:00",
        "1950-10-08T11:20:00",
        "1950-10-08T11:20:59",
        False,
    ),
    ("2.7.50 04.00", "1950-07-02T04:00:00", "1950-07-02T04:00:00", "1950-07-02T04:00:59", False),
    ("13.6.51", "1951-06-13", "1951-06-13T00:00:00", "1951-06-13T23:59:59", False),
    (
        "10/25/1962 13:58",
        "1962-10-25T13:58:00",
        "1962-10-25T13:58:00",
        "1962-10-25T13:58:59",
        False,
    ),
    (
        "Received 19:55 13.June.1951",
        "1951-06-13T19:55:00",
        "1951-06-13T19:55:00",
        "1951-06-13T19:55:59",
        False,
    ),
    (
        "received at 2300 23 October 1949",
        "1949-10-23T23:00:00",
        "1949-10-23T23:00:00",
        "1949-10-23T23:00:59",
        False,
    ),
    ("0840 24 October", "1949-10-24T08:40:00", "1949-10-24T08:40:00", "1949-10-24T08:40:59", True),
    ("Bonn, den 25. Juli 1991", "1991-07-25", "1991-07-25T00:00:00", "1991-07-25T23:59:59", False),
    ("October 23, 1949", "1949-10-23", "1949-10-23T00:00:00", "1949-10-23T23:59:59", False),
]


@pytest.mark.parametrize(("text", "edtf", "begin", "end", "inferred"), IN_TEXT)
def test_in_text_dates_and_times(
    text: str, edtf: str, begin: str, end: str, inferred: bool
) -> None:
    document = make_date(1949, 10, 23)
    (moment,) = find_moments(text, document)
    assert moment.date.edtf == edtf
    assert moment.date.begin.isoformat() == begin
    assert moment.date.end.isoformat() == end
    assert moment.year_inferred is inferred
    assert text[moment.start : moment.end] == moment.text


def test_a_day_and_month_without_a_document_date_is_not_guessed() -> None:
    assert find_moments("0840 24 October") == []


def test_a_year_given_only_by_the_document_rolls_over_at_new_year() -> None:
    (moment,) = find_moments("received 0100 2 January", make_date(1949, 12, 31))
    assert moment.date.edtf == "1950-01-02T01:00:00" and moment.year_inferred


@pytest.mark.parametrize("text", ["31.2.50", "12.31.1950", "in 1949 there", "Copy Nº 1 to Cde."])
def test_impossible_or_absent_dates_give_nothing(text: str) -> None:
    assert find_moments(text, make_date(1949)) == []


def test_seasons_and_halves_of_months_are_edtf_level_1() -> None:
    spring = make_season(1949, "spring")
    assert (spring.edtf, spring.begin, spring.end) == (
        "1949-21",
        datetime(1949, 3, 1),
        datetime(1949, 5, 31, 23, 59, 59),
    )
    half = make_interval(make_date(1949, 10, 16), make_date(1949, 10, 31))
    assert (half.edtf, half.precision) == ("1949-10-16/1949-10-31", "interval")
    assert parse_edtf(spring.edtf) and parse_edtf(half.edtf)
