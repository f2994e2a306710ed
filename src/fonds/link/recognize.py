"""Mentions of people, places and organizations in a text, with their offsets.

Names come from the authority index, matched on word boundaries in any case (the cable
writes SHANGHAI and SYNGMAN RHEE), longest first ("North KOREA" before "KOREA"), with
possessives and plurals ("Stalin's", "the Koreas"). Acronyms match only in capitals: "UN"
is a mention, "un" is not. A place inside an organization's name ("Fatherland Front of
KOREA") is a mention too. A name the curators mark as ambiguous is resolved by their rule
(date, context) or left for review with its candidates; a reviewer's decision comes first.

Names the index does not know are found by their shape (two or more capitalized words,
a capitalized word after an honorific, a name in capitals inside lower-case prose) and
returned with key None: they become local entities, never guesses at known ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fonds.extract.editorial import is_shouting
from fonds.link.authorities import HONORIFIC, AuthorityIndex, name_key

KINDS = ("person", "organization", "place")
_SUFFIX = r"(?P<suffix>['’]s|['’](?=\s)|(?<=[a-z])e?s)?"

_ORG_WORDS = re.compile(
    r"\b(?:Party|Committee|Front|Army|Ministry|Council|Bureau|Agency|Union|Government|"
    r"Assembly|Directorate|Department|Embassy|League|Congress|Commission|Office|Corps)\b",
    re.IGNORECASE,
)
_PLACE_WORDS = re.compile(r"\b(?:River|Province|Mountains?|Sea|Island|Strait|Lake|Bay)\b")
_HONORIFIC_NAME = re.compile(
    r"\b(?:Cdes?\.|Comrades?|Mr\.|Mrs\.|General|Gen\.|Marshal|Ambassador|Minister|Chairman)"
    r"\s+(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?|[A-Z][A-Z'’-]{2,}(?:\s+[A-Z][A-Z'’-]{2,})?)"
)
_CAPITALIZED_RUN = re.compile(
    r"(?<![\w'’])(?P<name>[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?(?:\s+(?:of\s+the\s+|of\s+)?"
    r"[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?){1,3})(?![\w'’])"
)
_SHOUTED = re.compile(
    r"(?<![\w'’])(?P<name>[A-Z][A-Z'’-]{2,}(?:\s+[A-Z][A-Z'’-]{2,}){0,2})(?![\w'’])"
)
# Capitalized words that start sentences, name documents or mark them: never a name.
_NOT_NAMES = set(
    re.findall(
        r"\w+",
        "The This That These Those At In On Of And But Or If As By To For From With When While "
        "After Before During Since Until Both Either Neither Many Some All Any Each Every Most "
        "Explanations Evidently However Now Thus Their They There Here It Its We Our You Your "
        "He His She Her I Copy Cable Telegram Letter Memorandum Record Note Translator Editor "
        "Top Secret Strictly Confidential Received Deciphered Printed Verified Sent Five "
        "January February March April May June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Contents Summary Citation "
        "TOP SECRET CABLE COPY NO RECEIVED TELEGRAM URGENT",
    )
)


@dataclass(frozen=True)
class Mention:
    """A name in a text, and what it names: an index key, candidates, or a new entity."""

    start: int
    end: int
    text: str
    key: str | None
    kind: str
    method: str
    """How it was linked: exact-variant, normalized-variant, context-rule, review-decision,
    name-pattern (not in the index) or ambiguous (left for review)."""
    score: float = 1.0
    candidates: tuple[str, ...] = ()
    reviewed: bool = False

    @property
    def name(self) -> str:
        """The name as written, without honorific or possessive."""
        bare = re.sub(r"(?:['’]s|['’])$", "", self.text.strip())
        return HONORIFIC.sub("", bare).strip()


class Recognizer:
    """Finds names in texts; build once per index, use for every document."""

    def __init__(self, index: AuthorityIndex) -> None:
        self.index = index
        folded: set[str] = set()
        exact: set[str] = set()
        self._variants: set[str] = set()
        names = [
            name
            for entity in index.entities.values()
            if entity.type in KINDS
            for name in entity.names
        ]
        names += [rule.name for rule in index.rules.values()]
        names += [decision.name for decision in index.decisions.values()]
        for name in names:
            if len(name_key(name)) < 2:
                continue
            self._variants.add(name)
            (exact if _is_acronym(name) else folded).add(name)
        self._folded = _alternation(folded, re.IGNORECASE)
        self._exact = _alternation(exact, 0)

    def find(self, text: str, *, year: int | None = None, context: str = "") -> list[Mention]:
        """Every name of the index in `text`, left to right, without overlaps, plus places
        inside organizations' names. `year` and `context` (the whole document) feed the
        curators' rules for ambiguous names."""
        candidates: list[Mention] = []
        for pattern in (self._folded, self._exact):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                mention = self._mention(match, year, context or text)
                if mention is not None:
                    candidates.append(mention)
        chosen = _leftmost_longest(candidates)
        nested = []
        for outer in chosen:
            if outer.kind != "organization":
                continue
            inner_text = text[outer.start : outer.end]
            for inner in self.find_places(inner_text, outer.start, year, context or text):
                if inner.key != outer.key:
                    nested.append(inner)
        return sorted(chosen + nested, key=lambda m: (m.start, m.end))

    def find_places(
        self, text: str, offset: int, year: int | None = None, context: str = ""
    ) -> list[Mention]:
        """Places named inside a longer name (an organization's)."""
        found = []
        for pattern in (self._folded, self._exact):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if match.start() == 0 and match.end() == len(text):
                    continue
                entity = self.index.resolve(
                    match.group("name"), "place", year=year, text=context
                ).entity
                if entity is not None:
                    found.append(
                        Mention(
                            offset + match.start(),
                            offset + match.end("name"),
                            match.group("name"),
                            entity.key,
                            "place",
                            "exact-variant",
                            1.0,
                        )
                    )
        return _leftmost_longest(found)

    def find_unknown(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        """Names the index does not know, by their shape, outside the `taken` spans."""
        found: list[Mention] = []
        prose = not is_shouting(text)

        def free(start: int, end: int) -> bool:
            return all(end <= a or b <= start for a, b in taken + [(m.start, m.end) for m in found])

        for match in _HONORIFIC_NAME.finditer(text):
            words = match.group("name").split()
            while words and words[-1] in _NOT_NAMES:
                words.pop()  # "Cde. Molotov Copy Nº 4": the name ends before "Copy"
            if not words:
                continue
            start = match.start("name")
            end = start + len(" ".join(words)) if len(words) > 1 else start + len(words[0])
            if free(start, end):
                found += _some(self._unknown_at(text, start, end, "person", 0.7))
        for match in _CAPITALIZED_RUN.finditer(text):
            words = match.group("name").split()
            if words[0] in _NOT_NAMES or any(w in _NOT_NAMES for w in words[-1:]):
                continue
            if free(match.start("name"), match.end("name")):
                found += _some(self._unknown(match, _guess_kind(text, match), 0.5))
        if prose:
            for match in _SHOUTED.finditer(text):
                words = match.group("name").split()
                if any(w in _NOT_NAMES for w in words):
                    continue
                if free(match.start("name"), match.end("name")):
                    found += _some(self._unknown(match, _guess_kind(text, match), 0.5))
        return sorted(found, key=lambda m: m.start)

    def _unknown(self, match: re.Match[str], kind: str, score: float) -> Mention | None:
        return self._unknown_at(match.string, match.start("name"), match.end("name"), kind, score)

    def _unknown_at(
        self, text: str, start: int, end: int, kind: str, score: float
    ) -> Mention | None:
        name = text[start:end]
        resolution = self.index.resolve(name, kind)
        if resolution.rejected:
            return None
        if resolution.entity is not None:
            return Mention(
                start,
                end,
                name,
                resolution.entity.key,
                resolution.entity.type,
                resolution.method,
                resolution.score,
            )
        return Mention(
            start,
            end,
            name,
            None,
            kind,
            "review-decision" if resolution.reviewed else "name-pattern",
            1.0 if resolution.reviewed else score,
            reviewed=resolution.reviewed,
        )

    def _mention(self, match: re.Match[str], year: int | None, context: str) -> Mention | None:
        name = match.group("name")
        resolution = self.index.resolve(name, year=year, text=context)
        if resolution.rejected:
            return None
        end = match.end()
        if resolution.entity is not None:
            entity = resolution.entity
            if entity.type not in KINDS:
                return None
            method = resolution.method
            if method == "exact-variant" and name not in self._variants:
                method = "normalized-variant"
            score = 0.9 if method == "normalized-variant" else resolution.score
            return Mention(
                match.start(),
                end,
                match.group(),
                entity.key,
                entity.type,
                method,
                score,
                resolution.candidates,
            )
        kinds = {self.index.entities[k].type for k in resolution.candidates}
        if not resolution.candidates or len(kinds) != 1 or not kinds <= set(KINDS):
            return None
        return Mention(
            match.start(),
            end,
            match.group(),
            None,
            kinds.pop(),
            "ambiguous",
            0.0,
            resolution.candidates,
        )


def _some(mention: Mention | None) -> list[Mention]:
    return [] if mention is None else [mention]


def _leftmost_longest(candidates: list[Mention]) -> list[Mention]:
    candidates = sorted(candidates, key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Mention] = []
    for mention in candidates:
        if not chosen or mention.start >= chosen[-1].end:
            chosen.append(mention)
    return chosen


def _guess_kind(text: str, match: re.Match[str]) -> str:
    name = match.group("name")
    if _ORG_WORDS.search(name):
        return "organization"
    before = text[max(0, match.start() - 12) : match.start()].lower()
    if _PLACE_WORDS.search(name) or re.search(r"\b(?:in|at|from|near|to)\s+$", before):
        return "place"
    return "person"


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(name) <= 6 and bool(letters) and all(ch.isupper() for ch in letters)


def _pattern(name: str) -> str:
    """A name as a pattern: any spacing, and "Workers'" matching "Worker's"."""
    escaped = re.escape(name).replace(r"\ ", r"\s+")
    return re.sub(r"s['’]|['’]s", "(?:s['’]|['’]s|s)", escaped)


def _alternation(names: set[str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(_pattern(name) for name in ordered)
    # Where no name can begin, one look at a character class ends the attempt; without
    # it, every position of the text tried each of the hundreds of names (0.67x the time).
    starts = {name[0] for name in names}
    if starts & set("sS'’"):
        starts |= set("sS'’")  # _pattern lets "'s" match "s'" and "s"
    first = "".join(sorted(re.escape(c) for c in starts))
    return re.compile(rf"(?=[{first}])(?<![\w'’-])(?P<name>{body}){_SUFFIX}(?![\w'’-])", flags)
