"""`fonds authorities check`: every problem in the curators' files, with file and line."""

import re
import shutil
from pathlib import Path

import pytest

from fonds.cli import main
from fonds.errors import FondsError
from fonds.link.authorities import AuthorityIndex
from fonds.link.check import check_authorities
from fonds.settings import Settings

SHIPPED = Settings().authorities


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "authorities"
    shutil.copytree(SHIPPED, copy)
    return copy


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def entity_row(key: str, label: str, alt: str = "", wikidata: str = "") -> str:
    cells = [key, "person", label, alt, wikidata] + [""] * 9
    return "\t".join(cells)


def test_the_shipped_index_is_clean(capsys: pytest.CaptureFixture) -> None:
    assert check_authorities(SHIPPED) == []
    assert main(["authorities", "check"]) == 0


def test_duplicate_keys_and_malformed_identifiers(folder: Path) -> None:
    table = folder / "repositories.tsv"
    append(table, entity_row("garf", "Another GARF"))
    append(table, entity_row("new_person", "New Person", wikidata="855"))
    findings = [str(f) for f in check_authorities(folder)]
    assert any("repositories.tsv:9: duplicate key 'garf' (first at" in f for f in findings)
    assert any("repositories.tsv:10: malformed wikidata identifier '855'" in f for f in findings)


def test_a_variant_two_entities_claim_needs_a_rule(folder: Path) -> None:
    append(folder / "repositories.tsv", entity_row("other_malenkov", "Other", alt="G.M. Malenkov"))
    (finding,) = check_authorities(folder)
    assert (
        "G.M. Malenkov is claimed by malenkov, other_malenkov without a disambiguation rule"
        in str(finding)
    )
    append(folder / "ambiguous.tsv", "G.M. Malenkov\tmalenkov other_malenkov\treview\t\t")
    assert check_authorities(folder) == []


def test_bad_curated_rows_are_reported(folder: Path, capsys: pytest.CaptureFixture) -> None:
    append(folder / "variants.tsv", "stalin\tKoba-2\tnickname\t\t\t")
    append(folder / "ambiguous.tsv", "Somebody\tno_such_key\treview\t\t")
    findings = [str(f) for f in check_authorities(folder)]
    assert any(re.search(r"variants.tsv:\d+: kind must be one of", f) for f in findings)
    assert main(["authorities", "check", str(folder)]) == 1
    assert "problem(s)" in capsys.readouterr().err


def test_a_table_that_is_not_utf8_is_a_finding_with_its_line(folder: Path) -> None:
    table = folder / "repositories.tsv"
    table.write_bytes(table.read_bytes() + entity_row("cafe", "Caf\u00e9").encode("latin-1"))
    (finding,) = check_authorities(folder)
    assert str(finding) == f"{table}:9: not UTF-8 (byte 0xe9); save the file as UTF-8"
    with pytest.raises(FondsError, match=r"repositories.tsv:9: not UTF-8"):
        AuthorityIndex.load(folder)


def test_a_table_saved_with_a_byte_order_mark_is_read(folder: Path) -> None:
    for table in folder.glob("*.tsv"):
        table.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())
    assert check_authorities(folder) == []
