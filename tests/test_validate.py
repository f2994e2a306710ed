"""SHACL reports that name the document, the node, the property and the rule in words."""

from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from fonds.mapping.namespaces import AAT, CRM, RICO
from fonds.pipeline import Pipeline
from fonds.store.convert import quads, to_ntriples
from fonds.validate import crm_hierarchy, predicates_read, read_ntriples
from tests.conftest import BASE
from tests.mapping.test_document import cable_graphs

TEXT = URIRef(BASE + "text/wcda-208256")


def cable_data(pipeline: Pipeline) -> Graph:
    return cable_graphs(pipeline).union() + pipeline.vocabulary


def violations(pipeline: Pipeline, data: Graph) -> list[str]:
    return [str(p) for p in pipeline.validator.validate(str(TEXT), data).violations]


def test_the_cable_conforms_with_warnings_a_person_can_act_on(pipeline: Pipeline) -> None:
    report = pipeline.validator.validate(str(TEXT), cable_data(pipeline))
    assert report.conforms
    assert [p for p in report.problems if p.severity != "Info"] == []


# Each breaks the cable in one way; the tests below say what the report tells.


def not_placed(data: Graph) -> None:
    data.remove((TEXT, RICO.isOrWasIncludedIn, None))


def untitled(data: Graph) -> None:
    data.remove((TEXT, DCTERMS.title, None))


def of_an_undeclared_type(data: Graph) -> None:
    data.add((TEXT, CRM.P2_has_type, URIRef(BASE + "concept/doc-type/telegraph-pole")))


def translated_into_its_own_language(data: Graph) -> None:
    data.add((URIRef(BASE + "text/wcda-208256/en"), CRM.P72_has_language, AAT["300389168"]))


def zoned(data: Graph) -> None:
    span = URIRef(BASE + "text/wcda-208256#creation-ts")
    data.remove((span, CRM.P82b_end_of_the_end, None))
    data.add(
        (span, CRM.P82b_end_of_the_end, Literal("1949-10-23T23:59:59Z", datatype=XSD.dateTime))
    )


def same_as_an_authority(data: Graph) -> None:
    person = URIRef(BASE + "person/goldberg-gary")
    data.add((person, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")))


def with_a_series_outside_any_fond(data: Graph) -> None:
    data.remove((URIRef(BASE + "set/rgaspi-f558-op11"), RICO.isOrWasIncludedIn, None))


def with_a_copy_without_its_reference_code(data: Graph) -> None:
    paper = URIRef(BASE + "object/rgaspi-f558-op11-d333-ll49-51")
    data.remove((paper, CRM.P1_is_identified_by, URIRef(f"{paper}#refcode")))


def broken(pipeline: Pipeline, breaking: Callable[[Graph], None]) -> Graph:
    data = cable_data(pipeline)
    breaking(data)
    return data


def test_a_record_not_placed_in_an_archival_file_gets_a_warning(pipeline: Pipeline) -> None:
    report = pipeline.validator.validate(str(TEXT), broken(pipeline, not_placed))
    assert report.conforms
    assert (
        "Warning: <text/wcda-208256> rico:isOrWasIncludedIn: The record is not yet placed"
        in "\n".join(str(p) for p in report.problems)
    )


def test_a_missing_title_is_reported_in_plain_words(pipeline: Pipeline) -> None:
    assert violations(pipeline, broken(pipeline, untitled)) == [
        "Violation: <text/wcda-208256> dcterms:title: The document needs exactly one non-empty title."
    ]


def test_an_undeclared_local_type_is_refused(pipeline: Pipeline) -> None:
    assert violations(pipeline, broken(pipeline, of_an_undeclared_type)) == [
        "Violation: <text/wcda-208256> crm:P2_has_type: Uses a type that is not declared in "
        "Fonds's concept schemes (ontology/fonds.ttl): <concept/doc-type/telegraph-pole>."
    ]


def test_a_text_that_quotes_a_statement_is_not_read_as_one(pipeline: Pipeline) -> None:
    quoting = (
        f"<{TEXT}> <{CRM.P3_has_note}> "
        f'"x <{CRM.P2_has_type}> <{BASE}concept/doc-type/telegraph-pole> ." .\n'
    ).encode()
    data = to_ntriples(quads(cable_data(pipeline), None)) + quoting
    assert pipeline.validator.validate(str(TEXT), data).conforms


def test_a_translation_in_the_original_language_is_refused(pipeline: Pipeline) -> None:
    assert violations(pipeline, broken(pipeline, translated_into_its_own_language)) == [
        "Violation: <text/wcda-208256/en> crm:P72_has_language: A translation has the same "
        "language (aat:300389168) as the text it translates."
    ]


def test_historical_times_carry_no_time_zone(pipeline: Pipeline) -> None:
    assert violations(pipeline, broken(pipeline, zoned)) == [
        "Violation: <text/wcda-208256#creation-ts> crm:P82b_end_of_the_end: A time-span's end must "
        "be one zone-free xsd:dateTime (historical times carry no zone)."
    ]


def test_owl_same_as_to_an_authority_is_refused(pipeline: Pipeline) -> None:
    assert violations(pipeline, broken(pipeline, same_as_an_authority)) == [
        "Violation: <person/goldberg-gary> owl:sameAs: owl:sameAs would merge every claim of the "
        "other record: use la:equivalent."
    ]


def test_a_series_outside_any_fond_is_refused(pipeline: Pipeline) -> None:
    found = violations(pipeline, broken(pipeline, with_a_series_outside_any_fond))
    assert "Violation: <set/rgaspi-f558-op11>: A series must sit in a fond" in "\n".join(found)


def test_an_archival_copy_without_its_reference_code_is_refused(pipeline: Pipeline) -> None:
    found = violations(pipeline, broken(pipeline, with_a_copy_without_its_reference_code))
    assert any("needs its reference code" in v for v in found)


@pytest.mark.parametrize(
    "breaking",
    [
        lambda data: None,
        not_placed,
        untitled,
        of_an_undeclared_type,
        translated_into_its_own_language,
        zoned,
        same_as_an_authority,
        with_a_series_outside_any_fond,
        with_a_copy_without_its_reference_code,
    ],
)
def test_validating_only_the_predicates_the_shapes_read_changes_no_report(
    pipeline: Pipeline, breaking: Callable[[Graph], None]
) -> None:
    data = broken(pipeline, breaking)
    everything = pipeline.validator.validate(str(TEXT), data)
    read = read_ntriples(to_ntriples(quads(data, None)), pipeline.validator.reads)
    assert read.count(b"\n") < len(data) * 0.8  # the annotations' selectors, scores, ...
    assert pipeline.validator.validate(str(TEXT), read).problems == everything.problems


@pytest.mark.parametrize(
    "breaking", [not_placed, of_an_undeclared_type, translated_into_its_own_language]
)
def test_a_graph_a_store_and_their_ntriples_get_the_same_report(
    pipeline: Pipeline, breaking: Callable[[Graph], None]
) -> None:
    data = broken(pipeline, breaking)
    store = ox.Store()
    store.extend(quads(data, None))
    as_graph = pipeline.validator.validate(str(TEXT), data)
    assert as_graph.problems
    assert pipeline.validator.validate(str(TEXT), store) == as_graph
    assert pipeline.validator.validate(str(TEXT), to_ntriples(quads(data, None))) == as_graph


def test_a_closed_shape_or_sparql_over_any_predicate_reads_every_predicate() -> None:
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> ."
    named = Graph().parse(
        data=prefixes + "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ] .",
        format="turtle",
    )
    closed = Graph().parse(data=prefixes + "ex:S sh:closed true .", format="turtle")
    any_predicate = Graph().parse(
        data=prefixes + 'ex:S sh:target [ sh:select "SELECT $this WHERE { $this ?p 1 }" ] .',
        format="turtle",
    )
    rule = Graph().parse(
        data=prefixes
        + 'ex:S sh:rule [ sh:construct "CONSTRUCT { $this ex:q 1 } WHERE { $this ?p ?o }" ] .',
        format="turtle",
    )
    assert {"http://example.org/p", str(RDF.type)} <= predicates_read(named)
    assert predicates_read(closed) is None
    assert predicates_read(any_predicate) is None
    assert predicates_read(rule) is None


def test_the_crm_hierarchy_holds_only_crm_subclass_axioms() -> None:
    hierarchy = crm_hierarchy()
    assert (CRM.E31_Document, RDFS.subClassOf, CRM.E73_Information_Object) in hierarchy
    assert (CRM.E21_Person, RDFS.subClassOf, CRM.E20_Biological_Object) in hierarchy
    assert set(hierarchy.predicates()) == {RDFS.subClassOf}
    assert all(str(term).startswith(str(CRM)) for triple in hierarchy for term in triple[::2])
