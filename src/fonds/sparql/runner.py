"""A small pool of query processes with a hard wall-clock timeout.

Python cannot interrupt pyoxigraph's Rust evaluation, and pyoxigraph has no timeout,
so the only timeout that always holds is killing the process that runs the query. A
query that crashes the engine kills only its worker; the pool starts a new one.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from fonds.errors import (
    QueryCrashed,
    QueryError,
    QueryNotAcceptable,
    QueryRejected,
    QuerySyntaxError,
    QueryTimeout,
)
from fonds.sparql import worker

MAX_RESULT_BYTES = 256 * 2**20
_CONTEXT = multiprocessing.get_context("spawn")  # never fork a process holding RocksDB handles


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection

    @classmethod
    def start(cls, memory_mb: int, retire_mb: int) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=worker.main,
            args=(child, memory_mb, retire_mb),
            daemon=True,
            name="fonds-query",
        )
        process.start()
        child.close()
        return cls(process, parent)

    def stop(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


@dataclass
class QueryRunner:
    """Runs guarded queries in worker processes; `run` blocks at most about `timeout` s."""

    workers: int = 2
    timeout: float = 30.0
    memory_mb: int = 4096
    retire_mb: int = 512  # a worker holding more after a query is replaced
    max_result_bytes: int = MAX_RESULT_BYTES
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue, init=False)
    _all: list[_Worker] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def start(self) -> None:
        """Start the worker processes."""
        for _ in range(self.workers):
            self._add()

    def close(self) -> None:
        """Stop every worker process."""
        with self._lock:
            for w in self._all:
                w.stop()
            self._all.clear()

    def run(
        self,
        location: Path | None,
        snapshot: ox.Store,
        query: str,
        media_type: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> bytes:
        """Evaluate `query` on the store version at `location` and serialize it as `media_type`."""
        request = {
            "location": str(location) if location else None,
            "query": query,
            "media_type": media_type,
            "default_graphs": default_graphs or [],
            "named_graphs": named_graphs or [],
            "max_result_bytes": self.max_result_bytes,
        }
        if location is None:
            # Nothing published on disk (an empty or in-memory store): nothing to kill for.
            return _answer(worker.evaluate(snapshot, request))
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"all {self.workers} query processes stayed busy for {self.timeout:g} s; try again"
            ) from None
        try:
            w.connection.send(request)
            if not w.connection.poll(self.timeout):
                self._replace(w)
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
            status, payload, retiring = w.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise QueryCrashed(
                "the query engine stopped while evaluating this query; simplify the query"
            ) from None
        if retiring:  # it answered, and leaves to give back the memory the query took
            self._replace(w)
        else:
            self._idle.put(w)
        return _answer((status, payload))

    def _add(self) -> None:
        w = _Worker.start(self.memory_mb, self.retire_mb)
        with self._lock:
            self._all.append(w)
        self._idle.put(w)

    def _replace(self, w: _Worker) -> None:
        w.stop()
        with self._lock:
            if w in self._all:
                self._all.remove(w)
        self._add()


def _answer(answer: tuple[str, bytes | str]) -> bytes:
    status, payload = answer
    if status == "ok":
        assert isinstance(payload, bytes)
        return payload
    message = str(payload)
    if status == "syntax":
        raise QuerySyntaxError(message)
    if status == "too_large":
        raise QueryRejected(message)
    if status == "not_acceptable":
        raise QueryNotAcceptable(message)
    raise QueryError(message)
