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


def test_a_name_two_entities_claim_is_left_for_review_with_its_candidates(
    recognizer: Recognizer,
) -> None:
    # 'Formosa' names both Taiwan the state and Taiwan the island: ambiguous.tsv says review.
    (mention,) = recognizer.find("the fleet near Formosa", year=1950)
    assert (mention.key, mention.method) == (None, "ambiguous")
    assert mention.candidates == ("taiwan", "taiwan_island")


def test_possessives_plurals_and_places_inside_names(recognizer: Recognizer) -> None:
    text = "Stalin's order to the Fatherland Front of KOREA about the elections"
    mentions = recognizer.find(text, year=1949)
    assert [(m.text, m.key) for m in mentions] == [
        ("Stalin's", "stalin"),
        ("Fatherland Front of KOREA", "dfrf"),
        ("KOREA", "korea"),  # the document speaks of elections in the country
    ]


def test_the_workers_party_of_1949_is_left_for_review(recognizer: Recognizer) -> None:
    (mention,) = recognizer.find("the city committee of the Worker's Party", year=1949)
    assert (mention.key, mention.candidates) == (None, ("wpk", "wpnk", "wpsk"))
    # By 1950 only the merged party existed: the curators' date rule decides.
    (later,) = recognizer.find("the Workers' Party", year=1952)
    assert (later.key, later.method) == ("wpk", "context-rule")


def test_context_words_decide_between_two_chen_yis(recognizer: Recognizer) -> None:
    marshal, _shanghai = recognizer.find("Chen Yi entered Shanghai", year=1949)
    assert (marshal.key, marshal.method) == ("chen_yi", "context-rule")
    unclear, _taiwan = recognizer.find("Chen Yi governed Taiwan", year=1947)
    assert (unclear.key, unclear.method) == (None, "ambiguous")


def test_time_bound_and_transliterated_variants(recognizer: Recognizer) -> None:
    assert keys(recognizer, "KOVALYOV arrived in Peiping") == ["kovalev_ivan", "beijing"]


def test_names_the_index_does_not_know_are_found_by_their_shape(recognizer: Recognizer) -> None:
    text = "Cde. Shtemenko met Ivan Petrovich Sidorov in Vladimirovka; the SPECIAL BUREAU agreed."
    unknown = recognizer.find_unknown(text, [])
    assert [(m.text, m.kind, m.key) for m in unknown] == [
        ("Shtemenko", "person", None),
        ("Ivan Petrovich Sidorov", "person", None),
        ("SPECIAL BUREAU", "organization", None),
    ]
