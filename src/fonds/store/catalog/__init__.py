"""The catalogue: facets, listings and full-text search, built with each published version.

SPARQL engines scan for "documents per year" or "documents whose text says X", so each
publication also writes `catalog.sqlite` beside its dumps: one row per document, one per
(document, entity) mention, and an SQLite FTS5 index over titles, summaries and texts.
It is written from the version's own store before the version is published and never
changed after, so pages built on it always agree with SPARQL on the same version. A
publication that changed few graphs starts from a copy of the previous version's
catalogue and rewrites only the documents in those graphs; the result is the same as a
full build (tests compare the two).

SQLite FTS5 because it ships with Python (no service, no extra package), is consistent by
construction here (rebuilt with the version, atomically published with it), tokenizes
with Unicode case and diacritics folding (`unicode61 remove_diacritics 2`), and ranks by
BM25.

The modules, by what they do:
- `schema`: the tables, and which catalogues this Fonds can read;
- `write`: building a catalogue from a store, afresh or from the previous version's;
- `read`: the `Catalog` the pages query;
- `selection`: what a listing is narrowed to, as SQL;
- `search`: matching and ranking with FTS5;
- `scopes`: the facets of large one-value selections, counted at build time;
- `facts`: every document's facet values in memory, to count any other selection;
- `snippets`: the words around a search hit.
"""

from fonds.store.catalog.facts import FacetValue
from fonds.store.catalog.read import Catalog
from fonds.store.catalog.schema import CATALOG, is_current
from fonds.store.catalog.selection import Listed, Selection
from fonds.store.catalog.write import build

__all__ = ["CATALOG", "Catalog", "FacetValue", "Listed", "Selection", "build", "is_current"]
