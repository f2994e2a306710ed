"""`fonds serve` as a real process: an empty store is published from data/records first."""

from pathlib import Path

import httpx
import pytest

from tests.conftest import running_server


@pytest.mark.server
def test_serve_publishes_the_bundled_records_and_answers(tmp_path: Path) -> None:
    with running_server({"FONDS_STORE": str(tmp_path / "store")}) as url:
        home = httpx.get(url + "/", timeout=10)
        assert home.status_code == 200
        assert "Cable Telegram no. 59363" in home.text
        answer = httpx.get(
            url + "/sparql",
            params={
                "query": "SELECT (COUNT(*) AS ?n) { ?d a <http://www.cidoc-crm.org/cidoc-crm/E31_Document> }"
            },
            headers={"Accept": "text/csv"},
        )
        assert answer.text == "n\r\n1\r\n"
