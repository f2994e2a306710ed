"""The cable's people, places and organizations: found, linked, annotated, with provenance."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from fonds.link.authorities import AuthorityIndex
from fonds.mapping.agents import EXTERNAL_URIS
from fonds.pipeline import Pipeline
from fonds.records.text import read_text
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE

PREFIXES = """
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX la: <https://linked.art/ns/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX fonds: <https://w3id.org/fonds/ns#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""
PEOPLE = [
    "stalin",
    "mao-zedong",
    "kovalev-ivan",
    "molotov",
    "malenkov",
    "syngman-rhee",
    "pak-hyung-sik",
    "finenko",
    "doronchenkova",
    "radchenko-sergey",
    "goldberg-gary",
]
PLACES = [
    "beijing",
    "tianjin",
    "korea",
    "north-korea",
    "south-korea",
    "seoul",
    "shanghai",
    "nanjing",
    "yangtze",
    "parallel-38",
]
GROUPS = ["gru", "ccp", "kmt", "pla", "wpk", "dfrf", "vkpb-cc-special-sector"]


@pytest.fixture(scope="module")
def stored(pipeline: Pipeline) -> Iterator[ox.Store]:
    store = open_store("memory:")
    assert pipeline.ingest([CABLE], store).stored == 1
    yield store.snapshot()
    store.close()


def ask(store: ox.Store, where: str) -> bool:
    return bool(
        store.query(f"{PREFIXES} ASK {{ {where} }}", base_iri=BASE, use_default_graph_as_union=True)
    )


@pytest.mark.parametrize(
    "entity",
    [f"person/{p}" for p in PEOPLE]
    + [f"place/{p}" for p in PLACES]
    + [f"group/{g}" for g in GROUPS],
)
def test_every_entity_of_the_cable_is_found_and_linked(stored: ox.Store, entity: str) -> None:
    assert ask(stored, f"?node crm:P67_refers_to <{entity}> .") or ask(
        stored, f"?activity crm:P14_carried_out_by <{entity}> ."
    ), entity
    assert ask(stored, f"?mention a oa:Annotation ; oa:hasBody <{entity}> ."), entity


def test_links_are_exactly_the_identifiers_the_index_has(stored: ox.Store) -> None:
    index = AuthorityIndex.load(Settings().authorities)
    for slug in PEOPLE + PLACES + GROUPS:
        entity = index.by_slug.get(slug)
        expected = (
            {EXTERNAL_URIS[s].format(v) for s, v in entity.identifiers.items()} if entity else set()
        )
        kind = "person" if slug in PEOPLE else "place" if slug in PLACES else "group"
        rows = stored.query(
            f"SELECT DISTINCT ?x WHERE {{ <{BASE}{kind}/{slug}> <https://linked.art/ns/terms/equivalent> ?x }}",
            use_default_graph_as_union=True,
        )
        assert {row["x"].value for row in rows} == expected, slug


def test_documents_referring_to_stalin_by_his_wikidata_id(stored: ox.Store) -> None:
    rows = stored.query(
        PREFIXES
        + "SELECT DISTINCT ?doc WHERE { ?doc crm:P67_refers_to ?p . ?p la:equivalent wd:Q855 . "
        "?doc a crm:E31_Document }",
        use_default_graph_as_union=True,
    )
    assert [row["doc"].value for row in rows] == [BASE + "text/wcda-208256"]


def test_a_mention_is_anchored_at_its_offsets_in_the_text() -> None:
    text = read_text(CABLE).text or ""
    start = text.index("SYNGMAN RHEE")
    store = open_store("memory:")
    Pipeline(Settings(base_iri=BASE)).ingest([CABLE], store)
    rows = list(
        store.snapshot().query(
            PREFIXES
            + """SELECT ?start ?end ?exact ?method ?score WHERE {
                 ?m oa:hasBody <person/syngman-rhee> ; oa:hasTarget ?t ; dcterms:type ?method ;
                    fonds:score ?score .
                 ?t oa:hasSource <text/wcda-208256/en> ; oa:hasSelector ?p, ?q .
                 ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""",
            base_iri=BASE,
            use_default_graph_as_union=True,
        )
    )
    assert [(int(r["start"].value), int(r["end"].value), r["exact"].value) for r in rows] == [
        (start, start + len("SYNGMAN RHEE"), "SYNGMAN RHEE")
    ]
    assert rows[0]["method"].value.endswith("concept/link-method/exact-variant")
    assert float(rows[0]["score"].value) == 1.0


def test_the_pseudonym_and_the_ambiguous_party_are_kept_apart(stored: ox.Store) -> None:
    # FILIPPOV is Stalin's pseudonym, not a second person.
    assert not ask(
        stored,
        '?p a crm:E21_Person ; crm:P1_is_identified_by/crm:P190_has_symbolic_content "Filippov" . FILTER(?p != <person/stalin>)',
    )
    # The bare "Worker's Party" of 1949 is a local group left for review, not a guess.
    assert ask(
        stored,
        "?m oa:hasBody <group/worker-s-party> ; dcterms:type <concept/link-method/ambiguous> . "
        "<group/worker-s-party> crm:P2_has_type <concept/reconciliation/unreconciled> .",
    )


def test_authority_links_carry_their_provenance(stored: ox.Store) -> None:
    assert ask(
        stored,
        "?link crm:P140_assigned_attribute_to <person/stalin> ; crm:P141_assigned wd:Q855 ; "
        "crm:P177_assigned_property_of_type la:equivalent ; "
        "crm:P2_has_type <concept/link-method/authority-index> ; fonds:score ?score ; "
        "dcterms:created ?when .",
    )
    assert not ask(stored, "?x <http://www.w3.org/2002/07/owl#sameAs> ?y .")


def test_index_dates_and_coordinates_are_published(stored: ox.Store) -> None:
    assert ask(
        stored,
        "<person/stalin> crm:P98i_was_born/crm:P4_has_time-span/crm:P170i_time_is_defined_by "
        '"1878-12-18"^^<http://id.loc.gov/datatypes/edtf/EDTF> .',
    )
    assert ask(stored, '<place/seoul> crm:P168_place_is_defined_by "POINT(126.9784 37.566)" .')
    assert ask(stored, "<group/wpk> crm:P95i_was_formed_by/crm:P4_has_time-span ?ts .")
