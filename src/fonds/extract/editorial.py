"""Square brackets in a translation: what the editor or translator tells the reader.

[handwritten at the top: to Cde. Stalin]      handwritten-annotation
[letterhead of the Second Main Directorate]    letterhead
[stamp: ... [[special sector]] ...]            stamp (inner brackets are glosses)
[Translator's note: which is the GRU]          translator-note
[vystuplenie]                                  original-term (a word left untranslated)
FILIPPOV [Stalin]                              identification (a pseudonym resolved)
PAK [HYUNG-SIK]                                completion (a name completed)
[or], [sic], [...]                             editorial-insertion
[illegible signature]                          signature
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

LABELLED = [
    (re.compile(r"^handwritten(?:[^:]{0,40})?:\s*", re.IGNORECASE), "handwritten-annotation"),
    (re.compile(r"^letterhead(?:\s+of|:)\s*", re.IGNORECASE), "letterhead"),
    (re.compile(r"^(?:stamp|seal)(?:[^:]{0,30})?:\s*", re.IGNORECASE), "stamp"),
    (re.compile(r"^translator['’]?s\s+note\s*:?\s*", re.IGNORECASE), "translator-note"),
    (re.compile(r"^(?:editor['’]?s\s+)?note\s*:\s*", re.IGNORECASE), "editor-note"),
]
_MARGIN = re.compile(r"\b(?:highlighted|underlined|marked|lined)\b.*\bmargin\b", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(?:illegible\s+)?signature(?:\s*\w+)?$|^illegible$", re.IGNORECASE)
# Words an editor inserts in English: never taken for a word of the original language.
_ENGLISH = set(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "is",
        "was",
        "are",
        "were",
        "not",
        "no",
        "sic",
        "ibid",
        "etc",
    ]
)
_NAME_BEFORE = re.compile(r"(?P<name>\b[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*){0,2})\s*$")


@dataclass(frozen=True)
class Bracket:
    """One bracketed editorial item with its offsets in the text."""

    kind: str
    content: str
    start: int
    end: int
    name: str | None = None
    """For an identification or completion: the name as the text writes it."""
    name_start: int | None = None


def find_brackets(text: str, is_person: Callable[[str], bool] | None = None) -> list[Bracket]:
    """Every top-level [...] in `text`, classified; unbalanced brackets are left alone.

    In a telegram written all in capitals, case cannot tell 'FILIPPOV [STALIN]' (a
    pseudonym resolved) from 'PAK [HYUNG-SIK]' (a name completed) or 'ACTION
    [VYSTUPLENIE]' (a word of the original). There `is_person` (the authority index)
    decides; what stays undecided is kept as an editorial insertion, never guessed.
    """
    shouting = is_shouting(text)
    found = []
    for start, end in _top_level_spans(text):
        inner = " ".join(text[start + 1 : end - 1].split())
        bracket = _classify(text, start, end, inner)
        if shouting and bracket.kind in ("completion", "identification"):
            bracket = _decide_in_capitals(bracket, is_person)
        found.append(bracket)
    return found


def is_shouting(text: str) -> bool:
    """True for a text written (almost) entirely in capitals, as telegrams often are."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    return len(letters) > 40 and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def _decide_in_capitals(bracket: Bracket, is_person: Callable[[str], bool] | None) -> Bracket:
    content = bracket.content
    name = bracket.name or ""
    if content.lower() in _ENGLISH:
        kind = "editorial-insertion"
    elif is_person is not None and is_person(content) and not is_person(name):
        kind, content = "identification", content.title()
    elif "-" in content:
        kind = "completion"
    else:
        kind = "editorial-insertion"
    if kind == "editorial-insertion":
        return Bracket(kind, content, bracket.start, bracket.end)
    return Bracket(kind, content, bracket.start, bracket.end, name, bracket.name_start)


def _top_level_spans(text: str) -> list[tuple[int, int]]:
    spans, depth, opened = [], 0, 0
    for index, char in enumerate(text):
        if char == "[":
            if depth == 0:
                opened = index
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, index + 1))
    return spans


def _classify(text: str, start: int, end: int, inner: str) -> Bracket:
    for pattern, kind in LABELLED:
        if match := pattern.match(inner):
            content = inner[match.end() :].strip()
            if kind in ("translator-note", "editor-note") and _MARGIN.search(content):
                kind = "marginal-marking"
            return Bracket(kind, content, start, end)
    if _SIGNATURE.match(inner):
        return Bracket("signature", inner, start, end)
    before = text[max(0, start - 60) : start]
    name = _NAME_BEFORE.search(before) if before.endswith(" ") else None
    if name and inner[:1].isupper() and re.fullmatch(r"[\w'. -]+", inner):
        written = name.group("name")
        name_start = start - len(before) + name.start("name")
        if written.split()[-1].isupper() and inner.isupper():
            return Bracket("completion", inner, start, end, written, name_start)
        if not inner.isupper() and written.split()[-1].isupper():
            return Bracket("identification", inner, start, end, written, name_start)
    words = inner.split()
    if (
        1 <= len(words) <= 3
        and all(re.fullmatch(r"[a-z][a-z'-]*", w) for w in words)
        and not any(w in _ENGLISH for w in words)
        and start > 0
        and text[start - 1] == " "
    ):
        return Bracket("original-term", inner, start, end)
    return Bracket("editorial-insertion", inner, start, end)
