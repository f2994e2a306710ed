"""Archival references: which repository holds the paper, in which fond, series and file.

A citation names the archive's own hierarchy in the archive's own style:

    RGASPI, f. 558, op. 11, d. 333, ll. 0049-0051        fond / opis / delo / folios
    AVP RF, f. 06, op. 7, p. 34, d. 544, ll. 8-9          ... with a papka (folder)
    MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955     Hungarian fond / box / item
    PRC FMA 109-03157-01, 39-42                           Chinese Foreign Ministry file
    SAPMO-BArch, DY30 JIV 2/201/1292                      German Bundesarchiv signatures

Keyword styles (f./op./d., Fond/Opis/Delo, file no., ff.) are read for any repository;
the few archives whose signatures carry no keywords get their own reader. The verbatim
text is always kept; a reference no reader understands is returned as unparsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# How each kind of level becomes a RiC-O record set type. Top levels are always Fonds.
RECORD_SET_TYPES = {
    "fond": "Fonds",
    "opis": "Series",
    "series": "Series",
    "papka": "Series",
    "box": "Series",
    "delo": "File",
    "file": "File",
    "item": "File",
}
# The letters a level contributes to a URI slug (set/rgaspi-f558-op11-d333).
SLUG_CODES = {
    "fond": "f",
    "opis": "op",
    "series": "s",
    "papka": "p",
    "box": "box",
    "delo": "d",
    "file": "d",
    "item": "i",
}
LABELS = {
    "fond": "f.",
    "opis": "op.",
    "papka": "p.",
    "delo": "d.",
    "series": "",
    "box": "box",
    "file": "file",
    "item": "",
}


@dataclass(frozen=True)
class Level:
    """One level of an archive's hierarchy: kind ('fond', 'opis', 'delo', ...) and value."""

    kind: str
    value: str

    @property
    def slug(self) -> str:
        """The level's part of a URI slug: 'f558', 'op11', 'd333'."""
        value = re.sub(r"[^a-z0-9]+", "-", self.value.lower()).strip("-")
        return SLUG_CODES[self.kind] + _strip_zeros(value)

    @property
    def label(self) -> str:
        """The level as a reader writes it: 'f. 558', 'box 4', 'Chancellery'."""
        prefix = LABELS[self.kind]
        if not prefix or not any(ch.isdigit() for ch in self.value):
            return self.value
        return f"{prefix} {_strip_zeros(self.value)}"


@dataclass(frozen=True)
class Folios:
    """The leaves (or pages) of a file that hold the document: '49'..'51', '2'..'2ob'."""

    first: str
    last: str
    unit: str = "folio"
    marker: str = "l"
    """How the source abbreviates a leaf: 'l' (list, Russian), 'f' (folio) or 'p' (page)."""

    @property
    def count(self) -> int | None:
        """How many leaves (or pages) the range spans; None when it cannot be counted."""
        first, last = (re.match(r"\d+", n) for n in (self.first, self.last))
        if not first or not last or int(last.group()) < int(first.group()):
            return None
        return int(last.group()) - int(first.group()) + 1

    @property
    def label(self) -> str:
        """'ll. 49-51', 'l. 141', 'pp. 39-42'."""
        if self.first == self.last:
            return f"{self.marker}. {self.first}"
        return f"{self.marker * 2}. {self.first}-{self.last}"

    @property
    def slug(self) -> str:
        """'ll49-51', 'pp39-42'."""
        code = "pp" if self.unit == "page" else "ll"
        span = self.first if self.first == self.last else f"{self.first}-{self.last}"
        return code + re.sub(r"[^a-z0-9]+", "-", span.lower()).strip("-")


@dataclass(frozen=True)
class ArchivalReference:
    """One reference: repository as written, hierarchy from the top, folios, notes."""

    verbatim: str
    repository: str
    levels: tuple[Level, ...]
    folios: Folios | None = None
    item_number: str | None = None
    notes: tuple[str, ...] = ()
    written_code: str | None = None
    """The code in the archive's own notation, for styles without keywords."""

    @property
    def code(self) -> str:
        """The normalised reference code: 'RGASPI, f. 558, op. 11, d. 333, ll. 49-51'."""
        if self.written_code:
            return self.written_code
        parts = [self.repository, *(level.label for level in self.levels)]
        if self.item_number:
            parts.append(f"no. {self.item_number}")
        if self.folios:
            parts.append(self.folios.label)
        return ", ".join(parts)


@dataclass(frozen=True)
class ReferenceParse:
    """Everything read from an archive reference, and what could not be read."""

    references: tuple[ArchivalReference, ...] = ()
    unparsed: tuple[str, ...] = ()
    attribution: str | None = None


# --- attribution suffixes ------------------------------------------------------------

ATTRIBUTION = re.compile(
    r"(?:(?<=[.;,])|^)\s*(?P<start>"
    r"Contributed by|Translated(?: and \w+)?(?: for [\w .-]+?)? by|Translation by|"
    r"Obtained(?: and translated)?(?: for [\w .-]+?)? by|Published in|Donated by|"
    r"Original scan|Scanned by|Transcribed by|Edited by|Courtesy of)\b",
    re.IGNORECASE,
)


def split_attribution(text: str) -> tuple[str, str | None]:
    """Split 'RGASPI, ... ll. 8-9. Translated by X.' into the reference and the credit."""
    match = ATTRIBUTION.search(text)
    if match is None:
        return text.strip().rstrip(".").strip(), None
    reference = text[: match.start("start")].strip().rstrip(".,;").strip()
    return reference, text[match.start("start") :].strip()


# --- the parser ----------------------------------------------------------------------

_SEPARATE_REFERENCES = re.compile(r"\s*;\s*(?:and\s+|also\s+)?")
_REPOSITORY_KEY = re.compile(r"[^a-z]")
_OCR_LL = "Source prints 'II.'; read 'll.' (listy, folios)."


def parse_reference(text: str) -> ReferenceParse:
    """Parse an archive reference (attribution suffix allowed) into its references."""
    text = " ".join(text.split())
    reference_text, attribution = split_attribution(text)
    references: list[ArchivalReference] = []
    unparsed: list[str] = []
    for part in _SEPARATE_REFERENCES.split(reference_text):
        part = part.strip().rstrip(".").strip()
        if not part:
            continue
        reference = _parse_one(part)
        if reference is None:
            unparsed.append(part)
        else:
            references.append(reference)
    return ReferenceParse(tuple(references), tuple(unparsed), attribution)


def _parse_one(text: str) -> ArchivalReference | None:
    repository, rest = _split_repository(text)
    if not repository or not rest:
        return None
    reader = SPECIAL_STYLES.get(_REPOSITORY_KEY.sub("", repository.lower()), _keyword_style)
    parsed = reader(rest)
    if parsed is None:
        return None
    levels, folios, item, notes, written = parsed
    if not levels:
        return None
    code = f"{repository}{' ' if repository == 'PRC FMA' else ', '}{written}" if written else None
    return ArchivalReference(text, repository, tuple(levels), folios, item, tuple(notes), code)


def _split_repository(text: str) -> tuple[str, str]:
    """'RGASPI, f. 558, ...' and 'PRC FMA 109-03157-01, 39-42' -> repository, rest."""
    head, comma, tail = text.partition(",")
    abbreviation = re.search(r"\(([A-Z][\w -]{1,20})\)", head)
    if abbreviation and comma:
        return abbreviation.group(1).strip(), tail.strip()
    words = head.split()
    for index, word in enumerate(words):
        if any(ch.isdigit() for ch in word):
            if index == 0:
                return "", text
            return " ".join(words[:index]), " ".join(words[index:]) + comma + tail
    return head.strip(), tail.strip()


Parsed = tuple[list[Level], "Folios | None", "str | None", list[str], "str | None"]

_NUMBER = r"[A-Za-z]?-?\d[\w/-]*"
_KEYWORDS: list[tuple[str, re.Pattern[str]]] = [
    ("fond", re.compile(rf"^(?:f|fond|F)\.?\s*(?P<value>{_NUMBER})$", re.IGNORECASE)),
    ("opis", re.compile(rf"^(?:op|opis'?|inventory)\.?\s*(?P<value>{_NUMBER})$", re.IGNORECASE)),
    ("papka", re.compile(rf"^(?:p|papka|folder)\.?\s*(?P<value>{_NUMBER})$", re.IGNORECASE)),
    ("delo", re.compile(rf"^(?:d|delo)\.?\s*(?P<value>{_NUMBER})$", re.IGNORECASE)),
    ("file", re.compile(r"^file\s*(?:no\.?)?\s*(?P<value>\d[\w/-]*)$", re.IGNORECASE)),
    ("box", re.compile(r"^(?:box\s*(?P<value>\d+)|(?P<value2>\d+)\.?\s*doboz)$", re.IGNORECASE)),
]
_FOLIOS = re.compile(
    r"^(?P<key>ll|l|II|Il|lI|ff|f|listy?|pp|p|pages?)\.?\s*"
    r"(?P<first>\d+(?:ob)?)(?:\s*[-–]\s*(?P<last>\d+(?:ob)?))?$",
    re.IGNORECASE,
)


def _keyword_style(rest: str) -> Parsed | None:
    """f./op./p./d./ll. and their spelled-out forms, in any archive.

    Segments without numbers before the first numbered level are named levels (ANIC's
    'Central Committee of the Romanian Communist Party, Chancellery, file no.72/1971').
    """
    levels: list[Level] = []
    folios: Folios | None = None
    notes: list[str] = []
    for segment in (s.strip() for s in rest.split(",")):
        if not segment:
            continue
        in_file = any(level.kind in ("delo", "file", "item") for level in levels)
        if folios is None and levels and (found := _folios(segment, in_file, notes)):
            folios = found
            continue
        if folios is not None:
            return None  # something after the folios: not a style Fonds knows
        level = _keyword_level(segment)
        if (
            level is None
            and not any(ch.isdigit() for ch in segment)
            and all(lv.kind in ("fond", "series") and not lv.value[:1].isdigit() for lv in levels)
        ):
            level = Level("series" if levels else "fond", segment)
        if level is None:
            return None
        levels.append(level)
    if not levels or levels[0].kind != "fond":
        return None  # without its fond a reference cannot be placed in the hierarchy
    return levels, folios, None, notes, None


def _keyword_level(segment: str) -> Level | None:
    for kind, pattern in _KEYWORDS:
        if match := pattern.match(segment):
            groups = match.groupdict()
            return Level(kind, groups.get("value") or groups["value2"])
    return None


def _folios(segment: str, in_file: bool, notes: list[str]) -> Folios | None:
    match = _FOLIOS.match(segment)
    if match is None:
        return None
    key = match.group("key")
    if key.lower() in ("f", "p") and not in_file:
        return None  # before the file, 'f.' is a fond and 'p.' a papka
    if key in ("II", "Il", "lI"):
        notes.append(_OCR_LL)
    lowered = key.lower()
    unit = "page" if lowered.startswith("p") else "folio"
    marker = "p" if unit == "page" else "f" if lowered.startswith("f") else "l"
    first = _strip_zeros(match.group("first"))
    last = _strip_zeros(match.group("last") or match.group("first"))
    return Folios(first, last, unit, marker)


def _strip_zeros(number: str) -> str:
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", number)


def _mol_style(rest: str) -> Parsed | None:
    """Hungarian National Archives: 'XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955'."""
    segments = [s.strip() for s in rest.split(",") if s.strip()]
    if not segments:
        return None
    fond, _, series = segments[0].partition(" ")
    levels = [Level("fond", fond)]
    if series:
        levels.append(Level("series", series.strip()))
    item_number = None
    for segment in segments[1:]:
        if box := re.fullmatch(r"(\d+)\.?\s*doboz", segment, re.IGNORECASE):
            levels.append(Level("box", box.group(1)))
        elif re.fullmatch(r"\d+/[a-z]", segment, re.IGNORECASE):
            levels.append(Level("item", segment))
        elif re.fullmatch(r"\d+\s*/\s*\d{4}", segment):
            item_number = re.sub(r"\s+", "", segment)
        else:
            return None
    # The archive's own notation, with the stray space in '004076/ 1955' closed up.
    written = ", ".join(re.sub(r"\s*/\s*", "/", segment) for segment in segments)
    return levels, None, item_number, [], written


def _prc_fma_style(rest: str) -> Parsed | None:
    """PRC Foreign Ministry Archive: '109-03157-01, 39-42' (category-file-volume, pages)."""
    match = re.fullmatch(
        r"(?:No\.\s*)?(\d+)-(\d+)-(\d+)(?:\s*,\s*(?:pp?\.\s*)?(\d+)(?:\s*-\s*(\d+))?)?", rest
    )
    if match is None:
        return None
    category, file, volume, first, last = match.groups()
    levels = [Level("fond", category), Level("delo", file), Level("item", volume)]
    folios = (
        Folios(_strip_zeros(first), _strip_zeros(last or first), "page", "p") if first else None
    )
    written = f"{category}-{file}-{volume}" + (f", {folios.label}" if folios else "")
    return levels, folios, None, [], written


def _sapmo_style(rest: str) -> Parsed | None:
    """SAPMO-BArch: 'DY30 JIV 2/201/1292' (fond DY 30, series J IV 2/201, file 1292)."""
    match = re.fullmatch(r"(DY|NY)\s*(\d+)\s*(?:,\s*)?(.*?)/(\d+)(?:\s*,\s*(.+))?", rest)
    if match is None:
        return None
    prefix, fond, series, file, pages = match.groups()
    series = re.sub(r"^J\s*IV", "J IV", series.strip())
    levels = [Level("fond", f"{prefix} {fond}")]
    if series:
        levels.append(Level("series", series))
    levels.append(Level("file", file))
    folios = _pages(pages)
    written = f"{prefix} {fond}/{series + '/' if series else ''}{file}"
    return levels, folios, None, [], written + (f", {folios.label}" if folios else "")


def _barch_style(rest: str) -> Parsed | None:
    """Bundesarchiv: 'B 136/59748, 403-410' (fond B 136, file 59748, pages)."""
    match = re.fullmatch(r"([A-Z]{1,3})\s*(\d+)\s*/\s*(\d+)(?:\s*,\s*(.+))?", rest)
    if match is None:
        return _sapmo_style(rest)
    prefix, fond, file, pages = match.groups()
    levels = [Level("fond", f"{prefix} {fond}"), Level("file", file)]
    folios = _pages(pages)
    written = f"{prefix} {fond}/{file}" + (f", {folios.label}" if folios else "")
    return levels, folios, None, [], written


def _pages(text: str | None) -> Folios | None:
    if not text:
        return None
    match = re.fullmatch(r"(?:pp?\.\s*|Bl\.\s*)?(\d+)(?:\s*-\s*(\d+))?", text.strip())
    if match is None:
        return None
    return Folios(match.group(1), match.group(2) or match.group(1), "page", "p")


SPECIAL_STYLES: dict[str, Callable[[str], Parsed | None]] = {
    "mol": _mol_style,
    "prcfma": _prc_fma_style,
    "sapmobarch": _sapmo_style,
    "barch": _barch_style,
}
