"""Every row of the modelling guide's table (§1), asked of the stored cable over SPARQL.

Each test is one ASK query a historian or developer could run against /sparql; together
they follow the worked example (§2) for the real cable no. 59363.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from fonds.pipeline import Pipeline
from fonds.store import open_store
from tests.conftest import BASE, CABLE

PREFIXES = """
PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
PREFIX rst: <https://www.ica.org/standards/RiC/vocabularies/recordSetTypes#>
PREFIX la: <https://linked.art/ns/terms/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX edtf: <http://id.loc.gov/datatypes/edtf/>
PREFIX aat: <http://vocab.getty.edu/aat/>
PREFIX wd: <http://www.wikidata.org/entity/>
"""

ROWS = {
    "01 title": """
        <text/wcda-208256> crm:P1_is_identified_by ?name ;
            dcterms:title "Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong"@en .
        ?name crm:P2_has_type aat:300404670 ; crm:P72_has_language aat:300388277 .""",
    "02 date": """
        <text/wcda-208256> crm:P94i_was_created_by/crm:P4_has_time-span ?ts ;
            dcterms:created "1949-10-23"^^xsd:date .
        ?ts crm:P170i_time_is_defined_by "1949-10-23"^^edtf:EDTF ;
            crm:P82a_begin_of_the_begin "1949-10-23T00:00:00"^^xsd:dateTime ;
            crm:P82b_end_of_the_end "1949-10-23T23:59:59"^^xsd:dateTime .""",
    "03 citation": """
        <text/wcda-208256> crm:P67i_is_referred_to_by ?c ; dcterms:bibliographicCitation ?verbatim .
        ?c crm:P2_has_type aat:300311705 .""",
    "04 archive, URL and id": """
        <text/wcda-208256> crm:P1_is_identified_by ?id ;
            dcterms:source <https://digitalarchive.wilsoncenter.org/document/208256> .
        ?id crm:P190_has_symbolic_content "208256" .
        <text/wcda-208256/en> crm:P16i_was_used_for ?publication .
        ?publication crm:P2_has_type aat:300054686 ; crm:P14_carried_out_by ?wcda .
        ?wcda a crm:E74_Group .""",
    "05 repository": """
        ?paper crm:P50_has_current_keeper <group/rgaspi> .
        <set/rgaspi-f558> rico:hasOrHadHolder <group/rgaspi> .
        <group/rgaspi> a crm:E74_Group .""",
    "06 fond, opis, delo": """
        <set/rgaspi-f558-op11-d333> rico:hasRecordSetType rst:File ;
            rico:isOrWasIncludedIn <set/rgaspi-f558-op11> ; la:member_of <set/rgaspi-f558-op11> .
        <set/rgaspi-f558-op11> rico:hasRecordSetType rst:Series ;
            rico:isOrWasIncludedIn <set/rgaspi-f558> .
        <set/rgaspi-f558> rico:hasRecordSetType rst:Fonds ; crm:P1_is_identified_by ?code .""",
    "07 folios": """
        <object/rgaspi-f558-op11-d333-ll49-51> crm:P1_is_identified_by ?ref ;
            crm:P57_has_number_of_parts 3 ; la:member_of <set/rgaspi-f558-op11-d333> ;
            crm:P128_carries <text/wcda-208256> .
        ?ref crm:P190_has_symbolic_content "RGASPI, f. 558, op. 11, d. 333, ll. 49-51" .
        <text/wcda-208256> rico:isOrWasIncludedIn <set/rgaspi-f558-op11-d333> .""",
    "08 contributor": """
        ?contribution crm:P2_has_type <concept/activity/contribution> ;
            crm:P14_carried_out_by <person/radchenko-sergey> ; crm:P9i_forms_part_of ?publication .
        <person/radchenko-sergey> a crm:E21_Person .""",
    "09 translator": """
        <text/wcda-208256/en> crm:P94i_was_created_by ?t .
        ?t crm:P2_has_type <concept/activity/translation> ; crm:P14_carried_out_by <person/goldberg-gary> .""",
    "10 summary": """
        <text/wcda-208256> crm:P67i_is_referred_to_by ?s ; dcterms:abstract ?abstract .
        ?s crm:P2_has_type aat:300026032 .""",
    "11 original language": """
        <text/wcda-208256> crm:P72_has_language aat:300389168 ;
            dcterms:language <http://id.loc.gov/vocabulary/iso639-2/rus> .""",
    "12 English text": """
        <text/wcda-208256/en> crm:P73i_is_translation_of <text/wcda-208256> ;
            crm:P72_has_language aat:300388277 ; crm:P190_has_symbolic_content ?text .""",
    "13 handwritten note": """
        ?paper crm:P128_carries ?note .
        ?note a crm:E34_Inscription ; crm:P2_has_type <concept/mark-type/handwritten-annotation> ;
            crm:P67_refers_to <person/stalin> ; crm:P190_has_symbolic_content "to Cde. Stalin" .""",
    "14 letterhead": """
        ?paper crm:P128_carries ?mark .
        ?mark a crm:E34_Inscription ; crm:P2_has_type <concept/mark-type/letterhead> ;
            crm:P67_refers_to <group/gru> .""",
    "15 translator's note": """
        <text/wcda-208256/en> crm:P106_is_composed_of ?note .
        ?note crm:P2_has_type <concept/note-type/translator-note> ; crm:P67_refers_to <group/gru> ;
            crm:P190_has_symbolic_content "which is the GRU" .""",
    "16 TOP SECRET": """
        <text/wcda-208256> crm:P2_has_type <concept/security/top-secret> .""",
    "17 cable number": """
        <text/wcda-208256> crm:P1_is_identified_by ?n .
        ?n crm:P2_has_type <concept/id-type/cable-number> ; crm:P190_has_symbolic_content "59363" .""",
    "18 distribution list": """
        <text/wcda-208256> crm:P106_is_composed_of ?list .
        ?list crm:P2_has_type <concept/note-type/distribution-list> ;
            crm:P67_refers_to <person/stalin>, <person/molotov>, <person/malenkov> .""",
    "19 from PEKING": """
        <text/wcda-208256#creation> crm:P7_took_place_at <place/beijing> .
        <place/beijing> crm:P1_is_identified_by ?name .
        ?name crm:P190_has_symbolic_content "Peking" ; crm:P70i_is_documented_in <text/wcda-208256> .""",
    "20 reception": """
        <text/wcda-208256> crm:P70_documents ?r .
        ?r crm:P2_has_type <concept/activity/cable-reception> ; crm:P4_has_time-span ?ts .
        ?ts crm:P82a_begin_of_the_begin "1949-10-23T23:00:00"^^xsd:dateTime ;
            crm:P82b_end_of_the_end "1949-10-23T23:00:59"^^xsd:dateTime .""",
    "21 copy number": """
        <object/rgaspi-f558-op11-d333-ll49-51> crm:P1_is_identified_by ?n .
        ?n crm:P2_has_type <concept/id-type/copy-number> ; crm:P190_has_symbolic_content "2" .""",
    "22 stamp and registration": """
        ?paper crm:P128_carries ?stamp .
        ?stamp a crm:E34_Inscription ; crm:P2_has_type <concept/mark-type/stamp> .
        ?registration a crm:E15_Identifier_Assignment ; crm:P140_assigned_attribute_to ?paper ;
            crm:P37_assigned ?number ; crm:P14_carried_out_by ?unit ; crm:P4_has_time-span ?ts .
        ?number crm:P190_has_symbolic_content "36261/shs" .
        ?unit crm:P107i_is_current_or_former_member_of <group/vkpb-cc-special-sector> .
        ?ts crm:P170i_time_is_defined_by "1949-10-24"^^edtf:EDTF .""",
    "23 to FILIPPOV [Stalin]": """
        <text/wcda-208256> rico:hasAddressee <person/stalin> .
        <person/stalin> crm:P1_is_identified_by ?name .
        ?name crm:P2_has_type aat:300404657 ; crm:P190_has_symbolic_content "Filippov" ;
            crm:P70i_is_documented_in <text/wcda-208256> .
        ?identification a crm:E13_Attribute_Assignment ; crm:P140_assigned_attribute_to ?name ;
            crm:P141_assigned <person/stalin> .
        FILTER NOT EXISTS { ?other rdfs:label "Filippov" }""",
    "24 Mao's message": """
        <text/wcda-208256> crm:P165_incorporates ?m .
        ?m a rico:RecordPart ; rico:isOrWasConstituentOf <text/wcda-208256> ;
            rico:hasSender <person/mao-zedong> ; crm:P94i_was_created_by ?c .
        ?c crm:P14_carried_out_by <person/mao-zedong> ; crm:P4_has_time-span ?ts .
        ?ts crm:P170i_time_is_defined_by "1949-10-21"^^edtf:EDTF .""",
    "25 organization in TIANJIN": """
        ?m crm:P67_refers_to ?org .
        ?org a crm:E74_Group ; rdfs:label "information organization in Tianjin" ;
            crm:P74_has_current_or_former_residence <place/tianjin> .""",
    "26 people mentioned": """
        ?m rico:isOrWasConstituentOf <text/wcda-208256> ;
            crm:P67_refers_to <person/syngman-rhee>, ?pak, ?representative .
        ?pak rdfs:label "Pak Hyung-sik" .
        ?representative rdfs:label "representative of North Korea" .
        ?completion a crm:E13_Attribute_Assignment ; crm:P141_assigned ?pak .""",
    "27 organizations": """
        ?m rico:isOrWasConstituentOf <text/wcda-208256> ;
            crm:P67_refers_to <group/dfrf>, <group/ccp>, <group/kmt>, <group/pla>, ?committee .
        ?committee crm:P107i_is_current_or_former_member_of ?party ;
            crm:P74_has_current_or_former_residence <place/seoul> .""",
    "28 places": """
        ?m rico:isOrWasConstituentOf <text/wcda-208256> ;
            crm:P67_refers_to <place/seoul>, <place/shanghai>, <place/nanjing>, <place/yangtze>,
                <place/north-korea>, <place/south-korea>, <place/parallel-38> .
        <place/seoul> a crm:E53_Place ; crm:P89_falls_within <place/south-korea> ;
            la:equivalent wd:Q8684 .""",
    "29 reported events": """
        ?m rico:isOrWasConstituentOf <text/wcda-208256> ; crm:P70_documents ?e1, ?e2, ?e3 .
        ?e1 a crm:E5_Event ; crm:P4_has_time-span/crm:P170i_time_is_defined_by "1949-06-25"^^edtf:EDTF .
        ?e2 crm:P4_has_time-span/crm:P170i_time_is_defined_by "1949-10-16/1949-10-31"^^edtf:EDTF .
        ?e3 crm:P4_has_time-span ?spring .
        ?spring crm:P170i_time_is_defined_by "1949-21"^^edtf:EDTF ;
            crm:P79_beginning_is_qualified_by ?inferred .""",
    "30 original term, insertion, margin": """
        <text/wcda-208256/en> crm:P106_is_composed_of ?term, ?insertion, ?paragraph .
        ?term crm:P2_has_type <concept/note-type/original-term> ;
            crm:P190_has_symbolic_content "vystuplenie" ; crm:P72_has_language aat:300389168 .
        ?insertion crm:P2_has_type <concept/note-type/editorial-insertion> .
        ?paper crm:P128_carries ?mark .
        ?mark a crm:E37_Mark ; crm:P2_has_type <concept/mark-type/marginal-marking> ;
            crm:P67_refers_to ?paragraph .""",
    "31 sender's number and signature": """
        <text/wcda-208256> crm:P1_is_identified_by ?n ; rico:hasSender <person/kovalev-ivan> .
        ?n crm:P2_has_type <concept/id-type/sender-cable-number> ; crm:P190_has_symbolic_content "234" .
        <text/wcda-208256#creation> crm:P14_carried_out_by <person/kovalev-ivan> .""",
    "32 decipherment": """
        <text/wcda-208256> crm:P70_documents ?d .
        ?d crm:P2_has_type <concept/activity/decipherment> ; crm:P14_carried_out_by <person/finenko> ;
            crm:P4_has_time-span ?ts .
        ?ts crm:P82a_begin_of_the_begin "1949-10-24T08:40:00"^^xsd:dateTime ;
            crm:P79_beginning_is_qualified_by ?yearInferred .""",
    "33 printing": """
        ?p a crm:E12_Production ; crm:P14_carried_out_by <person/doronchenkova> ;
            crm:P108_has_produced <object/rgaspi-f558-op11-d333-ll49-51>, ?copy5 .""",
    "34 copy 5 to file 6998": """
        ?copy5 a crm:E22_Human-Made_Object ; la:member_of ?file ; crm:P1_is_identified_by ?n .
        ?n crm:P190_has_symbolic_content "5" .
        ?file a la:Set, rico:RecordSet ; rico:hasRecordSetType rst:File ; crm:P1_is_identified_by ?f .
        ?f crm:P190_has_symbolic_content "6998" .""",
    "35 verification": """
        ?v crm:P2_has_type <concept/activity/verification> ; crm:P14_carried_out_by ?chief ;
            crm:P4_has_time-span ?ts .
        ?chief a crm:E21_Person ; rdfs:label "shift chief" .
        ?ts crm:P82a_begin_of_the_begin "1949-10-24T11:00:00"^^xsd:dateTime ;
            crm:P79_beginning_is_qualified_by ?dayInferred .
        ?paper crm:P128_carries ?signature .
        ?signature a crm:E37_Mark ; crm:P2_has_type <concept/mark-type/signature> ;
            crm:P3_has_note "illegible signature" .""",
    "36 provenance": """
        <graph/text/wcda-208256> a prov:Entity ; prov:wasGeneratedBy ?run ;
            prov:wasDerivedFrom <https://wilson-center.drivingcreative.com/document/208256> ;
            prov:generatedAtTime ?when .
        ?run prov:wasAssociatedWith ?agent .
        ?agent a prov:SoftwareAgent .
        FILTER NOT EXISTS { <text/wcda-208256> ?prov ?x . FILTER(STRSTARTS(STR(?prov), STR(prov:))) }""",
}


@pytest.fixture(scope="module")
def stored(pipeline: Pipeline) -> Iterator[ox.Store]:
    """The cable, ingested through the real pipeline into an in-memory store."""
    store = open_store("memory:")
    report = pipeline.ingest([CABLE], store)
    assert report.stored == 1, report.failed
    yield store.snapshot()
    store.close()


@pytest.mark.parametrize("row", sorted(ROWS))
def test_modelling_guide_row(stored: ox.Store, row: str) -> None:
    query = f"{PREFIXES}\nASK {{ {ROWS[row]} }}"
    assert stored.query(query, base_iri=BASE, use_default_graph_as_union=True), row
