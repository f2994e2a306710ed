"""The cipher office's marks on the real cable, and the variants other cables use."""

from fonds.extract.dates import make_date
from fonds.extract.handling import find_handling
from fonds.records.text import read_text
from tests.conftest import CABLE

RECORD = read_text(CABLE)
HANDLING = find_handling(RECORD.text or "", RECORD.date)


def test_classification_numbers_and_origin() -> None:
    assert [term for term, _ in HANDLING.classification] == ["top-secret"]
    assert HANDLING.cable_number and HANDLING.cable_number.text == "59363"
    assert HANDLING.sender_number and HANDLING.sender_number.text == "234"
    assert HANDLING.signature and HANDLING.signature.text == "KOVALEV"
    assert HANDLING.incoming_number and HANDLING.incoming_number.text == "36261/shs"
    assert HANDLING.origin and HANDLING.origin.text == "PEKING"
    assert HANDLING.this_copy and HANDLING.this_copy.text == "2"


def test_distribution_and_copies() -> None:
    assert [(e.number, e.recipient) for e in HANDLING.distribution] == [
        ("1", "Cde. Stalin"),
        ("2", "Cde. Stalin"),
        ("3", "Cde. Molotov"),
        ("4", "Cde. Malenkov"),
    ]
    assert HANDLING.copies_printed == 5
    assert HANDLING.copy_to_file == ("5", "6998")


def test_handling_events_with_agents_and_minute_spans() -> None:
    assert [
        (e.kind, e.agent, e.agent_is_role, e.date.edtf if e.date else None, e.day_inferred)
        for e in HANDLING.events
    ] == [
        ("cable-reception", None, False, "1949-10-23T23:00:00", False),
        ("decipherment", "Finenko", False, "1949-10-24T08:40:00", False),
        ("printing", "Doronchenkova", False, "1949-10-24T09:20:00", False),
        ("verification", "shift chief", True, "1949-10-24T11:00:00", True),
    ]


def test_a_numbered_copy_list_and_a_dispatch_time() -> None:
    text = "SECRET\n1 - cde. Stalin\n2 - cde. Molotov\nSent 13:58 10/25/1962\n"
    found = find_handling(text, make_date(1962, 10, 25))
    assert [e.recipient for e in found.distribution] == ["cde. Stalin", "cde. Molotov"]
    assert [(e.kind, e.date.edtf if e.date else None) for e in found.events] == [
        ("dispatch", "1962-10-25T13:58:00")
    ]
    assert [term for term, _ in found.classification] == ["secret"]


def test_prose_that_mentions_receiving_is_not_a_handling_event() -> None:
    found = find_handling("I am sending you information received by our organization.", None)
    assert found.events == []
