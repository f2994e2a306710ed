"""Counting a selection's facets from the packed facts of a catalogue."""

from array import array

from fonds.store.catalog.facts import FacetValue, Facts

MOLOTOV, STALIN, MOSCOW = 1, 2, 3
ENTITIES = {
    MOLOTOV: ("person", "https://example.org/person/molotov", "Molotov"),
    STALIN: ("person", "https://example.org/person/stalin", "Stalin"),
    MOSCOW: ("place", "https://example.org/place/moscow", "Moscow"),
}


def mentions(*entities: int) -> bytes:
    return array("i", entities).tobytes()


FACTS = Facts(
    [
        (1, 1949, "cable", "RGASPI", mentions(MOLOTOV, MOSCOW)),
        (2, 1950, "letter", "RGASPI", mentions(STALIN)),
        (3, 1950, "cable", None, mentions(STALIN, MOLOTOV)),
        (7, None, "cable", "AVPRF", mentions()),
    ],
    ENTITIES,
)


def test_each_facet_counts_the_chosen_documents_most_frequent_first() -> None:
    counted = FACTS.count([1, 2, 3, 7], limit=12)
    assert counted["type"] == [FacetValue("cable", "cable", 3), FacetValue("letter", "letter", 1)]
    assert counted["year"] == [FacetValue("1950", "1950", 2), FacetValue("1949", "1949", 1)]
    assert counted["person"] == [
        FacetValue("https://example.org/person/molotov", "Molotov", 2),
        FacetValue("https://example.org/person/stalin", "Stalin", 2),
    ]
    assert counted["place"] == [FacetValue("https://example.org/place/moscow", "Moscow", 1)]
    assert counted["organization"] == []


def test_a_document_without_a_value_is_not_counted_and_ties_go_by_value() -> None:
    counted = FACTS.count([1, 3, 7], limit=12)
    assert counted["archive"] == [
        FacetValue("AVPRF", "AVPRF", 1),
        FacetValue("RGASPI", "RGASPI", 1),
    ]
    assert counted["year"] == [FacetValue("1949", "1949", 1), FacetValue("1950", "1950", 1)]


def test_only_the_first_values_are_kept() -> None:
    counted = FACTS.count([1, 2, 3], limit=1)
    assert counted["person"] == [FacetValue("https://example.org/person/molotov", "Molotov", 2)]
    assert counted["type"] == [FacetValue("cable", "cable", 2)]


def test_an_empty_selection_counts_nothing() -> None:
    counted = FACTS.count([], limit=12)
    assert all(values == [] for values in counted.values())
    assert set(counted) == {"year", "type", "archive", "person", "place", "organization"}


def test_a_document_counts_each_of_its_entities_once_whatever_the_order_of_ids() -> None:
    assert FACTS.count([3, 1], limit=12) == FACTS.count([1, 3], limit=12)
    counted = FACTS.count([3], limit=12)
    assert counted["person"] == [
        FacetValue("https://example.org/person/molotov", "Molotov", 1),
        FacetValue("https://example.org/person/stalin", "Stalin", 1),
    ]
