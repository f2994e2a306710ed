"""`fonds link --service`: our unreconciled names against another Fonds server's /reconcile."""

import csv
import shutil
import time
from pathlib import Path

import pytest

from fonds.cli import main
from fonds.link.client import ReconciliationClient, ServiceError
from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE, ROOT, free_port, running_server

SHIPPED = ROOT / "data" / "authorities"


def index_without(folder: Path, key: str) -> Path:
    """A copy of the authority index that does not know `key`."""
    copy = folder / "authorities"
    shutil.copytree(SHIPPED, copy)
    table = copy / "authorities.tsv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(key + "\t")]
    table.write_text("".join(kept), encoding="utf-8")
    return copy


@pytest.mark.server
def test_candidates_from_a_second_fonds_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    authorities = index_without(tmp_path, "molotov")
    local = Settings(store=str(tmp_path / "local"), base_iri=BASE, authorities=authorities)
    Pipeline(local).ingest([CABLE], open_store(local.store))
    monkeypatch.setenv("FONDS_AUTHORITIES", str(authorities))
    monkeypatch.setenv("FONDS_BASE_IRI", BASE)
    sheet = tmp_path / "review.csv"

    remote = {"FONDS_STORE": str(tmp_path / "remote"), "FONDS_AUTHORITIES": str(SHIPPED)}
    with running_server(remote) as url:
        status = main(
            [
                "link",
                "--store",
                local.store,
                "--service",
                url + "/reconcile",
                "--output",
                str(sheet),
            ]
        )

    assert status == 0, capsys.readouterr().err
    with sheet.open(encoding="utf-8") as handle:
        rows = {row["label"]: row for row in csv.DictReader(handle)}
    host = url.removeprefix("http://")
    assert f"{host}:person/molotov Vyacheslav Molotov (95, match)" in rows["Molotov"]["candidates"]


def test_an_unreachable_service_fails_with_a_clear_message_after_retries() -> None:
    pauses: list[float] = []
    client = ReconciliationClient(
        f"http://127.0.0.1:{free_port()}/reconcile", timeout=1, retries=3, sleep=pauses.append
    )
    started = time.monotonic()
    with pytest.raises(ServiceError, match=r"cannot reach the reconciliation service .* 3 attempt"):
        client.manifest()
    assert pauses == [0.5, 1.0]
    assert time.monotonic() - started < 5


def test_the_command_reports_an_offline_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("FONDS_SERVICE_RETRIES", "1")
    monkeypatch.setenv("FONDS_SERVICE_TIMEOUT", "1")
    store = str(tmp_path / "store")
    assert main(["ingest", "--store", store, str(CABLE)]) == 0
    url = f"http://127.0.0.1:{free_port()}/reconcile"
    assert (
        main(["link", "--store", store, "--service", url, "--output", str(tmp_path / "r.csv")]) == 2
    )
    assert "cannot reach the reconciliation service" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()


def test_only_http_urls_are_accepted() -> None:
    with pytest.raises(ServiceError, match="not an http"):
        ReconciliationClient("file:///etc/passwd")
    with pytest.raises(ServiceError, match="not a valid URL"):
        ReconciliationClient("http://[x/reconcile")
