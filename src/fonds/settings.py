"""Settings: one object built from FONDS_* environment variables and CLI flags."""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from fonds.resources import bundled


def _default_records() -> Path:
    return bundled("data") / "records"


def _default_queries() -> Path:
    return bundled("data") / "queries"


def _default_authorities() -> Path:
    return bundled("data") / "authorities"


def url_problem(url: str) -> str | None:
    """Why `url` is not an http(s) URL with a host (an endpoint's, a source's), or None."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- reading it checks it: "99999" or "x" raise here
    except ValueError as error:  # "http://[x/sparql": an unclosed IPv6 bracket
        return f"{url[:80]!r} is not a valid URL ({error})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url[:80]!r} is not an http(s) URL with a host"
    return None


class Settings(BaseSettings):
    """Everything Fonds can be configured with; passed down, never imported as a global."""

    model_config = SettingsConfigDict(env_prefix="FONDS_", extra="ignore")

    base_iri: str = Field(
        "http://localhost:8000/", description="Every minted URI starts with this."
    )
    store: str = Field(
        "./var/store",
        description="oxigraph:DIR, a plain directory, an http(s) SPARQL query endpoint, "
        "or memory: (tests only).",
    )
    sparql_update_url: str | None = Field(
        None, description="Update endpoint of a remote store (default: the store URL)."
    )
    sparql_store_url: str | None = Field(
        None, description="Graph Store Protocol endpoint of a remote store, if it has one."
    )
    sparql_user: str | None = Field(None, description="User for a remote store's updates.")
    sparql_password: SecretStr | None = Field(
        None, description="Password for a remote store's updates."
    )
    sparql_cache: Path = Field(
        Path("./var/sparql-cache"),
        description="Where the dumps and catalogue of a remote store are kept.",
    )
    sparql_chunk_bytes: int = Field(
        1_000_000, ge=10_000, description="Largest write request sent to a remote store."
    )
    sparql_timeout: float = Field(
        120.0, gt=0, description="Seconds a write request to a remote store may take."
    )
    sparql_retries: int = Field(
        3, ge=1, le=10, description="Attempts per request to a remote store."
    )
    query_timeout: float = Field(
        30.0, gt=0, le=3600, description="Seconds before a query is stopped."
    )
    query_workers: int = Field(2, ge=1, le=32, description="Processes that run SPARQL queries.")
    query_memory_mb: int = Field(
        4096, ge=256, le=2**20, description="Address-space cap of each query process, in MiB."
    )
    page_cache_mb: int = Field(
        64, ge=0, description="Memory for rendered resource pages of the published version."
    )
    max_query_bytes: int = Field(65536, ge=1024, description="Longest accepted query text.")
    max_query_depth: int = Field(64, ge=4, le=1000, description="Deepest accepted nesting.")
    ingest_workers: int = Field(
        default_factory=lambda: max(1, min(8, os.cpu_count() or 1)),
        ge=1,
        le=64,
        description="Processes that map and validate records (batches of 64 or more).",
    )
    service_timeout: float = Field(
        10.0, gt=0, le=300, description="Seconds a reconciliation service call may take."
    )
    service_retries: int = Field(
        3, ge=1, le=10, description="Attempts per reconciliation service call."
    )
    records: Path = Field(default_factory=_default_records)
    authorities: Path = Field(default_factory=_default_authorities)
    queries: Path = Field(default_factory=_default_queries)

    @field_validator("base_iri")
    @classmethod
    def _check_base(cls, value: str) -> str:
        if url_problem(value) or not value.endswith("/"):
            raise ValueError("must be an http(s) IRI ending in '/', e.g. http://localhost:8000/")
        if any(ch.isspace() or ch in '<>"{}|\\^`' for ch in value):
            raise ValueError("contains a character that is not allowed in an IRI")
        return value
