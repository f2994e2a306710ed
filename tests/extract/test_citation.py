"""Citations in the archive's current and older wording."""

from fonds.extract.citation import parse_citation

CURRENT = (
    '"Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong", '
    "October 23, 1949, Wilson Center Digital Archive, RGASPI, f. 558, op. 11, d. 333, II. 0049-0051. "
    "Contributed by Sergey Radchenko and translated by Gary Goldberg. "
    "https://wilson-center.drivingcreative.com/document/208256"
)
OLDER = (
    '"Ciphered telegram", May 1950, History and Public Policy Program Digital Archive, '
    "APRF, Fond 45, Opis 1, Delo 340, List 82. Translated by Danny Rozas. "
    "http://digitalarchive.wilsoncenter.org/document/113382"
)


def test_current_wording() -> None:
    citation = parse_citation(CURRENT)
    assert citation.record_id == "208256"
    assert citation.url == "https://wilson-center.drivingcreative.com/document/208256"
    assert citation.canonical_url == "https://digitalarchive.wilsoncenter.org/document/208256"
    assert citation.archive_reference == "RGASPI, f. 558, op. 11, d. 333, II. 0049-0051"
    assert citation.contributors == ("Sergey Radchenko",)
    assert citation.translators == ("Gary Goldberg",)


def test_older_wording() -> None:
    citation = parse_citation(OLDER)
    assert citation.record_id == "113382"
    assert citation.archive_reference == "APRF, Fond 45, Opis 1, Delo 340, List 82"
    assert (citation.contributors, citation.translators) == ((), ("Danny Rozas",))


def test_a_slug_url_gives_the_slug_as_record_id() -> None:
    citation = parse_citation(
        '"X", 1950, Wilson Center Digital Archive, AVP RF. '
        "https://digitalarchive.wilsoncenter.org/document/ciphered-telegram-no54755-kovalev-filippov-stalin"
    )
    assert citation.record_id == "ciphered-telegram-no54755-kovalev-filippov-stalin"


def test_other_hosts_keep_their_url_but_get_no_canonical_page() -> None:
    citation = parse_citation(
        '"X", 1950, Wilson Center Digital Archive, RGASPI. https://example.org/document/12'
    )
    assert (citation.record_id, citation.canonical_url) == ("12", None)


def test_a_url_that_is_not_one_names_no_document() -> None:
    citation = parse_citation(
        '"X", 1953, Wilson Center Digital Archive, GA RF. '
        "https://digitalarchive.wilsoncenter.o[rg/document/300003"
    )
    assert (citation.record_id, citation.canonical_url) == (None, None)
    assert citation.url == "https://digitalarchive.wilsoncenter.o[rg/document/300003"


def test_no_url_and_no_archive_leave_fields_empty() -> None:
    citation = parse_citation("Some free text without any structure")
    assert (citation.url, citation.record_id, citation.archive_reference) == (None, None, None)


def test_older_wording_with_a_bare_translator_name() -> None:
    citation = parse_citation(
        '"Ciphered telegram", May 1950, History and Public Policy Program Digital Archive, '
        "APRF, Fond 45, Opis 1, Delo 340, List 82. Danny Rozas. "
        "http://digitalarchive.wilsoncenter.org/document/113382"
    )
    assert citation.archive_reference == "APRF, Fond 45, Opis 1, Delo 340, List 82"
    assert citation.translators == ("Danny Rozas",)


def test_obtained_and_translated_credits_both_roles() -> None:
    citation = parse_citation(
        '"X", 1950, Wilson Center Digital Archive, APRF, f. 45, op. 1, d. 346, ll. 64-65. '
        "Obtained and translated for CWIHP by Kathryn Weathersby. "
        "https://digitalarchive.wilsoncenter.org/document/1"
    )
    assert citation.archive_reference == "APRF, f. 45, op. 1, d. 346, ll. 64-65"
    assert citation.contributors == citation.translators == ("Kathryn Weathersby",)
