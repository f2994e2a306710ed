"""Every crm:, rico: and la: term Fonds emits exists in the official vocabulary files."""

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from fonds.mapping.namespaces import CRM, LA, RICO, RST
from fonds.pipeline import Pipeline
from fonds.resources import bundled
from tests.conftest import ROOT
from tests.mapping.test_document import cable_graphs

SHARED = ROOT.parent / "shared" / "vocab"
VENDORED = bundled("ontology") / "vendor"
OFFICIAL = {
    str(CRM): "cidoc-crm-7.1.3.rdf",
    str(RICO): "rico-1.1.rdf",
    str(RST): "rico-recordsettypes.rdf",
    str(LA): "linked-art-terms.ttl",
}


def official_terms(namespace: str) -> set[str]:
    path = VENDORED / OFFICIAL[namespace]
    graph = Graph().parse(path, format="turtle" if path.suffix == ".ttl" else "xml")
    return {
        str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)
    }


@pytest.mark.parametrize("name", sorted(set(OFFICIAL.values())))
def test_vendored_files_are_the_official_ones(name: str) -> None:
    if not SHARED.is_dir():
        pytest.fail(
            f"{SHARED} is missing: the official vocabulary files must sit beside the checkout"
        )
    vendored = hashlib.sha256((VENDORED / name).read_bytes()).hexdigest()
    official = hashlib.sha256((SHARED / name).read_bytes()).hexdigest()
    assert vendored == official


def emitted_terms(graph: Graph) -> set[str]:
    terms = set()
    for s, p, o in graph:
        terms.add(str(p))
        for node in (s, o):
            if isinstance(node, URIRef):
                terms.add(str(node))
    return terms


def test_every_emitted_term_is_declared(pipeline: Pipeline) -> None:
    graph = cable_graphs(pipeline).union() + pipeline.vocabulary
    emitted = emitted_terms(graph)
    for namespace in OFFICIAL:
        used = {t for t in emitted if t.startswith(namespace)}
        missing = used - official_terms(namespace)
        assert not missing, f"not in {OFFICIAL[namespace]}: {sorted(missing)}"
    assert any(t.startswith(str(CRM)) for t in emitted)
    assert any(t.startswith(str(RICO)) for t in emitted)


def test_a_typo_would_be_caught() -> None:
    assert str(CRM["P4_has_time-span"]) in official_terms(str(CRM))
    assert str(CRM["P4_has_time_span"]) not in official_terms(str(CRM))


def test_shapes_use_only_declared_terms() -> None:
    shapes = Graph()
    for path in Path(bundled("shapes")).glob("*.ttl"):
        shapes.parse(path, format="turtle", publicID="http://localhost:8000/")
    used = emitted_terms(shapes)
    for namespace in OFFICIAL:
        missing = {t for t in used if t.startswith(namespace)} - official_terms(namespace)
        assert not missing, f"shapes use undeclared terms: {sorted(missing)}"
