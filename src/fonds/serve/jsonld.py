"""JSON-LD that reads like Linked Art: compacted with its context and Fonds's extension.

Resources are served compacted with ["https://linked.art/ns/v1/linked-art.json",
"<base>context.json"]. Both contexts are loaded from the package (ontology/vendor/ and
ontology/context.json), never fetched: compaction works offline and cannot be steered by
a remote document.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from fonds.resources import bundled

LINKED_ART = "https://linked.art/ns/v1/linked-art.json"
CONTEXT_PATH = "context.json"
PROFILE = "https://linked.art/ns/v1/linked-art.json"


@lru_cache(maxsize=1)
def local_context() -> dict[str, Any]:
    """Fonds's own context document (the extension for RiC-O, PROV-O, EDTF, annotations)."""
    return json.loads((bundled("ontology") / CONTEXT_PATH).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _linked_art() -> dict[str, Any]:
    return json.loads(
        (bundled("ontology") / "vendor" / "linked-art-context.json").read_text(encoding="utf-8")
    )


def contexts(base: str) -> list[str]:
    """The @context of every compacted document."""
    return [LINKED_ART, base + CONTEXT_PATH]


def loader(base: str):
    """A pyld document loader that knows exactly the two contexts and nothing else."""
    known = {LINKED_ART: _linked_art(), base + CONTEXT_PATH: local_context()}

    def load(url: str, options: dict | None = None) -> dict[str, Any]:
        if url not in known:
            raise jsonld.JsonLdError(
                f"Fonds does not load remote JSON-LD documents ({url})",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": known[url]}

    return load


def compact(triples: list[ox.Triple], base: str, frame_root: str | None = None) -> dict:
    """The triples as compacted JSON-LD with the published contexts."""
    # From N-Quads through pyld, so that each node is one object (pyoxigraph streams one
    # object per run of triples).
    nquads = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    options = {"documentLoader": loader(base), "base": None}
    compacted = jsonld.compact(expanded, {"@context": contexts(base)}, options)
    if frame_root and "@graph" in compacted:
        # The resource itself first, its fragments after: what a reader looks for first.
        compacted["@graph"].sort(key=lambda node: node.get("id", node.get("@id")) != frame_root)
    return compacted


def expand(document: dict, base: str) -> list:
    """Expanded JSON-LD (for tests and for clients that check round trips)."""
    return jsonld.expand(document, {"documentLoader": loader(base)})
