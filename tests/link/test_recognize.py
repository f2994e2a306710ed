"""Names from the authority index, found in texts in any case."""

import pytest

from fonds.link.authorities import AuthorityIndex
from fonds.link.recognize import Recognizer
from fonds.settings import Settings


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return Recognizer(AuthorityIndex.load(Settings().authorities))


def keys(recognizer: Recognizer, text: str) -> list[str]:
    return [m.key for m in recognizer.find(text)]


def test_names_in_capitals_and_longest_first(recognizer: Recognizer) -> None:
    text = "units of the PLA occupied SHANGHAI, NANKING; elections in North KOREA and KOREA"
    assert keys(recognizer, text) == ["pla", "shanghai", "nanjing", "north_korea", "korea"]


def test_offsets_point_at_the_text_as_written(recognizer: Recognizer) -> None:
    text = "this fact forced SYNGMAN RHEE to abandon"
    (mention,) = recognizer.find(text)
    assert text[mention.start : mention.end] == "SYNGMAN RHEE"
    assert (mention.key, mention.kind) == ("syngman_rhee", "person")


def test_acronyms_match_only_in_capitals(recognizer: Recognizer) -> None:
    assert keys(recognizer, "the UN met") == ["un"]
    assert keys(recognizer, "an un-named man") == []


def test_honorifics_and_pseudonyms(recognizer: Recognizer) -> None:
    assert keys(recognizer, "Copy to Cde. Molotov and to Comrade FILIPPOV") == [
        "molotov",
        "stalin",
    ]


def test_a_name_two_entities_claim_is_not_matched(recognizer: Recognizer) -> None:
    # 'Formosa' names both Taiwan the state and Taiwan the island in the index.
    assert keys(recognizer, "the fleet near Formosa") == []
