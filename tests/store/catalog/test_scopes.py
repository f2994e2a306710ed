"""The facets of large one-value selections, counted at build time and shifted after."""

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from fonds.store.catalog import Catalog, Selection, schema, scopes
from tests.conftest import BASE
from tests.store.catalog.conftest import catalog_of_three_documents


def one_value_selections(found: Catalog) -> list[Selection]:
    every = found.facets(Selection(), limit=100)
    return [
        Selection(**{facet: int(v.value) if facet == "year" else v.value})
        for facet, values in every.items()
        for v in values
    ]


def test_a_large_selection_reads_what_was_counted_at_build_time_as_counting_now_would(
    tmp_path: Path, every_scope_precounted: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = catalog_of_three_documents(tmp_path)
    selections = one_value_selections(found)
    with closing(sqlite3.connect(found.path)) as db:
        counted = db.execute("SELECT COUNT(DISTINCT scope || scope_value) FROM scoped_counts")
        assert counted.fetchone()[0] == len(selections) > 10

    read = {s: (found.browse(s, limit=2), found.mentioning(s.person, 2)) for s in selections}
    monkeypatch.setattr(scopes, "SCOPED_FROM", 10**9)  # nothing precounted: count now
    counted = {s: (found.browse(s, limit=2), found.mentioning(s.person, 2)) for s in selections}

    assert read == counted
    stalin = Selection(person=BASE + "person/stalin")
    assert read[stalin][0][0] == 3 and [v.label for v in read[stalin][0][2]["year"]] == [
        "1950",
        "1949",
    ]


def test_kept_counts_are_shifted_only_while_no_value_left_out_can_overtake_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scopes, "SCOPED_TOP", 2)
    db = sqlite3.connect(":memory:")
    db.executescript(schema.SCHEMA)
    scope = ("person", "stalin")
    kept = [("molotov", "Molotov", 10), ("mao", "Mao", 8)]  # and others, at most 3 each
    db.executemany("INSERT INTO scoped_counts VALUES ('person', 'stalin', 'person', ?, ?, ?)", kept)

    def shifted(bound: int, **changes: int) -> list[tuple[str, int]] | None:
        delta = Counter({("person", v, v.title()): n for v, n in changes.items()})
        found = scopes._shifted(db, scope, "person", bound, delta)
        return None if found is None else [(v.value, v.count) for v in found]

    # The bound follows the kept values, as the first value left out.
    assert shifted(3, molotov=-1, kim=2) == [("molotov", 9), ("mao", 8), ("", 5)]
    assert shifted(3, mao=-5) is None  # Mao's 3 may now tie with a value left out
    assert shifted(3, kim=5) is None  # Kim may have had 3, and now 8
    assert shifted(0, kim=1) == [("molotov", 10), ("mao", 8), ("kim", 1)]  # none left out
    # Tied at the cut (Mao's 8, and a value left out with 8): exact while no kept value
    # loses and no value left out gains, as when a record changed only in its text.
    assert shifted(8) == [("molotov", 10), ("mao", 8), ("", 8)]
    assert shifted(8, molotov=1, kim=0) == [("molotov", 11), ("mao", 8), ("", 8)]
    assert shifted(8, molotov=-1) is None
    assert shifted(8, kim=1) is None


def test_the_documents_naming_a_person_list_alike_on_every_page_however_they_are_read(
    tmp_path: Path, every_scope_precounted: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = catalog_of_three_documents(tmp_path)
    people = [s.person for s in one_value_selections(found) if s.person]

    def pages() -> dict[str, list[str]]:
        """Each person's documents, read one a page: the first pages walk the archive in
        date order, the last sort the person's own documents."""
        listed = {p: [found.mentioning(p, 1, offset) for offset in range(3)] for p in people}
        return {p: [d.iri for _, page in read for d in page] for p, read in listed.items()}

    precounted = pages()
    monkeypatch.setattr(scopes, "SCOPED_FROM", 10**9)  # nothing precounted: chosen now

    assert precounted == pages()
    assert all(
        len(set(iris)) == len(iris) == found.mentioning(p)[0] for p, iris in precounted.items()
    )
