"""The cable as RDF: compared by graph isomorphism with hand-written Turtle."""

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from fonds.mapping.document import Ingest, to_graphs
from fonds.pipeline import Pipeline
from fonds.records.text import read_text
from tests.conftest import BASE, CABLE, FIXED_NOW

PREFIXES = """
@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .
@prefix rico: <https://www.ica.org/standards/RiC/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix edtf: <http://id.loc.gov/datatypes/edtf/> .
@prefix aat: <http://vocab.getty.edu/aat/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""


def cable_graphs(pipeline: Pipeline):
    ingest = Ingest.start(pipeline.minter, FIXED_NOW)
    return to_graphs(read_text(CABLE), pipeline.minter, pipeline.authorities, ingest, FIXED_NOW)


def part(graph: Graph, *subjects: str) -> Graph:
    """The triples of `graph` about the given subjects."""
    out = Graph()
    for subject in subjects:
        for p, o in graph.predicate_objects(URIRef(BASE + subject)):
            out.add((URIRef(BASE + subject), p, o))
    return out


def expected(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle", publicID=BASE)


def test_creation_has_an_edtf_day_with_zone_free_inclusive_bounds(pipeline: Pipeline) -> None:
    graph = cable_graphs(pipeline).graph
    assert isomorphic(
        part(graph, "text/wcda-208256#creation", "text/wcda-208256#creation-ts"),
        expected("""
        <text/wcda-208256#creation> a crm:E65_Creation ;
            crm:P14_carried_out_by <person/kovalev-ivan> ; crm:P7_took_place_at <place/beijing> ;
            crm:P4_has_time-span <text/wcda-208256#creation-ts> .
        <text/wcda-208256#creation-ts> a crm:E52_Time-Span ; rdfs:label "October 23, 1949" ;
            crm:P170i_time_is_defined_by "1949-10-23"^^edtf:EDTF ;
            crm:P82a_begin_of_the_begin "1949-10-23T00:00:00"^^xsd:dateTime ;
            crm:P82b_end_of_the_end "1949-10-23T23:59:59"^^xsd:dateTime .
        """),
    )


def test_identifiers_title_and_translation(pipeline: Pipeline) -> None:
    graph = cable_graphs(pipeline).graph
    nodes = [
        "text/wcda-208256#title",
        "text/wcda-208256#no-59363",
        "text/wcda-208256#wcda-id",
        "text/wcda-208256/en#translation",
    ]
    assert isomorphic(
        part(graph, *nodes),
        expected("""
        <text/wcda-208256#title> a crm:E33_E41_Linguistic_Appellation ;
            crm:P2_has_type aat:300404670 ; crm:P72_has_language aat:300388277 ;
            crm:P190_has_symbolic_content
              "Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong" ;
            crm:P67_refers_to <person/kovalev-ivan>, <person/stalin>, <person/mao-zedong> .
        <text/wcda-208256#no-59363> a crm:E42_Identifier ;
            crm:P2_has_type <concept/id-type/cable-number> ; crm:P190_has_symbolic_content "59363" .
        <text/wcda-208256#wcda-id> a crm:E42_Identifier ;
            crm:P2_has_type <concept/id-type/wcda-record-id> ; crm:P190_has_symbolic_content "208256" .
        <text/wcda-208256/en#translation> a crm:E65_Creation ;
            crm:P2_has_type <concept/activity/translation> ;
            crm:P14_carried_out_by <person/goldberg-gary> .
        """),
    )


def test_document_level_dublin_core_and_languages(pipeline: Pipeline) -> None:
    graph = cable_graphs(pipeline).graph
    text = URIRef(BASE + "text/wcda-208256")
    english = URIRef(BASE + "text/wcda-208256/en")
    ask = f"""
    ASK {{
      <{text}> a crm:E31_Document, crm:E33_Linguistic_Object, rico:Record ;
        crm:P2_has_type <{BASE}concept/doc-type/cable> ;
        crm:P72_has_language aat:300389168 ;
        dcterms:language <http://id.loc.gov/vocabulary/iso639-2/rus> ;
        dcterms:created "1949-10-23"^^xsd:date ;
        dcterms:source <https://digitalarchive.wilsoncenter.org/document/208256> ;
        crm:P73_has_translation <{english}> .
      <{english}> crm:P73i_is_translation_of <{text}> ; crm:P72_has_language aat:300388277 .
    }}"""
    assert graph.query(PREFIXES.replace("@prefix", "PREFIX").replace(" .\n", "\n") + ask).askAnswer


def test_provenance_is_about_the_graph_and_records_the_fetched_url(pipeline: Pipeline) -> None:
    graphs = cable_graphs(pipeline)
    graph_node = graphs.graph_name
    assert graph_node == URIRef(BASE + "graph/text/wcda-208256")
    assert (graph_node, RDF.type, URIRef("http://www.w3.org/ns/prov#Entity")) in graphs.graph
    derived = set(
        graphs.graph.objects(graph_node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    )
    assert derived == {URIRef("https://wilson-center.drivingcreative.com/document/208256")}


def test_contributor_translator_and_archive_are_described_in_their_own_graphs(
    pipeline: Pipeline,
) -> None:
    graphs = cable_graphs(pipeline)
    described = {str(agent.iri): str(agent.graph_name) for agent in graphs.agents}
    for path in (
        "person/radchenko-sergey",
        "person/goldberg-gary",
        "group/wilson-digital-archive",
        "group/rgaspi",
        "set/rgaspi-f558-op11-d333",
    ):
        assert described[BASE + path] == BASE + "graph/" + path
    assert all(graph == iri.replace(BASE, BASE + "graph/") for iri, graph in described.items())


def test_mapping_is_deterministic_and_has_no_blank_nodes(pipeline: Pipeline) -> None:
    first, second = cable_graphs(pipeline).union(), cable_graphs(pipeline).union()
    assert isomorphic(first, second)
    assert set(first.serialize(format="nt").splitlines()) == set(
        second.serialize(format="nt").splitlines()
    )
    assert "_:" not in first.serialize(format="nt")
