"""Readers and extractors never crash on arbitrary or mutated text: a record or a RecordError."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fonds.errors import RecordError
from fonds.extract.citation import parse_citation
from fonds.extract.dates import parse_display_date
from fonds.records.text import read_text
from tests.conftest import CABLE

CABLE_LINES = CABLE.read_text(encoding="utf-8").splitlines()


def read_or_refuse(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            record = read_text(path)
        except RecordError as error:
            assert error.path == str(path) and error.message
        else:
            assert record.title and record.record_id


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


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_extractors_accept_any_text(text: str) -> None:
    parse_citation(text)
    parse_display_date(text)
