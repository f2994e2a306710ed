"""The archive's citation line: source URL, record id, archive reference, credits.

Current wording:
  "<title>", <date>, Wilson Center Digital Archive, <archive reference>.
  Contributed by <people> and translated by <people>. <URL>
Older wording:
  "<title>", <date>, History and Public Policy Program Digital Archive, <archive reference>.
  Translated by <people>. <URL>        (or just "<translator>. <URL>")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from fonds.extract.archival_reference import split_attribution

CANONICAL_HOST = "digitalarchive.wilsoncenter.org"
# Hosts that serve the same archive (staging mirrors among them): the citation is
# rewritten to the canonical page, the URL as given is kept for provenance.
ARCHIVE_HOSTS = {
    CANONICAL_HOST,
    "wilson-center.drivingcreative.com",
    "wilson-center-digital-archive.dvincitest.com",
    "www.digitalarchive.wilsoncenter.org",
}

_URL = re.compile(r"https?://[^\s<>\"]+")
_ARCHIVE_NAME = re.compile(
    r"(?:Wilson Center|History and Public Policy Program) Digital Archive,\s*", re.IGNORECASE
)
_ATTRIBUTION = re.compile(r"(?P<kind>Contributed|Translated|Obtained|Published|Donated)\b")
# The older wording may end with the translator's bare name: "..., List 82. Danny Rozas."
_BARE_NAME = re.compile(
    r"^(?P<reference>.+\d[^.]*)\.\s+(?P<name>(?:[A-Z][a-z]*\.?\s+){1,3}[A-Z][a-zA-Z'-]+)$"
)
_CREDIT = re.compile(
    r"Contributed by (?P<contributors>.+?)(?: and translated by (?P<translators>.+?))?\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_TRANSLATED = re.compile(
    r"(?P<obtained>Obtained and )?translated(?: for [\w .-]+?)? by (?P<translators>.+?)\s*\.?\s*$",
    re.DOTALL | re.IGNORECASE,
)
_OBTAINED = re.compile(
    r"(?:Obtained|Donated)(?: for [\w .-]+?)? by (?P<contributors>.+?)\s*\.?\s*$",
    re.DOTALL | re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass(frozen=True)
class Citation:
    """What Fonds reads out of one citation string."""

    text: str
    url: str | None = None
    canonical_url: str | None = None
    record_id: str | None = None
    archive_reference: str | None = None
    contributors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()


def parse_citation(text: str) -> Citation:
    """Split a citation into its parts; parts it cannot find stay None or empty."""
    text = " ".join(text.split())
    urls = _URL.findall(text)
    url = urls[-1].rstrip(".,;)") if urls else None
    body = text.replace(urls[-1], "").strip() if urls else text
    canonical, record_id = _canonical(url) if url else (None, None)

    reference, credits = None, ""
    reference, translators = None, ()
    credits = ""
    archive = _ARCHIVE_NAME.search(body)
    if archive:
        reference, attribution = split_attribution(body[archive.end() :])
        credits = attribution or ""
        if attribution is None and (bare := _BARE_NAME.match(reference)):
            reference, translators = bare.group("reference"), (bare.group("name"),)
        reference = reference or None
    contributors, credited = parse_credits(credits)
    translators += credited
    return Citation(
        text=text,
        url=url,
        canonical_url=canonical,
        record_id=record_id,
        archive_reference=reference,
        contributors=contributors,
        translators=translators,
    )


def parse_credits(credits: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Contributors and translators from 'Contributed by X and translated by Y.' sentences."""
    contributors: tuple[str, ...] = ()
    translators: tuple[str, ...] = ()
    for sentence in _sentences(" ".join(credits.split())):
        if credit := _CREDIT.match(sentence):
            contributors += _names(credit.group("contributors"))
            translators += _names(credit.group("translators") or "")
        elif translated := _TRANSLATED.match(sentence):
            translators += _names(translated.group("translators"))
            if translated.group("obtained"):
                contributors += _names(translated.group("translators"))
        elif obtained := _OBTAINED.match(sentence):
            contributors += _names(obtained.group("contributors"))
    return contributors, translators


def canonical_url(url: str) -> tuple[str | None, str | None]:
    """The archive's canonical page for a document URL, and the record id it names."""
    return _canonical(url)


def record_page(record_id: str) -> str:
    """The archive's page of a record known only by its id (a copied page, a CSV row)."""
    return f"https://{CANONICAL_HOST}/document/{record_id.lower()}"


def _canonical(url: str) -> tuple[str | None, str | None]:
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://x.o[rg/...": not a URL, so no document's page
        return None, None
    match = re.fullmatch(r"/document/([A-Za-z0-9-]+)/?", parts.path)
    if not match:
        return None, None
    record_id = match.group(1).lower()
    if parts.hostname in ARCHIVE_HOSTS:
        return f"https://{CANONICAL_HOST}/document/{record_id}", record_id
    return None, record_id


def _sentences(credits: str) -> list[str]:
    starts = [m.start("kind") for m in _ATTRIBUTION.finditer(credits)]
    if not starts:
        return []
    return [credits[a:b].strip() for a, b in zip(starts, [*starts[1:], len(credits)], strict=True)]


def _names(text: str) -> tuple[str, ...]:
    names = (n.strip().rstrip(".").strip() for n in _NAME_SEPARATOR.split(text))
    return tuple(n for n in names if n)
