"""A small closed-loop HTTP load generator for loopback benchmarks.

Each of `connections` threads keeps one HTTP/1.1 connection open and sends the next
request as soon as the last one is answered, until `requests` have been sent or
`seconds` have passed, whichever comes first. It only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    """One request to send."""

    url: str
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Result:
    """Latencies in milliseconds, errors, wall time."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 99)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def run(
    requests: list[Request],
    *,
    connections: int = 4,
    total: int = 2000,
    seconds: float = 20.0,
    timeout: float = 60.0,
) -> Result:
    """Send `total` requests (cycling through `requests`) over `connections` connections."""
    for request in requests:
        host = urllib.parse.urlsplit(request.url).hostname
        if host != "127.0.0.1":
            raise ValueError(f"load is only ever sent to 127.0.0.1, not {host}")
    result = Result()
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        connection: http.client.HTTPConnection | None = None
        while time.perf_counter() < deadline:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            request = requests[number % len(requests)]
            parts = urllib.parse.urlsplit(request.url)
            if connection is None:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            target = parts.path + ("?" + parts.query if parts.query else "")
            started = time.perf_counter()
            try:
                connection.request(
                    request.method, target, body=request.body, headers=dict(request.headers)
                )
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = None
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
        if connection is not None:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def median_ms(request: Request, repeat: int = 5, timeout: float = 30.0) -> float:
    """Median latency of one request sent `repeat` times in a row, after one warm-up.

    NaN when an answer fails or takes longer than `timeout` seconds; a warm-up slower
    than a second is repeated only twice, to keep a run bounded.
    """
    warm = run([request], connections=1, total=1, timeout=timeout)
    if warm.errors:
        return float("nan")
    repeat = repeat if warm.latencies[0] < 1000 else 2
    result = run([request], connections=1, total=repeat, seconds=repeat * timeout, timeout=timeout)
    if result.errors:
        return float("nan")
    return statistics.median(result.latencies)
