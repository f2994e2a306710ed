"""Generate realistic archives in the WCDA text-export layout, for benchmarks.

    .venv/bin/python bench/corpus.py 1000 /tmp/corpus-1k

Each record follows the real cable's structure (date and title line, citation with an
archive reference in one of the real citation styles, summary, language, a translated
text with a classification, numbers, copies, handling lines, an embedded message) and
draws its people, places, organizations and dates from the authority index, so that
recognition, extraction and validation do the work they do on real records. Seeded:
the same size gives the same corpus.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fonds.link.authorities import AuthorityIndex  # noqa: E402

REFERENCES = [
    "RGASPI, f. 558, op. 11, d. {d}, ll. {a}-{b}",
    "APRF, Fond 45, Opis 1, Delo {d}, List {a}",
    "AVP RF, f. 06, op. 7, p. {p}, d. {d}, ll. {a}-{b}",
    "TsAMO RF, fond 5, opis 918795, delo {d}, list {a}",
    "GA RF, Fond R-9401, Opis' 2, Delo {d}, List {a}",
    "TsKhSD, F. 3, Op. 12, D. {d}, Ll. {a}-{b}",
    "PRC FMA 109-0{d}-01, {a}-{b}",
    "SAPMO-BArch, DY30 JIV 2/201/{d}",
]
KINDS = ["Cable Telegram", "Ciphered Telegram", "Letter", "Memorandum of Conversation", "Report"]
MARKINGS = ["TOP SECRET", "SECRET", "Strictly secret", "CONFIDENTIAL"]


def generate(count: int, folder: Path, seed: int = 1949) -> list[Path]:
    """Write `count` records into `folder`; return their paths."""
    rng = random.Random(seed)
    index = AuthorityIndex.load(ROOT / "data" / "authorities")
    people = [e for e in index.entities.values() if e.type == "person" and " " in e.pref_label]
    places = [e for e in index.entities.values() if e.type == "place" and e.identifiers]
    groups = [e for e in index.entities.values() if e.type == "organization"]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    start = date(1945, 1, 1)
    for n in range(count):
        day = start + timedelta(days=rng.randrange(0, 365 * 15))
        # People alive in the document's year, where the index knows their dates.
        living = [p for p in people if p.active_in(day.year)] or people
        sender, recipient, author = rng.sample(living, 3)
        place_a, place_b, place_c = rng.sample(places, 3)
        group = rng.choice(groups)
        kind = rng.choice(KINDS)
        number = rng.randrange(1000, 99999)
        record_id = 300000 + n
        title = f"{kind} no. {number} from {sender.pref_label} to {recipient.pref_label}"
        display = day.strftime("%B %d, %Y")
        reference = rng.choice(REFERENCES).format(
            d=rng.randrange(10, 999),
            a=rng.randrange(1, 200),
            b=rng.randrange(200, 400),
            p=rng.randrange(1, 60),
        )
        received = day + timedelta(days=rng.randrange(0, 3))
        paragraphs = "\n\n".join(
            f"{i}. On {rng.randrange(1, 28)} {received.strftime('%B')} the {group.pref_label} "
            f"discussed the situation in {place_b.pref_label.upper()} with "
            f"{rng.choice(people).pref_label}. The delegation then went to {place_c.pref_label}."
            for i in range(1, rng.randrange(2, 8))
        )
        body = f"""[handwritten at the top: to Cde. {recipient.pref_label.split()[-1]}]

{rng.choice(MARKINGS)}

CABLE Nº {number}

Copy Nº 1 to Cde. {recipient.pref_label.split()[-1]} Copy Nº 2 to Cde. {rng.choice(people).pref_label.split()[-1]}

from {place_a.pref_label.upper()} received at {rng.randrange(0, 24):02d}{rng.randrange(0, 60):02d} {received.strftime("%d %B %Y")} Copy N° 2

"To Cde. {recipient.pref_label.split()[-1].upper()}.

{paragraphs}

{author.pref_label.upper()} {day.strftime("%d %B %Y")}"

Nº {rng.randrange(1, 999)} {sender.pref_label.split()[-1].upper()} {day.strftime("%d %B")}

Deciphered by Ivanova at {rng.randrange(0, 24):02d}{rng.randrange(0, 60):02d} {received.strftime("%d %B")} Printed by Petrova at {rng.randrange(0, 24):02d}{rng.randrange(0, 60):02d} {received.strftime("%d %B")} Five copies printed"""
        text = f"""{display} {title}

Citation:

"{title}", {display}, Wilson Center Digital Archive, {reference}. Contributed by Sergey Radchenko and translated by Gary Goldberg. https://digitalarchive.wilsoncenter.org/document/{record_id}

Summary:

{author.pref_label} reports to {recipient.pref_label} on {group.pref_label} and {place_b.pref_label}.

Original Language:

Russian

Contents:

Translation - English

{body}
"""
        path = folder / f"wcda-{record_id}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/fonds-corpus-{size}")
    print(f"{len(generate(size, target))} records in {target}")
