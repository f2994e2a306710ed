"""Messages quoted whole inside a document."""

from fonds.extract.dates import make_date
from fonds.extract.message import find_messages
from fonds.records.text import read_text
from tests.conftest import CABLE


def test_maos_message_inside_the_cable() -> None:
    record = read_text(CABLE)
    (message,) = find_messages(record.text or "", record.date)
    assert message.addressee and message.addressee.text == "FILIPPOV"
    assert message.author and message.author.text == "MAO ZEDONG"
    assert message.date and message.date.date.edtf == "1949-10-21"
    assert message.span.text.startswith("To Cde. FILIPPOV.")
    assert message.span.text.endswith("21 October 1949")


def test_a_short_quotation_is_not_a_message() -> None:
    text = 'He said "we shall see" and left.\nNothing more.'
    assert find_messages(text, make_date(1950)) == []
