"""The whole inside of a document, also when the record is messy."""

from pathlib import Path

import pytest

from fonds.extract.structure import Structure, analyse
from fonds.link.authorities import AuthorityIndex
from fonds.records.text import read_text
from fonds.settings import Settings
from tests.conftest import write_record


@pytest.fixture(scope="module")
def index() -> AuthorityIndex:
    return AuthorityIndex.load(Settings().authorities)


def analysed(tmp_path: Path, text: str, index: AuthorityIndex) -> Structure:
    return analyse(read_text(write_record(tmp_path, "record.txt", text)), index.recognizer)


def test_a_telegram_in_capitals_keeps_its_structure(
    tmp_path: Path, cable_text: str, index: AuthorityIndex
) -> None:
    head, body = cable_text.split("Translation - English", 1)
    found = analysed(tmp_path, head + "Translation - English" + body.upper(), index)

    kinds = {b.content: b.kind for b in found.brackets}
    assert kinds["Stalin"] == "identification"  # FILIPPOV [STALIN], by the authority index
    assert kinds["HYUNG-SIK"] == "completion"
    assert kinds["VYSTUPLENIE"] == kinds["OR"] == "editorial-insertion"  # undecidable: kept
    assert [(e.number, e.recipient) for e in found.handling.distribution][-1] == (
        "4",
        "CDE. MALENKOV",
    )
    assert [(p.name, p.pseudonym) for p in found.recipients] == [("Stalin", "Filippov")]
    assert {m.key for m in found.mentions} >= {"mao_zedong", "syngman_rhee", "seoul"}


def test_lost_diacritics_still_match_the_index(
    tmp_path: Path, cable_text: str, index: AuthorityIndex
) -> None:
    text = cable_text.replace("SEOUL", "KEIJO")  # the index writes Keijō
    assert "seoul" in {m.key for m in analysed(tmp_path, text, index).mentions}


def test_a_record_without_a_body_has_only_its_metadata(
    tmp_path: Path, cable_text: str, index: AuthorityIndex
) -> None:
    head = cable_text.split("Contents:", 1)[0]
    found = analysed(tmp_path, head, index)
    assert found.brackets == [] and found.mentions == [] and found.messages == []
    assert [r.code for r in found.references.references] == [
        "RGASPI, f. 558, op. 11, d. 333, ll. 49-51"
    ]
