"""Archival references in the citation styles real records use."""

import pytest

from fonds.extract.archival_reference import parse_reference, split_attribution

# verbatim -> repository, (kind, value) levels from the top, folios, normalised code
STYLES = [
    (
        "RGASPI, f. 558, op. 11, d. 333, II. 0049-0051",
        "RGASPI",
        [("fond", "558"), ("opis", "11"), ("delo", "333")],
        "ll. 49-51",
        "RGASPI, f. 558, op. 11, d. 333, ll. 49-51",
    ),
    (
        "APRF, Fond 45, Opis 1, Delo 340, List 82",
        "APRF",
        [("fond", "45"), ("opis", "1"), ("delo", "340")],
        "l. 82",
        "APRF, f. 45, op. 1, d. 340, l. 82",
    ),
    (
        "AVP RF, f. 06, op. 7, p. 34, d. 544, ll. 8-9",
        "AVP RF",
        [("fond", "06"), ("opis", "7"), ("papka", "34"), ("delo", "544")],
        "ll. 8-9",
        "AVP RF, f. 6, op. 7, p. 34, d. 544, ll. 8-9",
    ),
    (
        "TsAMO RF, fond 5, opis 918795, delo 121, list 720",
        "TsAMO RF",
        [("fond", "5"), ("opis", "918795"), ("delo", "121")],
        "l. 720",
        "TsAMO RF, f. 5, op. 918795, d. 121, l. 720",
    ),
    (
        "GA RF, Fond R-9401, Opis' 2, Delo 65, List 166",
        "GA RF",
        [("fond", "R-9401"), ("opis", "2"), ("delo", "65")],
        "l. 166",
        "GA RF, f. R-9401, op. 2, d. 65, l. 166",
    ),
    (
        "TsKhSD, F. 3, Op. 12, D. 1005, Ll. 2-2ob",
        "TsKhSD",
        [("fond", "3"), ("opis", "12"), ("delo", "1005")],
        "ll. 2-2ob",
        "TsKhSD, f. 3, op. 12, d. 1005, ll. 2-2ob",
    ),
    (
        "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955",
        "MOL",
        [("fond", "XIX-J-1-j"), ("series", "Korea"), ("box", "4"), ("item", "5/a")],
        None,
        "MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/1955",
    ),
    (
        "PRC FMA 109-03157-01, 39-42",
        "PRC FMA",
        [("fond", "109"), ("delo", "03157"), ("item", "01")],
        "pp. 39-42",
        "PRC FMA 109-03157-01, pp. 39-42",
    ),
    (
        "ANIC, Central Committee of the Romanian Communist Party, Chancellery, "
        "file no.72/1971, ff.10-58",
        "ANIC",
        [
            ("fond", "Central Committee of the Romanian Communist Party"),
            ("series", "Chancellery"),
            ("file", "72/1971"),
        ],
        "ff. 10-58",
        "ANIC, Central Committee of the Romanian Communist Party, Chancellery, "
        "file 72/1971, ff. 10-58",
    ),
    (
        "SAPMO-BArch, DY30 JIV 2/201/1292",
        "SAPMO-BArch",
        [("fond", "DY 30"), ("series", "J IV 2/201"), ("file", "1292")],
        None,
        "SAPMO-BArch, DY 30/J IV 2/201/1292",
    ),
    (
        "BArch, B 136/59748, 403-410",
        "BArch",
        [("fond", "B 136"), ("file", "59748")],
        "pp. 403-410",
        "BArch, B 136/59748, pp. 403-410",
    ),
]


@pytest.mark.parametrize(("verbatim", "repository", "levels", "folios", "code"), STYLES)
def test_each_style_parses_to_its_repository_and_hierarchy(
    verbatim: str, repository: str, levels: list, folios: str | None, code: str
) -> None:
    parsed = parse_reference(verbatim)
    assert parsed.unparsed == ()
    (reference,) = parsed.references
    assert reference.verbatim == verbatim
    assert reference.repository == repository
    assert [(level.kind, level.value) for level in reference.levels] == levels
    assert (reference.folios.label if reference.folios else None) == folios
    assert reference.code == code


def test_the_ocr_error_ii_is_read_as_ll_and_noted() -> None:
    (reference,) = parse_reference("RGASPI, f. 558, op. 11, d. 333, II. 0049-0051").references
    assert reference.folios is not None and reference.folios.count == 3
    assert any("'II.'" in note for note in reference.notes)


def test_two_references_separated_by_a_semicolon() -> None:
    parsed = parse_reference(
        "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141"
    )
    assert [r.code for r in parsed.references] == [
        "AP RF, f. 45, op. 1, d. 334, l. 141",
        "RGASPI, f. 558, op. 11, d. 334, l. 141",
    ]


def test_a_verso_folio_counts_as_one_leaf() -> None:
    (reference,) = parse_reference("TsKhSD, F. 3, Op. 12, D. 1005, Ll. 2-2ob").references
    assert reference.folios is not None and reference.folios.count == 1


def test_slugs_drop_leading_zeros() -> None:
    (reference,) = parse_reference("AVP RF, f. 06, op. 7, p. 34, d. 544, ll. 8-9").references
    assert [level.slug for level in reference.levels] == ["f6", "op7", "p34", "d544"]
    assert reference.folios is not None and reference.folios.slug == "ll8-9"


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ("AVP RF, f. 06, op. 7, ll. 8-9. Translated by Gary Goldberg.", "Translated by"),
        ("RGANI, f. 5, op. 30, d. 1. Translated for NKIDP by Jae Hyung Lee.", "Translated for"),
        (
            "APRF, f. 45, op. 1, d. 346, ll. 64-65. Obtained and translated\n for CWIHP by "
            "Kathryn Weathersby.",
            "Obtained and",
        ),
        ("RGASPI, f. 558, op. 11, d. 329. Published in Istochnik 1994.", "Published in"),
    ],
)
def test_attribution_suffixes_are_split_off(text: str, attribution: str) -> None:
    parsed = parse_reference(text)
    assert len(parsed.references) == 1 and parsed.unparsed == ()
    assert parsed.attribution is not None and parsed.attribution.startswith(attribution)


def test_split_attribution_leaves_a_plain_reference_alone() -> None:
    assert split_attribution("RGASPI, f. 558.") == ("RGASPI, f. 558", None)


@pytest.mark.parametrize(
    "text",
    [
        "Private collection of the author",
        "RGASPI, op. 11, d. 333",  # no fond: cannot be placed
        "Archive, f. 1, d. 2, ll. 3-4, something after the folios 5",
    ],
)
def test_unknown_styles_are_kept_verbatim_as_unparsed(text: str) -> None:
    parsed = parse_reference(text)
    assert parsed.references == ()
    assert parsed.unparsed == (text,)
