"""Senders and recipients from titles and address lines."""

import pytest

from fonds.extract.parties import address_line, resolve, title_parties


@pytest.mark.parametrize(
    ("title", "senders", "recipients"),
    [
        (
            "Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong",
            [("Kovalev", None)],
            [("Stalin", None)],
        ),
        (
            "Ciphered Telegram, Filippov (Stalin) to Mao Zedong",
            [("Stalin", "Filippov")],
            [("Mao Zedong", None)],
        ),
        (
            "Letter from Kim Il Sung to Stalin and Molotov",
            [("Kim Il Sung", None)],
            [("Stalin", None), ("Molotov", None)],
        ),
        ("Telegram to Stalin", [], [("Stalin", None)]),
        ("Memorandum of Conversation between Mao Zedong and Stalin", [], []),
    ],
)
def test_title_patterns(title: str, senders: list, recipients: list) -> None:
    found_senders, found_recipients = title_parties(title)
    assert [(p.name, p.pseudonym) for p in found_senders] == senders
    assert [(p.name, p.pseudonym) for p in found_recipients] == recipients


def test_the_address_line_resolves_the_pseudonym_by_the_editors_bracket() -> None:
    party = address_line("TOP SECRET\nto FILIPPOV [Stalin]\n", 100)
    assert party is not None and (party.name, party.pseudonym) == ("Stalin", "Filippov")


def test_a_pseudonym_resolved_once_applies_everywhere_in_the_text() -> None:
    party = resolve("Cde. FILIPPOV", {"FILIPPOV": "Stalin"})
    assert (party.name, party.pseudonym) == ("Stalin", "Filippov")
    assert resolve("Cde. Molotov", {}).name == "Molotov"
