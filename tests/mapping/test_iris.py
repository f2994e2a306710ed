"""IRIs taken from a record's own URLs: accepted as they are, or refused in words."""

import re

import pytest
from rdflib import URIRef

from fonds.errors import FondsError
from fonds.mapping.iris import external_iri


def test_an_archive_url_is_kept_as_it_is() -> None:
    url = "https://digitalarchive.wilsoncenter.org/document/208256"
    assert external_iri(url) == URIRef(url)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ftp://example.org/document/1", "not an http(s) URL"),
        ("https://example.org/document/<1>", "not allowed in an IRI"),
        ("https://example.org/a/../document/1", "dot-segments"),
        ("https://digitalarchive.wilsoncenter.o[rg/document/300003", "not a valid URL"),
    ],
)
def test_a_url_that_cannot_be_an_iri_is_refused_with_the_reason(url: str, said: str) -> None:
    with pytest.raises(FondsError, match=re.escape(said)):
        external_iri(url)
