"""Names and lists in archive metadata."""

import pytest

from fonds.extract.names import (
    heading_to_name,
    looks_english,
    name_case,
    place_heading,
    split_list,
)


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Mao, Zedong, 1893-1976", "Mao Zedong"),
        ("Stalin, Joseph, 1879-1953", "Joseph Stalin"),
        ("Zhou, Enlai, 1898-1976", "Zhou Enlai"),
        ("Kim, Il-sung, 1912-1994", "Kim Il-sung"),
        ("Rhee, Syngman, 1875-1965", "Syngman Rhee"),
        ("Molotov, V. M. (Viacheslav Mikhailovich), 1890-1986", "V. M. Molotov"),
        ("Workers' Party of South Korea", "Workers' Party of South Korea"),
    ],
)
def test_library_headings_become_names(heading: str, name: str) -> None:
    assert heading_to_name(heading) == name


def test_lists_in_any_of_the_usual_separators() -> None:
    assert split_list("a; b | c\nd") == ("a", "b", "c", "d")
    assert split_list('["Korea (North)", "China"]') == ("Korea (North)", "China")
    assert split_list("  ") == ()


def test_place_headings_and_capitals() -> None:
    assert place_heading("Korea (North)") == "North Korea"
    assert name_case("PAK HYUNG-SIK") == "Pak Hyung-sik"


def test_english_is_told_from_german_and_russian() -> None:
    assert looks_english("I am sending you information received by our organization in TIANJIN")
    assert not looks_english("Bonn, den 25. Juli 1991. Sehr geehrter Herr Bundeskanzler, ich danke")
    assert not looks_english("ТОВАРИЩУ СТАЛИНУ. Я получил ваше письмо")
