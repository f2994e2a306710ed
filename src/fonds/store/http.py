"""A small HTTP client for SPARQL 1.1 Protocol, Update and Graph Store Protocol endpoints.

Connections are kept alive per thread (pages ask many small questions). Credentials
are sent to the update and graph-store endpoints only, by HTTP Basic or Digest, whichever
the server asks for (Virtuoso asks Digest, Fuseki and GraphDB Basic). A request that may
safely be sent twice is retried, with a growing pause, when the connection fails or the
server answers 502, 503 or 504; anything else is an error that quotes the server.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from fonds import __version__
from fonds.errors import StoreError

USER_AGENT = f"Fonds/{__version__} (SPARQL client)"
RETRY_STATUSES = {502, 503, 504}
_CHALLENGE_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]+))')


class EndpointError(StoreError):
    """The endpoint answered with an error status; `status` and `body` say what it said."""

    def __init__(self, message: str, status: int, body: str) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class EndpointTimeout(StoreError):
    """The endpoint did not answer within the timeout."""


@dataclass
class Response:
    """Status, headers (lower-case names) and the body, read whole or left as a stream."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        """The Content-Type without its parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class _Digest:
    """RFC 7616 Digest (MD5, qop=auth), reusing the server's nonce with a counter."""

    def __init__(self, challenge: str) -> None:
        params = {m[0].lower(): m[1] or m[2] for m in _CHALLENGE_PARAM.findall(challenge)}
        self.realm = params.get("realm", "")
        self.nonce = params.get("nonce", "")
        self.opaque = params.get("opaque")
        self.qop = "auth" if "auth" in params.get("qop", "auth").split(",") else None
        self.count = 0

    def header(self, user: str, password: str, method: str, uri: str) -> str:
        self.count += 1
        md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731 (the protocol's hash)
        ha1 = md5(f"{user}:{self.realm}:{password}")
        ha2 = md5(f"{method}:{uri}")
        cnonce = os.urandom(8).hex()
        nc = f"{self.count:08x}"
        if self.qop:
            answer = md5(f"{ha1}:{self.nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            answer = md5(f"{ha1}:{self.nonce}:{ha2}")
        parts = [
            f'username="{user}"',
            f'realm="{self.realm}"',
            f'nonce="{self.nonce}"',
            f'uri="{uri}"',
            f'response="{answer}"',
            "algorithm=MD5",
        ]
        if self.qop:
            parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        if self.opaque is not None:
            parts.append(f'opaque="{self.opaque}"')
        return "Digest " + ", ".join(parts)


class HttpClient:
    """Sends requests to one or more URLs of a SPARQL service."""

    def __init__(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user = user
        self.password = password or ""
        self.timeout = timeout
        self.retries = max(1, retries)
        self.sleep = sleep
        self._local = threading.local()
        self._schemes: dict[str, _Digest | str] = {}  # per host: how it asked to log in

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        authenticate: bool = False,
        idempotent: bool = True,
        timeout: float | None = None,
        max_bytes: int | None = None,
        sink: IO[bytes] | None = None,
    ) -> Response:
        """Send one request and read the answer (into `sink` if given); retry when safe."""
        attempts = self.retries if idempotent else 1
        pause = 0.2
        for attempt in range(1, attempts + 1):
            try:
                response = self._send(
                    method, url, body, headers or {}, authenticate, timeout, max_bytes, sink
                )
            except EndpointTimeout:
                raise
            except (OSError, http.client.HTTPException) as error:
                if attempt == attempts:
                    raise StoreError(
                        f"{_where(url)}: cannot reach the SPARQL service "
                        f"({type(error).__name__}: {error}) after {attempt} attempt(s)"
                    ) from None
            else:
                if response.status not in RETRY_STATUSES or attempt == attempts:
                    return _checked(url, response)
            self.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")

    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        authenticate: bool,
        timeout: float | None,
        max_bytes: int | None,
        sink: IO[bytes] | None,
    ) -> Response:
        parts = urllib.parse.urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        headers = {"User-Agent": USER_AGENT, **headers}
        # Credentials go only where the server has asked for them, in the scheme it asked:
        # Virtuoso answers a Basic header it did not ask for with a bare 401.
        if authenticate and self.user and parts.netloc in self._schemes:
            headers["Authorization"] = self._authorization(parts.netloc, method, target)
        response = self._exchange(parts, method, target, body, headers, timeout, max_bytes, sink)
        challenge = response.headers.get("www-authenticate", "")
        if response.status == 401 and authenticate and self.user and challenge:
            if challenge.lower().startswith("digest"):
                self._schemes[parts.netloc] = _Digest(challenge)
            else:
                self._schemes[parts.netloc] = "basic"
            headers["Authorization"] = self._authorization(parts.netloc, method, target)
            response = self._exchange(
                parts, method, target, body, headers, timeout, max_bytes, sink
            )
        return response

    def _authorization(self, netloc: str, method: str, target: str) -> str:
        scheme = self._schemes[netloc]
        if isinstance(scheme, _Digest):
            return scheme.header(self.user or "", self.password, method, target)
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return "Basic " + token

    def _exchange(
        self,
        parts: urllib.parse.SplitResult,
        method: str,
        target: str,
        body: bytes | None,
        headers: dict[str, str],
        timeout: float | None,
        max_bytes: int | None,
        sink: IO[bytes] | None,
    ) -> Response:
        connection = self._connection(parts)
        connection.timeout = timeout or self.timeout
        reused = connection.sock is not None
        if reused:
            connection.sock.settimeout(connection.timeout)
        try:
            try:
                connection.request(method, target, body=body, headers=headers)
                answer = connection.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                if not reused:
                    raise
                # The server closed a kept-alive connection while it was idle: once more,
                # on a new one (this is not a retry of a request the server answered).
                connection.close()
                connection.request(method, target, body=body, headers=headers)
                answer = connection.getresponse()
            received = {k.lower(): v for k, v in answer.getheaders()}
            data = _read(answer, max_bytes, sink if 200 <= answer.status < 300 else None)
        except TimeoutError:
            connection.close()
            raise EndpointTimeout(
                f"{_where(parts.geturl())}: no answer within {connection.timeout:g} s"
            ) from None
        except BaseException:
            connection.close()
            raise
        if received.get("connection", "").lower() == "close":
            connection.close()
        return Response(answer.status, received, data)

    def _connection(self, parts: urllib.parse.SplitResult) -> http.client.HTTPConnection:
        pool: dict[str, http.client.HTTPConnection] = getattr(self._local, "pool", None) or {}
        self._local.pool = pool
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in pool:
            factory = (
                http.client.HTTPSConnection
                if parts.scheme == "https"
                else http.client.HTTPConnection
            )
            pool[key] = factory(parts.hostname or "", parts.port, timeout=self.timeout)
        return pool[key]

    def close(self) -> None:
        """Close this thread's connections."""
        for connection in (getattr(self._local, "pool", None) or {}).values():
            connection.close()
        self._local.pool = {}


class TooLarge(StoreError):
    """An answer over the allowed size."""


def _read(answer: http.client.HTTPResponse, max_bytes: int | None, sink: IO[bytes] | None) -> bytes:
    if sink is None and max_bytes is None:
        return answer.read()
    size, chunks = 0, []
    while chunk := answer.read(1 << 16):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            answer.close()
            raise TooLarge(f"the answer is larger than {max_bytes // 2**20} MiB")
        if sink is not None:
            sink.write(chunk)
        else:
            chunks.append(chunk)
    return b"".join(chunks)


def _checked(url: str, response: Response) -> Response:
    if 200 <= response.status < 300:
        return response
    text = response.body.decode("utf-8", "replace").strip()
    if response.status in (401, 403):
        reason = "refused the credentials (set FONDS_SPARQL_USER and FONDS_SPARQL_PASSWORD)"
    else:
        reason = f"answered {response.status}"
    raise EndpointError(f"{_where(url)} {reason}: {text[:500]}", response.status, text)


def _where(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
