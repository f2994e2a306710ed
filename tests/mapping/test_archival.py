"""Record sets are shared by every document that cites them."""

from pathlib import Path

from rdflib import URIRef

from fonds.mapping.document import Ingest
from fonds.mapping.namespaces import CRM, RICO
from fonds.pipeline import Pipeline
from fonds.records.text import read_text
from fonds.store import open_store
from tests.conftest import BASE, FIXED_NOW, write_record

QUERY = """
PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
SELECT ?doc ?paper WHERE {
  ?doc rico:isOrWasIncludedIn <%sset/rgaspi-f558-op11-d333> ;
       rico:hasOrHadInstantiation ?paper .
} ORDER BY ?doc
"""


def test_two_documents_in_one_file_share_its_record_sets(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    write_record(tmp_path, "a.txt", cable_text)
    write_record(
        tmp_path,
        "b.txt",
        cable_text.replace("document/208256", "document/208257").replace(
            "II. 0049-0051", "ll. 52-53"
        ),
    )
    store = open_store("memory:")
    assert pipeline.ingest([tmp_path], store).stored == 2

    rows = list(store.snapshot().query(QUERY % BASE, use_default_graph_as_union=True))
    assert [(r["doc"].value, r["paper"].value) for r in rows] == [
        (BASE + "text/wcda-208256", BASE + "object/rgaspi-f558-op11-d333-ll49-51"),
        (BASE + "text/wcda-208257", BASE + "object/rgaspi-f558-op11-d333-ll52-53"),
    ]
    named = list(
        store.snapshot().query(
            f"SELECT ?g WHERE {{ GRAPH ?g {{ <{BASE}set/rgaspi-f558-op11-d333> a ?type }} }}"
        )
    )
    assert {r["g"].value for r in named} == {BASE + "graph/set/rgaspi-f558-op11-d333"}


def test_two_references_place_the_text_in_two_archives(
    pipeline: Pipeline, tmp_path: Path, cable_text: str
) -> None:
    cited = "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141"
    text = cable_text.replace("RGASPI, f. 558, op. 11, d. 333, II. 0049-0051", cited)
    path = write_record(tmp_path, "two.txt", text)

    outcome, graphs = pipeline.check_record(
        read_text(path), Ingest.start(pipeline.minter, FIXED_NOW)
    )

    assert outcome.ok, outcome.problems
    assert graphs is not None
    keepers = set(graphs.graph.objects(None, CRM.P50_has_current_keeper))
    assert keepers == {URIRef(BASE + "group/aprf"), URIRef(BASE + "group/rgaspi")}
    files = set(graphs.graph.objects(graphs.document, RICO.isOrWasIncludedIn))
    assert files == {
        URIRef(BASE + "set/aprf-f45-op1-d334"),
        URIRef(BASE + "set/rgaspi-f558-op11-d334"),
    }
