"""Labels for the IRIs a page shows: looked up in the store, once per page or per version."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox

from fonds.mapping.namespaces import PREFIXES
from fonds.serve.describe import Description, label, remote_labels
from fonds.store.remote import RemoteDataset


@lru_cache(maxsize=4096)
def humanize(iri: str) -> str:
    """A readable name for a vocabulary term: crm:P94i_was_created_by gives 'was created by'."""
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    local = re.sub(r"^[EP]\d+[a-z]?_", "", local)  # CRM numbers
    local = re.sub(r"^E\d+_", "", local)
    local = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local)  # RiC-O camelCase
    return local.replace("_", " ").replace("-", " ").strip().lower() or iri


class Labeler:
    """Labels for IRIs, looked up once per page.

    With `shared`, the labels of resources (not of a page's own fragments) are kept there
    for the pages after it: a caller passes one dict per published version.
    """

    def __init__(
        self,
        store: ox.Store | RemoteDataset,
        base: str,
        shared: dict[str, str | None] | None = None,
    ) -> None:
        self.store, self.base = store, base
        self._cache: dict[str, str] = {}
        self._found: dict[str, str | None] = {}  # label() of a fragment, once looked up
        self._shared = shared if shared is not None else self._found

    def __call__(self, iri: str) -> str:
        if iri not in self._cache:
            found = self._label(iri)
            if found is None and self._owner(iri):
                owner = self._label(self._owner(iri))
                found = f"{owner} › {iri.split('#', 1)[1]}" if owner else None
            self._cache[iri] = found or self._fallback(iri)
        return self._cache[iri]

    def prefetch(self, iris: Iterable[str]) -> None:
        """Look up the labels of many IRIs at once, where that saves round trips.

        A remote store answers each lookup with an HTTP request (a document page makes
        well over a hundred); the embedded store answers one in microseconds, and then
        nothing is looked up that the page may not show.
        """
        if not isinstance(self.store, RemoteDataset):
            return
        wanted = {iri for iri in iris if iri not in self._known(iri)}
        wanted |= {o for o in map(self._owner, wanted) if o and o not in self._shared}
        found = remote_labels(self.store, sorted(wanted))
        for iri in wanted:
            self._known(iri)[iri] = found.get(iri)

    def learn(self, description: Description) -> None:
        """Take the labels of a description's subjects from its statements, which are all
        there are about them: a document page need not look up its twenty-odd fragments."""
        for subject in description.subjects():
            self._known(subject).setdefault(subject, description.label(subject))

    def _label(self, iri: str) -> str | None:
        known = self._known(iri)
        if iri not in known:
            known[iri] = label(self.store, iri)
        return known[iri]

    def _known(self, iri: str) -> dict[str, str | None]:
        """Where the label of `iri` is kept: a page's fragments only for that page."""
        return self._found if self._owner(iri) else self._shared

    def _owner(self, iri: str) -> str:
        """The resource a fragment of ours belongs to ('' for anything else)."""
        return iri.split("#")[0] if "#" in iri and iri.startswith(self.base) else ""

    def _fallback(self, iri: str) -> str:
        if iri.startswith(self.base):
            return iri[len(self.base) :]
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and prefix in (
                "crm",
                "rico",
                "la",
                "dcterms",
                "prov",
                "skos",
                "rdf",
                "rdfs",
            ):
                return humanize(iri)
        return iri

    def href(self, iri: str) -> str | None:
        """Where a link should point: our own IRIs by path, http(s) elsewhere, nothing else."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base) :]
        return iri if iri.startswith(("http://", "https://")) else None
