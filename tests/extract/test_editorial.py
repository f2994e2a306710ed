"""Square brackets in a translation, classified as the reader of an edition would."""

import pytest

from fonds.extract.editorial import find_brackets


@pytest.mark.parametrize(
    ("text", "kind", "content"),
    [
        ("[handwritten at the top: to Cde. Stalin]", "handwritten-annotation", "to Cde. Stalin"),
        (
            "[letterhead of the Second Main Directorate]",
            "letterhead",
            "the Second Main Directorate",
        ),
        ("[Translator's note: which is the GRU]", "translator-note", "which is the GRU"),
        ("[Editor's note: date unclear]", "editor-note", "date unclear"),
        ("[stamp: incoming No 1 [[special sector]]]", "stamp", "incoming No 1 [[special sector]]"),
        ("[illegible signature]", "signature", "illegible signature"),
        ("prepare an action [vystuplenie] in October", "original-term", "vystuplenie"),
        ("were unmasked [or] compromised", "editorial-insertion", "or"),
        (
            "[Translator's note: the following paragraph was highlighted in the left margin:]",
            "marginal-marking",
            "the following paragraph was highlighted in the left margin:",
        ),
    ],
)
def test_bracket_kinds(text: str, kind: str, content: str) -> None:
    (bracket,) = find_brackets(text)
    assert (bracket.kind, bracket.content) == (kind, content)
    assert text[bracket.start : bracket.end].startswith("[")


def test_a_pseudonym_resolved_by_the_editor() -> None:
    text = "to FILIPPOV [Stalin]"
    (bracket,) = find_brackets(text)
    assert (bracket.kind, bracket.name, bracket.content) == ("identification", "FILIPPOV", "Stalin")
    assert text[bracket.name_start :].startswith("FILIPPOV")


def test_a_name_completed_by_the_editor() -> None:
    (bracket,) = find_brackets("arrested except PAK [HYUNG-SIK] and others")
    assert (bracket.kind, bracket.name, bracket.content) == ("completion", "PAK", "HYUNG-SIK")


def test_unbalanced_brackets_are_left_alone() -> None:
    assert find_brackets("a [b c") == []
    assert [b.content for b in find_brackets("x] [y]")] == ["y"]
