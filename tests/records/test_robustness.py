"""Readers and extractors never crash on arbitrary or mutated text: a record or a RecordError."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fonds.errors import FondsError, RecordError
from fonds.extract.archival_reference import parse_reference
from fonds.extract.citation import parse_citation
from fonds.extract.dates import find_moments, make_date, parse_display_date
from fonds.extract.editorial import find_brackets
from fonds.extract.events import find_reported_events
from fonds.extract.handling import find_handling
from fonds.extract.message import find_messages
from fonds.extract.names import heading_to_name, split_list
from fonds.extract.parties import title_parties
from fonds.extract.structure import analyse
from fonds.link.authorities import AuthorityIndex
from fonds.mapping.document import Ingest, to_graphs
from fonds.mapping.iris import Minter
from fonds.records import read_paths
from fonds.records.model import Record
from fonds.settings import Settings
from tests.conftest import BASE, CABLE, FIXED_NOW, ROOT

CABLE_LINES = CABLE.read_text(encoding="utf-8").splitlines()
PAGE_LINES = (
    (ROOT / "tests" / "fixtures" / "records" / "webpage-cable-208256.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
INDEX = AuthorityIndex.load(Settings().authorities)
DOCUMENT_DATE = make_date(1949, 10, 23)
MINTER = Minter(BASE)


def read_or_refuse(text: str, name: str = "record.txt") -> None:
    """Every reader returns records or RecordErrors naming the file; then extraction runs."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for item in read_paths([path]):
            if isinstance(item, RecordError):
                assert item.path.startswith(str(path)) and item.message
            else:
                assert isinstance(item, Record) and item.title and item.record_id
                analyse(item, INDEX.recognizer)
                try:
                    to_graphs(item, MINTER, INDEX, Ingest.start(MINTER, FIXED_NOW), FIXED_NOW)
                except FondsError as error:
                    assert str(error)  # e.g. a URL that cannot be an IRI, said in words


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    read_or_refuse(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(CABLE_LINES) - 1), max_size=8),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(CABLE_LINES) - 1), st.text(max_size=80)),
        max_size=5,
    ),
)
def test_the_cable_with_lines_dropped_and_replaced(
    dropped: list[int], replaced: list[tuple[int, str]]
) -> None:
    lines = list(CABLE_LINES)
    for index, text in replaced:
        lines[index] = text
    read_or_refuse("\n".join(line for i, line in enumerate(lines) if i not in set(dropped)))


def test_the_cable_with_a_broken_url_is_read_or_refused() -> None:
    text = CABLE.read_text(encoding="utf-8")
    for broken in ("https://wilson-center.drivingcreative.c[om", "https://[::1/document"):
        read_or_refuse(text.replace("https://wilson-center.drivingcreative.com", broken))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_extractors_accept_any_text(text: str) -> None:
    parse_citation(text)
    parse_display_date(text)
    parse_reference(text)
    find_moments(text, DOCUMENT_DATE)
    find_brackets(text)
    find_handling(text, DOCUMENT_DATE)
    find_messages(text, DOCUMENT_DATE)
    find_reported_events(text, DOCUMENT_DATE)
    title_parties(text)
    heading_to_name(text)
    split_list(text)
    INDEX.recognizer.find(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=len(PAGE_LINES) - 1), max_size=8),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(PAGE_LINES) - 1), st.text(max_size=80)),
        max_size=5,
    ),
)
def test_the_web_page_with_lines_dropped_and_replaced(
    dropped: list[int], replaced: list[tuple[int, str]]
) -> None:
    lines = list(PAGE_LINES)
    for index, text in replaced:
        lines[index] = text
    read_or_refuse("\n".join(line for i, line in enumerate(lines) if i not in set(dropped)))


CSV_HEADER = (
    "document_url,original_publication_date,title,credits,text_body,summary,authors,"
    "associated_places,subjects_discussed,associated_people_orgs,document_contributors,source,"
    "original_upload_date,original_archive_title,language,rights,record_id,"
    "original_classification,donors"
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=6))
def test_csv_with_arbitrary_rows(rows: list[str]) -> None:
    read_or_refuse("\n".join([CSV_HEADER, *rows]), name="export.csv")
