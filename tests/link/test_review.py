"""Review sheets: what Fonds could not link, decided by a person, kept across re-ingests."""

import csv
import shutil
from pathlib import Path

import pytest

from fonds.errors import FondsError
from fonds.link.authorities import AuthorityIndex
from fonds.link.review import apply_sheet, rows_to_review, write_sheet
from fonds.pipeline import Pipeline
from fonds.settings import Settings
from fonds.store import open_store
from tests.conftest import BASE, CABLE


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    authorities = tmp_path / "authorities"
    shutil.copytree(Settings().authorities, authorities)
    return Settings(store=str(tmp_path / "store"), base_iri=BASE, authorities=authorities)


def review(settings: Settings, sheet: Path) -> list[dict[str, str]]:
    store = open_store(settings.store)
    index = AuthorityIndex.load(settings.authorities)
    write_sheet(sheet, rows_to_review(store.snapshot(), index, BASE))
    with sheet.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def decide(sheet: Path, rows: list[dict[str, str]], label: str, decision: str, target: str) -> None:
    for row in rows:
        if row["label"] == label:
            row.update(decision=decision, target=target)
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def party_links(settings: Settings) -> list[tuple[str, str]]:
    rows = (
        open_store(settings.store)
        .snapshot()
        .query(
            """SELECT DISTINCT ?body ?method WHERE {
             ?m <http://www.w3.org/ns/oa#hasTarget>/<http://www.w3.org/ns/oa#hasSelector>/
                <http://www.w3.org/ns/oa#exact> "Worker's Party" ;
                <http://www.w3.org/ns/oa#hasBody> ?body ; <http://purl.org/dc/terms/type> ?method }""",
            use_default_graph_as_union=True,
        )
    )
    return sorted((r["body"].value, r["method"].value.rsplit("/", 1)[-1]) for r in rows)


def test_the_sheet_lists_unreconciled_names_with_candidates(
    settings: Settings, tmp_path: Path
) -> None:
    Pipeline(settings).ingest([CABLE], open_store(settings.store))
    rows = {row["label"]: row for row in review(settings, tmp_path / "review.csv")}
    assert {"Worker's Party", "Finenko", "Doronchenkova", "Pak Hyung-sik"} <= set(rows)
    party = rows["Worker's Party"]
    assert party["kind"] == "organization" and party["method"] == "ambiguous"
    assert [c.split()[0] for c in party["candidates"].split(" | ")][:3] == [
        "index:wpk",
        "index:wpnk",
        "index:wpsk",
    ]
    assert "[Worker's Party]" in party["quotation"]
    assert "Joseph Stalin" not in rows  # linked with confidence: nothing to review


def test_a_decision_survives_reingest(settings: Settings, tmp_path: Path) -> None:
    pipeline = Pipeline(settings)
    pipeline.ingest([CABLE], open_store(settings.store))
    assert party_links(settings) == [(BASE + "group/worker-s-party", "ambiguous")]

    sheet = tmp_path / "review.csv"
    decide(sheet, review(settings, sheet), "Worker's Party", "match", "wpsk")
    (decision,) = apply_sheet(
        sheet, AuthorityIndex.load(settings.authorities), settings.authorities, "A. Reviewer"
    )
    assert (decision.decision, decision.target, decision.reviewer) == (
        "match",
        "wpsk",
        "A. Reviewer",
    )

    for _ in range(2):  # the decision is read from data/authorities on every ingest
        Pipeline(settings).ingest([CABLE], open_store(settings.store))
        assert party_links(settings) == [(BASE + "group/wpsk", "review-decision")]
    assert "Worker's Party" not in {r["label"] for r in review(settings, sheet)}


def test_an_external_identifier_decided_for_a_local_person(
    settings: Settings, tmp_path: Path
) -> None:
    Pipeline(settings).ingest([CABLE], open_store(settings.store))
    sheet = tmp_path / "review.csv"
    decide(sheet, review(settings, sheet), "Finenko", "viaf", "123456789")
    apply_sheet(sheet, AuthorityIndex.load(settings.authorities), settings.authorities, "R")
    Pipeline(settings).ingest([CABLE], open_store(settings.store))
    assert (
        open_store(settings.store)
        .snapshot()
        .query(
            f"""ASK {{ <{BASE}person/finenko> <https://linked.art/ns/terms/equivalent>
                   <http://viaf.org/viaf/123456789> .
               ?link <http://www.cidoc-crm.org/cidoc-crm/P141_assigned> <http://viaf.org/viaf/123456789> ;
                     <http://www.cidoc-crm.org/cidoc-crm/P2_has_type> <{BASE}concept/link-method/review-decision> }}""",
            use_default_graph_as_union=True,
        )
    )


def test_a_sheet_with_one_bad_row_is_not_applied_at_all(settings: Settings, tmp_path: Path) -> None:
    Pipeline(settings).ingest([CABLE], open_store(settings.store))
    sheet = tmp_path / "review.csv"
    rows = review(settings, sheet)
    decide(sheet, rows, "Finenko", "distinct", "")
    decide(sheet, rows, "Worker's Party", "match", "stalin")  # a person, not a party
    before = (settings.authorities / "decisions.tsv").exists()
    with pytest.raises(FondsError, match=r"review.csv:\d+ \[Worker's Party\]: stalin is a person"):
        apply_sheet(sheet, AuthorityIndex.load(settings.authorities), settings.authorities)
    assert (settings.authorities / "decisions.tsv").exists() == before


def test_a_sheet_saved_as_latin1_is_refused_with_its_line(
    settings: Settings, tmp_path: Path
) -> None:
    sheet = tmp_path / "review.csv"
    sheet.write_bytes(
        b"label,kind,decision,target\nFinenko,person,distinct,\n"
        + "Caf\u00e9,place,not-an-entity,\n".encode("latin-1")
    )
    with pytest.raises(FondsError, match=r"review.csv:3: not UTF-8 \(byte 0xe9\)"):
        apply_sheet(sheet, AuthorityIndex.load(settings.authorities), settings.authorities)
    assert not (settings.authorities / "decisions.tsv").exists()
