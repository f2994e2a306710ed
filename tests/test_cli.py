"""The fonds command: exit codes and output."""

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from fonds.cli import main
from tests.conftest import CABLE, write_record


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "store")


def test_validate_exit_codes(
    tmp_path: Path, cable_text: str, capsys: pytest.CaptureFixture
) -> None:
    bad = write_record(tmp_path, "bad.txt", "not a record\n")
    assert main(["validate", str(CABLE)]) == 0
    assert main(["validate", str(CABLE), str(bad)]) == 1
    assert "bad.txt:1 [date]" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "missing.txt")]) == 2


def test_ingest_query_and_export(store: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["ingest", "--store", store, str(CABLE)]) == 0
    capsys.readouterr()

    assert (
        main(
            [
                "query",
                "--store",
                store,
                "PREFIX dcterms: <http://purl.org/dc/terms/> "
                "SELECT ?d { ?s a <http://www.cidoc-crm.org/cidoc-crm/E31_Document> ; "
                "dcterms:created ?d }",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines()[2].strip() == "1949-10-23"

    output = tmp_path / "dataset.ttl"
    assert main(["export", "--store", store, "--format", "ttl", "--output", str(output)]) == 0
    assert main(["export", "--store", store, "--format", "nt"]) == 0
    exported = capsys.readouterr().out
    assert (
        len(Graph().parse(output, format="turtle"))
        == len(Graph().parse(data=exported, format="nt"))
        > 200
    )


def test_query_refuses_service(store: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["query", "--store", store, "SELECT * { SERVICE <http://127.0.0.1:9/> {} }"]) == 2
    assert "SERVICE" in capsys.readouterr().err


def test_reading_commands_refuse_a_store_that_is_not_there(
    store: str, capsys: pytest.CaptureFixture
) -> None:
    for command in (["query", "ASK {}"], ["export", "--format", "nt"], ["link", "--review"]):
        assert main([command[0], "--store", store, *command[1:]]) == 2
        assert f"{store}: no store there" in capsys.readouterr().err
    assert not Path(store).exists()


def test_a_port_that_is_not_one_is_refused_before_serving(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["serve", "--port", "99999"])
    assert exit.value.code == 2
    assert "'99999' is not a port number" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FONDS_BASE_IRI", "ftp://example.org/"),
        ("FONDS_BASE_IRI", "http://[example.org/"),
        ("FONDS_BASE_IRI", "http://localhost:99999/"),
        ("FONDS_QUERY_TIMEOUT", "inf"),
        ("FONDS_QUERY_MEMORY_MB", "99999999999999999999"),
    ],
)
def test_bad_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["validate", str(CABLE)]) == 2
    assert f"setting {variable}:" in capsys.readouterr().err


def test_every_command_has_help() -> None:
    for command in ("ingest", "validate", "serve", "query", "export"):
        result = subprocess.run(
            [sys.executable, "-m", "fonds.cli", command, "--help"], capture_output=True, text=True
        )
        assert result.returncode == 0 and "--store" in result.stdout
