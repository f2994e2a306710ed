"""A search hit's context: the few words of its text around its best match, matches in [ ].

FTS5's own snippet() finds the hit again in the full-text index before it cuts the text,
and for a prefix query that is every document the prefix matches: 45 ms for a page of 50
hits among 14,129 at 100k. The page's texts are at hand, so the words are found here,
folded as the index folds them (case and diacritics), in a few milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")
"""A token as FTS5's unicode61 tokenizer sees one: letters and digits, nothing else."""
TOKENS = 16
ELLIPSIS = " … "


def query_words(query: str) -> list[str]:
    """The folded words of a user's query, the way `snippet` expects them."""
    return [fold(word) for word in WORD.findall(query)]


def fold(word: str) -> str:
    """Lower case without diacritics (FTS5's `remove_diacritics 2`)."""
    if word.isascii():  # most words of most texts: nothing to decompose
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(text: str | None, words: list[str]) -> str:
    """Up to 16 words of `text` around the most query words, each match in brackets.

    Every word of the query must match a whole word of the text, the last one its start
    (a search for "Molo" finds "Molotov"), as in the full-text query that found the hit.
    """
    if not text:
        return ""
    tokens = list(WORD.finditer(text))
    starts = [token.start() for token in tokens]
    candidates = _match_starts(text, words)
    matched: dict[int, int] = {}  # token index -> the query word it matches
    for position in starts if candidates is None else candidates:
        index = bisect_left(starts, position)
        if index < len(starts) and starts[index] == position:
            which = _matches(fold(tokens[index].group()), words)
            if which is not None:
                matched[index] = which
    start = 0
    if matched:
        hits = sorted(matched)

        # The window holding the most different query words, then the most matches.
        def score(first: int) -> tuple[int, int, int]:
            window = [matched[i] for i in hits if first <= i < first + TOKENS]
            return (len(set(window)), len(window), -first)

        start = max((max(0, min(i - 2, len(tokens) - TOKENS)) for i in hits), key=score)
    shown = tokens[start : start + TOKENS]
    if not shown:
        return ""
    parts = [ELLIPSIS if start > 0 else ""]
    position = shown[0].start()
    for index, token in enumerate(shown, start):
        parts.append(text[position : token.start()])
        parts.append(f"[{token.group()}]" if index in matched else token.group())
        position = token.end()
    if start + TOKENS < len(tokens):
        parts.append(ELLIPSIS)
    return "".join(parts)


def _match_starts(text: str, words: list[str]) -> list[int] | None:
    """Where words of the text that may match the query start (None: look at every word),
    found by one regular expression over the text folded in place, rather than folding
    every word."""
    if not words:
        return []
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer
        return None
    if not lowered.isascii():  # fold only the few letters that are not ASCII
        lowered = _NOT_ASCII.sub(lambda found: _FOLDING[ord(found.group())], lowered)
    return [m.start() for m in _pattern(tuple(words)).finditer(lowered)]


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


class _Folding(dict[int, str]):
    """A character to its folded form, where that is one character (else itself)."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = folded if len(folded) == 1 else chr(code)
        return self[code]


_FOLDING = _Folding()


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The query's words at the start of a word, the last one as its beginning."""
    alternatives = [re.escape(w) + r"(?![^\W_])" for w in words[:-1]] + [re.escape(words[-1])]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")")


def _matches(token: str, words: list[str]) -> int | None:
    """Which query word `token` matches (the last one as a prefix), or None."""
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if token == word or (last and token.startswith(word)):
            return index
    return None
