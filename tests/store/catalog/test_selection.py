"""A listing's pages: the same documents in the same order however SQLite finds them."""

from itertools import combinations
from pathlib import Path

import pytest

from fonds.store.catalog import Catalog, Selection, selection
from tests.store.catalog.conftest import catalog_of_three_documents


def two_value_selections(found: Catalog) -> list[Selection]:
    every = found.facets(Selection(), limit=100)
    values = [
        (facet, int(v.value) if facet == "year" else v.value)
        for facet, counted in every.items()
        for v in counted
    ]
    return [Selection(**dict(pair)) for pair in combinations(values, 2) if pair[0][0] != pair[1][0]]


def test_a_page_is_the_same_whether_an_index_is_walked_or_the_documents_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = catalog_of_three_documents(tmp_path)
    chosen = two_value_selections(found)

    def pages() -> dict[Selection, list[list[str]]]:
        return {
            s: [[d.iri for d in found.browse(s, 1, offset)[1]] for offset in range(3)]
            for s in chosen
        }

    monkeypatch.setattr(selection, "WALK_COST_RATIO", 10**9)  # always walk a date index
    walked = pages()
    monkeypatch.setattr(selection, "WALK_COST_RATIO", 0)  # always sort
    sorted_ = pages()

    assert walked == sorted_
    assert any(sum(page != [] for page in listing) >= 2 for listing in walked.values())


def test_two_values_choose_the_documents_each_of_them_chooses(tmp_path: Path) -> None:
    found = catalog_of_three_documents(tmp_path)

    def documents(chosen: Selection) -> set[str]:
        total, listed, _ = found.browse(chosen, limit=10)
        assert total == len(listed)
        return {d.iri for d in listed}

    for both in two_value_selections(found):
        each = [Selection(**{k: v}) for k, v in vars(both).items() if v is not None]
        assert documents(both) == documents(each[0]) & documents(each[1]), both


def test_an_early_page_walks_the_dates_and_a_late_one_sorts_the_selection() -> None:
    # A person named in 3% of a 100,000-document archive, 50 documents a page: the date
    # walk meets the first page after about 1,700 documents, the 11th after 18,000, where
    # sorting the person's own 3,000 costs less.
    archive, named = 100_000, 3_000
    assert selection.walk_first(0, 50, archive, named, cost_ratio=1)
    assert not selection.walk_first(500, 50, archive, named, cost_ratio=1)
    # Where a walked document costs a tenth of a sorted one, the walk goes on further.
    assert selection.walk_first(500, 50, archive, named, cost_ratio=selection.WALK_COST_RATIO)
