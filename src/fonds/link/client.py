"""A client for any W3C Reconciliation Service (Wikidata's, another Fonds, ...).

`fonds link --service URL` asks it about every row of the review sheet and adds its
candidates there: a person still decides. Every call has a timeout and is retried, with
a growing pause, when the connection fails or the service answers 5xx or 429; a service
that stays unreachable is an error that says so, not a hang.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable

from fonds import __version__
from fonds.errors import FondsError
from fonds.link.review import ReviewRow
from fonds.settings import url_problem

# Wikidata's classes for the three kinds, used as type constraints when the service does
# not offer Fonds's own type ids: human, organization, geographic location.
WIKIDATA_TYPES = {"person": "Q5", "organization": "Q43229", "place": "Q2221906"}
USER_AGENT = f"Fonds/{__version__} (reconciliation client)"


class ServiceError(FondsError):
    """The reconciliation service cannot be reached or gave an unusable answer."""


class ReconciliationClient:
    """Talks to one reconciliation service endpoint."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if problem := url_problem(url):
            raise ServiceError(problem)
        self.url = url
        self.timeout = timeout
        self.retries = max(1, retries)
        self.sleep = sleep
        self._manifest: dict | None = None

    def manifest(self) -> dict:
        """The service manifest (fetched once)."""
        if self._manifest is None:
            answer = self._call(self.url)
            if not isinstance(answer, dict) or "name" not in answer:
                raise ServiceError(f"{self.url} did not answer with a reconciliation manifest")
            self._manifest = answer
        return self._manifest

    def reconcile(self, queries: dict[str, dict]) -> dict[str, list[dict]]:
        """Results for a batch of queries, by query key."""
        body = urllib.parse.urlencode({"queries": json.dumps(queries)}).encode()
        answer = self._call(self.url, body)
        if not isinstance(answer, dict):
            raise ServiceError(f"{self.url} answered a batch with {type(answer).__name__}")
        return {
            key: list((answer.get(key) or {}).get("result") or [])
            for key in queries
            if isinstance(answer.get(key), dict)
        }

    def add_candidates(self, rows: Iterable[ReviewRow], limit: int = 3) -> None:
        """Ask the service about each row and add its candidates to the row."""
        rows = list(rows)
        manifest = self.manifest()
        own_types = {t.get("id") for t in manifest.get("defaultTypes", []) if isinstance(t, dict)}
        size = manifest.get("batchSize") if isinstance(manifest.get("batchSize"), int) else 10
        for start in range(0, len(rows), max(1, min(size, 50))):
            batch = rows[start : start + size]
            queries = {f"q{i}": self._query(row, own_types, limit) for i, row in enumerate(batch)}
            answers = self.reconcile(queries)
            for i, row in enumerate(batch):
                for result in answers.get(f"q{i}", [])[:limit]:
                    row.candidates.append(_candidate(self.url, result))

    def _query(self, row: ReviewRow, own_types: set, limit: int) -> dict:
        query: dict = {"query": row.label, "limit": limit}
        if row.kind in own_types:
            query["type"] = row.kind
        elif WIKIDATA_TYPES[row.kind] in own_types or "wikidata" in self.url:
            query["type"] = WIKIDATA_TYPES[row.kind]
        return query

    def _call(self, url: str, body: bytes | None = None) -> object:
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        )
        last = ""
        for attempt in range(1, self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as error:
                if error.code < 500 and error.code != 429:
                    raise ServiceError(f"{url} refused the request: HTTP {error.code}") from None
                last = f"HTTP {error.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                last = str(getattr(error, "reason", error))
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise ServiceError(f"{url} did not answer with JSON") from None
            if attempt < self.retries:
                self.sleep(0.5 * 2 ** (attempt - 1))
        raise ServiceError(
            f"cannot reach the reconciliation service at {url} ({last}; {self.retries} "
            f"attempt(s), {self.timeout:g} s timeout each). Are you offline?"
        )


def _candidate(service: str, result: dict) -> str:
    host = urllib.parse.urlsplit(service).netloc
    score = result.get("score")
    score_text = f"{score:.0f}" if isinstance(score, int | float) else "?"
    match = ", match" if result.get("match") else ""
    return f"{host}:{result.get('id')} {result.get('name', '')} ({score_text}{match})"
