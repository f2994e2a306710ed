"""Names and lists as archives write them in metadata fields."""

from __future__ import annotations

import json
import re

_LIFE_DATES = re.compile(r",?\s*(?:b\.\s*|d\.\s*)?\d{3,4}\??-?(?:\d{3,4}\??)?\.?$")
_LIST_SEPARATOR = re.compile(r"\s*(?:;|\||\n)\s*")
# Very common English words: enough to tell an English translation from a German,
# Ukrainian or Russian original without a language model.
_ENGLISH = frozenset(
    re.findall(
        r"\w+",
        "the of and to in that is was for on with as by this are be at from it not have "
        "which were has had they their we our you he his she her an or but",
    )
)
# Family names that come first in Chinese, Korean and Vietnamese names: a heading such as
# 'Zhou, Enlai' is already in the order the name is spoken.
_FAMILY_FIRST = frozenset(
    re.findall(
        r"\w+",
        "mao zhou liu zhu peng gao wang chen lin deng li zhang yang huang zhao wu sun hu guo "
        "he ma luo liang song zheng xie han tang feng yu dong xiao cheng cao yuan xu fu shen "
        "zeng lu su jiang cai jia ding wei xue ye yan pan du dai xia zhong tian ren fan fang "
        "shi yao tan liao zou xiong jin qiu qin gu hou shao meng kong chiang chou teng kang "
        "kao chu ho nguyen kim pak park choe choi cho yi lee ri yun kwon ryu nam jang",
    )
)


def heading_to_name(heading: str) -> str:
    """A library heading as a name: 'Mao, Zedong, 1893-1976' gives 'Mao Zedong'.

    Inverted Western headings are turned round ('Stalin, Joseph' gives 'Joseph Stalin');
    Chinese, Korean and Vietnamese names keep their family name first ('Zhou, Enlai').
    Syngman Rhee is the classic exception: he wrote his family name last.
    """
    name = _LIFE_DATES.sub("", heading.strip()).strip().rstrip(",").strip()
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(parts):
        family, given = parts[0], re.sub(r"\s*\([^)]*\)", "", parts[1]).strip()
        if _east_asian(family, given):
            return f"{family} {given}"
        return f"{given} {family}"
    return name


def _east_asian(family: str, given: str) -> bool:
    hyphenated_given_name = " " not in family and "-" in given and len(family) <= 5
    return family.lower() in _FAMILY_FIRST or hyphenated_given_name


def split_list(value: str | None) -> tuple[str, ...]:
    """A metadata list as written: 'a; b', 'a | b', one per line, or a JSON array."""
    if not value or not value.strip():
        return ()
    text = value.strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list):
            return tuple(str(i).strip() for i in items if str(i).strip())
    return tuple(p for p in (s.strip() for s in _LIST_SEPARATOR.split(text)) if p)


def looks_english(text: str) -> bool:
    """True when `text` reads as English (a share of very common English words)."""
    words = re.findall(r"[a-z]+", text[:20000].lower())
    if len(words) < 8:
        return bool(words) and sum(w in _ENGLISH for w in words) >= 1
    return sum(w in _ENGLISH for w in words) / len(words) > 0.12


_COMPASS_HEADING = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<part>North|South|East|West)\)$")


def place_heading(heading: str) -> str:
    """A library place heading as a name: 'Korea (North)' gives 'North Korea'."""
    match = _COMPASS_HEADING.match(heading.strip())
    return f"{match.group('part')} {match.group('name')}" if match else heading.strip()


def name_case(text: str) -> str:
    """A name written in capitals, in the usual case: 'PAK HYUNG-SIK' gives 'Pak Hyung-sik'.

    After a hyphen the syllable stays lower case, as romanized Korean and Chinese given
    names are written; a source in capitals cannot tell us more.
    """
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
