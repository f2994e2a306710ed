"""Events the cable reports, with their periods and inferred years."""

from fonds.extract.events import find_reported_events
from fonds.records.text import read_text
from tests.conftest import CABLE


def test_the_events_maos_message_reports() -> None:
    record = read_text(CABLE)
    events = find_reported_events(record.text or "", record.date)
    dated = {(e.phrase.text, e.date.edtf) for e in events}
    assert {
        ("On 25 June", "1949-06-25"),
        ("on 20 October", "1949-10-20"),
        ("during July", "1949-07"),
        ("second half of October", "1949-10-16/1949-10-31"),
        ("This spring", "1949-21"),
    } <= dated
    assert all(e.year_inferred for e in events)
    spring = next(e for e in events if e.phrase.text == "This spring")
    assert spring.sentence.text.startswith("This spring I gave advice")


def test_a_written_year_is_not_inferred() -> None:
    record = read_text(CABLE)
    (event,) = find_reported_events("The talks ended on 3 May 1950.", record.date)
    assert (event.date.edtf, event.year_inferred) == ("1950-05-03", False)
