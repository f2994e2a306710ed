"""SHACL reports that name the document, the node, the property and the rule in words."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from fonds.mapping.namespaces import AAT, CRM, RICO
from fonds.pipeline import Pipeline
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


def test_a_record_not_placed_in_an_archival_file_gets_a_warning(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    data.remove((TEXT, RICO.isOrWasIncludedIn, None))
    report = pipeline.validator.validate(str(TEXT), data)
    assert report.conforms
    assert (
        "Warning: <text/wcda-208256> rico:isOrWasIncludedIn: The record is not yet placed"
        in "\n".join(str(p) for p in report.problems)
    )


def test_a_missing_title_is_reported_in_plain_words(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    data.remove((TEXT, DCTERMS.title, None))
    assert violations(pipeline, data) == [
        "Violation: <text/wcda-208256> dcterms:title: The document needs exactly one non-empty title."
    ]


def test_an_undeclared_local_type_is_refused(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    data.add((TEXT, CRM.P2_has_type, URIRef(BASE + "concept/doc-type/telegraph-pole")))
    assert violations(pipeline, data) == [
        "Violation: <text/wcda-208256> crm:P2_has_type: Uses a type that is not declared in "
        "Fonds's concept schemes (ontology/fonds.ttl): <concept/doc-type/telegraph-pole>."
    ]


def test_a_translation_in_the_original_language_is_refused(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    data.add((URIRef(BASE + "text/wcda-208256/en"), CRM.P72_has_language, AAT["300389168"]))
    assert violations(pipeline, data) == [
        "Violation: <text/wcda-208256/en> crm:P72_has_language: A translation has the same "
        "language (aat:300389168) as the text it translates."
    ]


def test_historical_times_carry_no_time_zone(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    span = URIRef(BASE + "text/wcda-208256#creation-ts")
    data.remove((span, CRM.P82b_end_of_the_end, None))
    data.add(
        (span, CRM.P82b_end_of_the_end, Literal("1949-10-23T23:59:59Z", datatype=XSD.dateTime))
    )
    assert violations(pipeline, data) == [
        "Violation: <text/wcda-208256#creation-ts> crm:P82b_end_of_the_end: A time-span's end must "
        "be one zone-free xsd:dateTime (historical times carry no zone)."
    ]


def test_owl_same_as_to_an_authority_is_refused(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    person = URIRef(BASE + "person/goldberg-gary")
    data.add(
        (
            person,
            URIRef("http://www.w3.org/2002/07/owl#sameAs"),
            URIRef("http://www.wikidata.org/entity/Q1"),
        )
    )
    assert violations(pipeline, data) == [
        "Violation: <person/goldberg-gary> owl:sameAs: owl:sameAs would merge every claim of the "
        "other record: use la:equivalent."
    ]


def test_a_series_outside_any_fond_is_refused(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    series = URIRef(BASE + "set/rgaspi-f558-op11")
    data.remove((series, RICO.isOrWasIncludedIn, None))
    assert "Violation: <set/rgaspi-f558-op11>: A series must sit in a fond" in "\n".join(
        violations(pipeline, data)
    )


def test_an_archival_copy_without_its_reference_code_is_refused(pipeline: Pipeline) -> None:
    data = cable_data(pipeline)
    paper = URIRef(BASE + "object/rgaspi-f558-op11-d333-ll49-51")
    data.remove((paper, CRM.P1_is_identified_by, URIRef(f"{paper}#refcode")))
    assert any("needs its reference code" in v for v in violations(pipeline, data))
