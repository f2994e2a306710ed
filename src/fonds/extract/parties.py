"""Who sent a document and to whom: from its title, its address line and its signature.

"Cable Telegram no. 59363 from Kovalev to Stalin, ..."   sender Kovalev, recipient Stalin
"Ciphered Telegram, Filippov (Stalin) to Mao Zedong"     sender Stalin, pseudonym Filippov
to FILIPPOV [Stalin]                                      addressee, pseudonym resolved by
                                                          the editor's bracket
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fonds.extract.editorial import Bracket
from fonds.link.authorities import HONORIFIC

_STOP = r"(?=,|;|\s+(?:containing|regarding|concerning|about|on|with|in|re|and\s+the)\b|$)"
_NAME = r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|de|van|von|bin))*(?:\s*\([^)]*\))?"
_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<sender>{_NAME})\s+to\s+(?P<to>{_NAME}(?:\s+and\s+{_NAME})*){_STOP}"
)
_X_TO_Y = re.compile(
    rf"(?:^|,\s*)(?P<sender>{_NAME})\s+to\s+(?P<to>{_NAME}(?:\s+and\s+{_NAME})*){_STOP}"
)
_ADDRESS_LINE = re.compile(
    r"^[ \t]*(?i:to)[ \t]+(?P<name>[A-Z][A-Z'-]+(?:[ \t]+[A-Z][A-Z'-]+)*)"
    r"\s*(?P<bracket>\[[^\]]+\])?\s*$",
    re.MULTILINE,
)
_DOC_WORDS = {"telegram", "cable", "letter", "memorandum", "report", "note", "message", "record"}


@dataclass(frozen=True)
class Party:
    """A sender or recipient: the name to look up, and the pseudonym the text used."""

    name: str
    pseudonym: str | None = None
    written: str = ""
    start: int | None = None


def title_parties(title: str) -> tuple[list[Party], list[Party]]:
    """Senders and recipients named by a title ('from X to Y', 'X to Y')."""
    match = _FROM_TO.search(title) or _X_TO_Y.search(title)
    if match is None:
        return [], []
    senders = _parties(match.group("sender"))
    recipients = _parties(match.group("to"))
    if any(p.name.split()[0].lower() in _DOC_WORDS for p in senders):
        return [], recipients  # "Telegram to Stalin": the first words name the document
    return senders, recipients


def _parties(text: str) -> list[Party]:
    parties = []
    for part in re.split(r"\s+and\s+", text):
        part = HONORIFIC.sub("", part.strip())
        if alias := re.fullmatch(r"(?P<pseudonym>.+?)\s*\((?P<name>[^)]+)\)", part):
            parties.append(
                Party(alias.group("name").strip(), alias.group("pseudonym").strip(), part)
            )
        elif part:
            parties.append(Party(part, None, part))
    return parties


def pseudonyms(brackets: list[Bracket]) -> dict[str, str]:
    """The editor's resolutions in the text: {'FILIPPOV': 'Stalin'}."""
    return {
        b.name.split()[-1]: b.content for b in brackets if b.kind == "identification" and b.name
    }


def address_line(text: str, limit: int) -> Party | None:
    """The addressee line before `limit` ('to FILIPPOV [Stalin]')."""
    for match in _ADDRESS_LINE.finditer(text, 0, limit):
        written = match.group("name")
        bracket = match.group("bracket")
        if bracket:
            real = bracket.strip("[] ")
            real = real.title() if real.isupper() else real
            return Party(real, written.title(), written, match.start("name"))
        return Party(written.title(), None, written, match.start("name"))
    return None


def resolve(written: str, aliases: dict[str, str], start: int | None = None) -> Party:
    """A name as written, with a pseudonym the text resolved elsewhere ('Cde. FILIPPOV')."""
    name = HONORIFIC.sub("", written.strip()).rstrip(".")
    for alias, real in aliases.items():
        if name.upper() == alias.upper():
            return Party(real, alias.title(), written, start)
    return Party(name.title() if name.isupper() else name, None, written, start)
