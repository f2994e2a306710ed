"""Mentions of known people, places and organizations in a text, with their offsets.

Names come from the authority index, matched on word boundaries in any case (the cable
writes SHANGHAI and SYNGMAN RHEE), longest first ("North KOREA" before "KOREA").
Acronyms match only in capitals: "UN" is a mention, "un" is not. A name the index gives
to two entities is not matched at all: it is evidence for neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fonds.link.authorities import AuthorityIndex, name_key

KINDS = ("person", "organization", "place")


@dataclass(frozen=True)
class Mention:
    """A name in a text, and the authority entry it names."""

    start: int
    end: int
    text: str
    key: str
    kind: str
    method: str
    """'exact-variant' when written as the index writes it, else 'normalized-variant'."""


class Recognizer:
    """Finds the index's names in texts; build once, use for every document."""

    def __init__(self, index: AuthorityIndex) -> None:
        self.index = index
        folded: set[str] = set()
        exact: set[str] = set()
        self._variants: set[str] = set()
        for entity in index.entities.values():
            if entity.type not in KINDS:
                continue
            for name in entity.names:
                key = name_key(name)
                if len(key) < 2 or key in index.ambiguous:
                    continue
                self._variants.add(name)
                (exact if _is_acronym(name) else folded).add(name)
        self._folded = _alternation(folded, re.IGNORECASE)
        self._exact = _alternation(exact, 0)

    def find(self, text: str) -> list[Mention]:
        """Every mention in `text`, left to right, without overlaps."""
        candidates = []
        for pattern in (self._folded, self._exact):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                entity = self.index.find(match.group())
                if entity is not None and entity.type in KINDS:
                    method = (
                        "exact-variant"
                        if match.group() in self._variants
                        else ("normalized-variant")
                    )
                    candidates.append(
                        Mention(
                            match.start(),
                            match.end(),
                            match.group(),
                            entity.key,
                            entity.type,
                            method,
                        )
                    )
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Mention] = []
        for mention in candidates:
            if not chosen or mention.start >= chosen[-1].end:
                chosen.append(mention)
        return chosen


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(name) <= 6 and bool(letters) and all(ch.isupper() for ch in letters)


def _alternation(names: set[str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", flags)
