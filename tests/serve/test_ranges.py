"""Which bytes of a download a Range header asks for."""

import pytest

from fonds.serve.ranges import Unsatisfiable, byte_range


@pytest.mark.parametrize(
    ("header", "wanted"),
    [
        ("bytes=0-99", (0, 100)),
        ("bytes=100-", (100, 1000)),
        ("bytes=-100", (900, 1000)),
        ("bytes=900-5000", (900, 1000)),  # past the end: up to the end
        ("bytes=-5000", (0, 1000)),
        ("BYTES=1-1", (1, 2)),
        (" bytes=1-2 ", (1, 3)),
    ],
)
def test_one_range_is_read_as_the_bytes_it_names(header: str, wanted: tuple[int, int]) -> None:
    assert byte_range(header, 1000) == wanted


@pytest.mark.parametrize(
    "header", [None, "", "bytes=0-1,5-9", "bytes=9-1", "bytes=-", "items=0-1", "bytes=a-b"]
)
def test_several_ranges_or_an_unreadable_header_mean_the_whole_file(header: str | None) -> None:
    assert byte_range(header, 1000) is None


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_cannot_be_satisfied(header: str) -> None:
    with pytest.raises(Unsatisfiable):
        byte_range(header, 1000)
