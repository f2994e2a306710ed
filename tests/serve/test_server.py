"""`fonds serve` as a real process: an empty store is published from data/records first."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.server
def test_serve_publishes_the_bundled_records_and_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "FONDS_STORE": str(tmp_path / "store"), "FONDS_QUERY_WORKERS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "fonds.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                home = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.3)
        assert home.status_code == 200
        assert "Cable Telegram no. 59363" in home.text
        answer = httpx.get(
            f"http://127.0.0.1:{port}/sparql",
            params={
                "query": "SELECT (COUNT(*) AS ?n) { ?d a <http://www.cidoc-crm.org/cidoc-crm/E31_Document> }"
            },
            headers={"Accept": "text/csv"},
        )
        assert answer.text == "n\r\n1\r\n"
    finally:
        server.terminate()
        server.wait(timeout=20)
