"""Document types and numbers from titles."""

import pytest

from fonds.extract.document_type import document_type, title_number


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Cable Telegram no. 59363 from Kovalev to Stalin", "cable"),
        ("Ciphered Telegram No. 54755 from Kovalev to Filippov", "ciphered-telegram"),
        ("Memorandum of Conversation between Mao Zedong and Stalin", "memorandum-of-conversation"),
        ("Letter from Kim Il Sung to Stalin", "letter"),
        ("Report on the Situation in Korea", "report"),
        ("Untitled notes", "note"),
        ("Conversation in Beijing", "document"),
    ],
)
def test_document_type_from_title(title: str, kind: str) -> None:
    assert document_type(title) == kind


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("Cable Telegram no. 59363 from Kovalev to Stalin", "59363"),
        ("Ciphered Telegram No. 54755", "54755"),
        ("Telegram Nº 234 from Kovalev", "234"),
        ("Letter from Kim Il Sung to Stalin", None),
        ("No one expected this", None),
    ],
)
def test_number_from_title(title: str, number: str | None) -> None:
    assert title_number(title) == number
