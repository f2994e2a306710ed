"""JSON-LD that reads like Linked Art: compacted with its context and Fonds's extension.

Resources are served compacted with ["https://linked.art/ns/v1/linked-art.json",
"<base>context.json"]. Both contexts are loaded from the package (ontology/vendor/ and
ontology/context.json), never fetched: compaction works offline and cannot be steered by
a remote document.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from cachetools import LRUCache
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from fonds.resources import bundled

LINKED_ART = "https://linked.art/ns/v1/linked-art.json"
CONTEXT_PATH = "context.json"
PROFILE = "https://linked.art/ns/v1/linked-art.json"
EXPANDED = "http://www.w3.org/ns/json-ld#expanded"
"""The profile of a resource served expanded: one its contexts cannot compact."""
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = ox.NamedNode(_RDF + "type")
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_LIST_TERMS = {
    ox.NamedNode(_RDF + "first"),
    ox.NamedNode(_RDF + "rest"),
    ox.NamedNode(_RDF + "nil"),
}


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


def representation(triples: list[ox.Triple], base: str, root: str) -> tuple[dict | list, str]:
    """A resource's JSON-LD and its profile: compacted to read like Linked Art, or
    expanded when the contexts cannot compact it. JSON-LD forbids compacting an IRI that
    reads as a compact IRI of theirs, such as `crm:E21_Person` written as an IRI (a CURIE
    some dataset took for a full IRI)."""
    try:
        return compact(triples, base, root), PROFILE
    except jsonld.JsonLdError:
        return expanded(triples), EXPANDED


def compact(triples: list[ox.Triple], base: str, frame_root: str | None = None) -> dict:
    """The triples as compacted JSON-LD with the published contexts."""
    compacted = _compactor(base).compact_expanded(expanded(triples))
    if frame_root and "@graph" in compacted:
        # The resource itself first, its fragments after: what a reader looks for first.
        compacted["@graph"].sort(key=lambda node: node.get("id", node.get("@id")) != frame_root)
    return compacted


def expanded(triples: list[ox.Triple]) -> list[dict]:
    """The triples as expanded JSON-LD, one object per node: what pyld's `from_rdf` gives
    for them (without native types), made from the terms instead of parsed from their
    N-Triples (which took 2.1 ms a document at 100k)."""
    if any(_needs_pyld(triple) for triple in triples):
        nquads = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    nodes: dict[str, dict] = {}
    for subject, predicate, value in triples:
        node = nodes.setdefault(_id(subject), {"@id": _id(subject)})
        if isinstance(value, ox.Literal):
            item = {"@value": value.value}
            if value.language:
                item["@language"] = value.language
            elif value.datatype != _XSD_STRING:
                item["@type"] = value.datatype.value
            node.setdefault(predicate.value, []).append(item)
        elif predicate == _RDF_TYPE:
            node.setdefault("@type", []).append(_id(value))
        else:
            node.setdefault(predicate.value, []).append({"@id": _id(value)})
    return [nodes[subject] for subject in sorted(nodes)]


def _needs_pyld(triple: ox.Triple) -> bool:
    """Whether pyld's `from_rdf` does more with this triple than `expanded` does: a
    list's statements become @list arrays, a JSON literal is parsed, and a triple term
    is pyld's to refuse."""
    subject, predicate, value = triple
    if isinstance(value, ox.Literal):
        return value.datatype.value == _RDF + "JSON"
    return (
        predicate in _LIST_TERMS
        or value in _LIST_TERMS
        or isinstance(value, ox.Triple)
        or isinstance(subject, ox.Triple)
    )


def _id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else "_:" + term.value


@lru_cache(maxsize=8)
def _compactor(base: str) -> _Compactor:
    return _Compactor(base)


class _Compactor(jsonld.JsonLdProcessor):
    """pyld's compaction with the published contexts, keeping what it works out from them.

    pyld works the contexts out again for every document, and Linked Art's type-scoped
    contexts again for every node of such a type (each time under an active context of
    a new identity, so its own caches miss); and it compares every IRI it cannot make a
    term with each of the 433 terms, looking for a prefix. A document at 100k took about
    50 ms to compact, most of it on these. The contexts never change, so this keeps their
    resolution, each scoped context worked out under each active context (and its
    inverse), and each IRI compacted under each active context: with `expanded`, under
    7 ms, and the same output (a test compares it with pyld's own). Overrides three of
    pyld's private methods: pyld is pinned.
    """

    def __init__(self, base: str) -> None:
        super().__init__()
        self.context = {"@context": contexts(base)}
        self.options = {
            "documentLoader": loader(base),
            "base": None,
            # Kept, unlike pyld's per call: the resolved contexts and what was worked out
            # from them are cached on it.
            "contextResolver": ContextResolver(LRUCache(maxsize=100), loader(base)),
            # `expanded` gives expanded JSON-LD already.
            "skipExpansion": True,
        }
        self._contexts: LRUCache = LRUCache(maxsize=2_000)
        self._iris: LRUCache = LRUCache(maxsize=10_000)
        self._inverses: LRUCache = LRUCache(maxsize=2_000)
        # Compaction is pure Python, so serializing it costs no parallelism; it keeps
        # these caches (and pyld's) from being changed by two threads at once.
        self._lock = threading.Lock()

    def compact_expanded(self, document: list) -> dict:
        """Expanded JSON-LD compacted with the published contexts."""
        with self._lock:
            return self.compact(document, self.context, self.options)

    def _process_context(
        self,
        active_ctx: dict,
        local_ctx: Any,
        options: dict,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: set | None = None,
    ) -> dict:
        arguments = (options, override_protected, propagate, validate_scoped, cycles)
        identity = active_ctx.get("_uuid")
        if identity is None or cycles:
            return super()._process_context(active_ctx, local_ctx, *arguments)
        # The local context is kept beside its result, so its id() cannot be reused.
        key = (identity, id(local_ctx), override_protected, propagate, validate_scoped)
        kept = self._contexts.get(key)
        if kept is not None and kept[0] is local_ctx:
            return kept[1]
        processed = super()._process_context(active_ctx, local_ctx, *arguments)
        self._contexts[key] = (local_ctx, processed)
        return processed

    def _compact_iri(
        self,
        active_ctx: dict,
        iri: str | None,
        value: Any = None,
        vocab: bool = False,
        base: str | None = None,
        reverse: bool = False,
    ) -> str | None:
        identity = active_ctx.get("_uuid")
        if value is not None or identity is None:  # a value steers the choice of term
            return super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
        key = (identity, iri, vocab, base, reverse)
        compacted = self._iris.get(key)
        if compacted is None:
            compacted = super()._compact_iri(active_ctx, iri, value, vocab, base, reverse)
            self._iris[key] = compacted
        return compacted

    def _get_inverse_context(self, active_ctx: dict) -> dict:
        # pyld keeps 20 for the whole process, and any other compaction pushes these out:
        # beside pyld's own, six were made again a document (about 0.1 ms each).
        identity = active_ctx["_uuid"]
        inverse = self._inverses.get(identity)
        if inverse is None:
            inverse = self._inverses[identity] = super()._get_inverse_context(active_ctx)
        return inverse


def expand(document: dict, base: str) -> list:
    """Expanded JSON-LD (for tests and for clients that check round trips)."""
    return jsonld.expand(document, {"documentLoader": loader(base)})
