"""Real SPARQL engines on 127.0.0.1 for the remote-store tests and the benchmarks.

Each helper starts one engine in a folder of its own, waits until it answers, yields
where to reach it, and stops it. Nothing here listens beyond the loopback interface.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Engine:
    """Where a running engine answers, and the settings Fonds needs to write to it."""

    name: str
    query_url: str
    update_url: str
    store_url: str | None = None  # Graph Store Protocol
    user: str | None = None
    password: str | None = None
    sql_port: int | None = None  # Virtuoso's isql port, for bulk loads

    def env(self) -> dict[str, str]:
        """The FONDS_* variables that point Fonds at this engine."""
        env = {"FONDS_STORE": self.query_url, "FONDS_SPARQL_UPDATE_URL": self.update_url}
        if self.store_url:
            env["FONDS_SPARQL_STORE_URL"] = self.store_url
        if self.user:
            env["FONDS_SPARQL_USER"] = self.user
            env["FONDS_SPARQL_PASSWORD"] = self.password or ""
        return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    """Wait until `url` answers; fail with the process's log if it stops first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None:
                raise RuntimeError(
                    f"the engine stopped while starting:\n{log.read_text()}"
                ) from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the engine did not answer within {seconds:g} s") from None
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """Stop a process, killing it if it does not stop within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_binary() -> str | None:
    """The `oxigraph` server installed beside this Python (the PyPI package), if any."""
    local = Path(sys.executable).with_name("oxigraph")
    return str(local) if local.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path, *, location: Path | None = None) -> Iterator[Engine]:
    """The Oxigraph server on a store directory, with the union default graph Fonds needs."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    command = [binary, "serve", "--location", str(location or folder / "db")]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D", process, log, 30)
        yield Engine("oxigraph-server", base + "/query", base + "/update", base + "/store")
    finally:
        stop(process)


def virtuoso_available() -> bool:
    """Whether Debian's Virtuoso Open Source is installed here."""
    return shutil.which("virtuoso-t") is not None and VIRTUOSO_INI.exists()


def virtuoso_config(
    folder: Path,
    sql_port: int,
    http_port: int,
    buffers: int = 170000,
    load_from: Path | None = None,
) -> Path:
    """Debian's virtuoso.ini, moved into `folder` and bound to 127.0.0.1 only."""
    text = VIRTUOSO_INI.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
    text = re.sub(r"(?m)^ServerPort(\s*)=\s*1111$", rf"ServerPort\1= 127.0.0.1:{sql_port}", text)
    text = re.sub(r"(?m)^ServerPort(\s*)=\s*8890$", rf"ServerPort\1= 127.0.0.1:{http_port}", text)
    allowed = f"{folder}, {load_from}" if load_from else str(folder)
    text = re.sub(r"(?m)^DirsAllowed(\s*)=\s*(.*)$", rf"DirsAllowed\1= \2, {allowed}", text)
    text = re.sub(r"(?m)^NumberOfBuffers\s*=.*$", f"NumberOfBuffers = {buffers}", text)
    text = re.sub(r"(?m)^MaxDirtyBuffers\s*=.*$", f"MaxDirtyBuffers = {buffers * 3 // 4}", text)
    # Fonds pages ask for whole documents; the Debian default of 10,000 rows would cut
    # results silently, and the hosting plugins are not installed.
    text = re.sub(r"(?m)^ResultSetMaxRows\s*=.*$", "ResultSetMaxRows = 1000000", text)
    text = re.sub(r"(?m)^(Load\d+\s*=)", r";\1", text)
    config = folder / "virtuoso.ini"
    config.write_text(text)
    return config


@contextmanager
def virtuoso(
    folder: Path, buffers: int = 170000, load_from: Path | None = None
) -> Iterator[Engine]:
    """Virtuoso Open Source; updates go to its digest-authenticated endpoint as dba.

    `load_from` is a folder Virtuoso may bulk-load files from (`virtuoso_load`).
    """
    if not virtuoso_available():
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    config = virtuoso_config(folder, sql_port, http_port, buffers, load_from)
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(config)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(base + "/sparql?query=ASK%7B%7D", process, log, 120)
        yield Engine(
            "virtuoso",
            base + "/sparql",
            base + "/sparql-auth",
            base + "/sparql-graph-crud-auth",
            user="dba",
            password="dba",
            sql_port=sql_port,
        )
    finally:
        stop(process)


def virtuoso_load(engine: Engine, folder: Path, pattern: str) -> None:
    """Bulk-load N-Quads files matching `pattern` in `folder` with Virtuoso's loader."""
    script = (
        f"ld_dir('{folder}', '{pattern}', 'urn:fonds:bulk-load'); rdf_loader_run(); checkpoint;"
    )
    subprocess.run(
        ["isql-vt", f"127.0.0.1:{engine.sql_port}", "dba", "dba", f"exec={script}"],
        check=True,
        capture_output=True,
        timeout=7200,
    )
