"""Choosing a media type from an Accept header."""

import pytest

from fonds.serve.negotiation import choose

OFFERED = ["text/html", "text/turtle", "application/ld+json"]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "text/html"),
        ("", "text/html"),
        ("*/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json, text/turtle;q=0.9", "application/ld+json"),
        ("text/*;q=0.5, application/ld+json;q=0.4", "text/html"),
        ("text/html;q=0, text/*", "text/turtle"),
        ("application/ld+json;q=1.5, text/turtle;q=0.2", "text/turtle"),
        ("text/turtle;q=NaN, application/ld+json", "application/ld+json"),
        ("garbage", "text/html"),
        ("image/png", None),
    ],
)
def test_choose(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, OFFERED) == chosen
