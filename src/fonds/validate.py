"""Validate a document's graph with the SHACL shapes in shapes/, and say what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl_turbo import compile_shapes
from pyshacl_turbo.rdf import Input
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from fonds.mapping.namespaces import CRM, PREFIXES, SH
from fonds.resources import bundled
from fonds.store.convert import quads, to_ntriples


@dataclass(frozen=True)
class Problem:
    """One SHACL result in words: which node, which property, which rule."""

    severity: str
    focus: str
    path: str | None
    message: str
    shape: str | None = None

    def __str__(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        return f"{self.severity}: {where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """What SHACL says of one document's graph."""

    document: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation (warnings and infos are allowed)."""
        return not self.violations

    @property
    def violations(self) -> list[Problem]:
        """The problems that stop a document from being stored."""
        return [p for p in self.problems if p.severity == "Violation"]


RULE_PREDICATES = frozenset(
    str(p)
    for p in (
        RDF.type,
        SKOS.Concept,
        CRM.P2_has_type,
        CRM.P72_has_language,
        CRM.P73i_is_translation_of,
    )
)
"""What the rules written in Python below read, besides the shapes."""


def predicates_read(shapes: Graph, also: Iterable[str] = ()) -> frozenset[str] | None:
    """Every predicate whose triples can change what `shapes` say of a focus node, or
    None when the shapes do not say (a closed shape, or SPARQL that reads any predicate).

    A SHACL engine reads a data triple only through a predicate the shapes name: in a
    path, a target, sh:equals and the like, or SPARQL; classes add rdf:type and
    rdfs:subClassOf. Triples of any other predicate can be left out of the data a
    document is validated with, without changing its report.
    """
    if any(shapes.triples((None, SH.closed, None))):
        return None
    named = {str(term) for triple in shapes for term in triple if isinstance(term, URIRef)}
    for predicate in (SH.select, SH.ask, SH.construct):  # targets, constraints, rules
        for query in shapes.objects(None, predicate):
            found = _sparql_predicates(str(query))
            if found is None:
                return None
            named |= found
    return frozenset(named | {str(RDF.type), str(RDFS.subClassOf)} | set(also))


def read_ntriples(data: bytes, reads: frozenset[str] | None) -> bytes:
    """The lines of N-Triples (one statement a line, each subject an IRI, as Fonds writes
    them) whose predicate is in `reads` (all of them when it is None)."""
    if reads is None:
        return data
    wanted = _as_ntriples_terms(reads)
    return b"".join(
        line for line in data.splitlines(keepends=True) if line.split(b" ", 2)[1] in wanted
    )


@cache
def _as_ntriples_terms(iris: frozenset[str]) -> frozenset[bytes]:
    return frozenset(b"<" + iri.encode() + b">" for iri in iris)


def _sparql_predicates(query: str) -> set[str] | None:
    """The IRIs a SPARQL query names, or None when one of its patterns can match any
    predicate (a variable or a negated path in the predicate's place)."""
    from rdflib.paths import NegatedPath
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # e.g. a prefix declared with sh:prefixes, which rdflib cannot see
        return None
    named: set[str] = set()
    pending: list[object] = [algebra]
    while pending:
        node = pending.pop()
        if isinstance(node, URIRef):
            named.add(str(node))
        elif isinstance(node, NegatedPath) or _is_pattern_of_any_predicate(node):
            return None
        elif isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, (list, tuple, set)):
            pending.extend(node)
        elif hasattr(node, "args"):
            pending.extend(node.args)
        elif hasattr(node, "arg"):
            pending.append(node.arg)
        elif hasattr(node, "path"):
            pending.append(node.path)
    return named


def _is_pattern_of_any_predicate(node: object) -> bool:
    from rdflib.term import Variable

    return isinstance(node, tuple) and len(node) == 3 and isinstance(node[1], Variable)


class Validator:
    """SHACL shapes and the CRM class hierarchy, loaded once for a base IRI."""

    def __init__(self, base_iri: str) -> None:
        self.base = base_iri
        self.shapes = load_turtle_folder(bundled("shapes"), base_iri)
        for s, p, o in list(self.shapes):
            if isinstance(o, Literal) and "{BASE}" in o:
                self.shapes.remove((s, p, o))
                self.shapes.add((s, p, Literal(str(o).replace("{BASE}", re.escape(base_iri)))))
        self.hierarchy = crm_hierarchy()
        self._hierarchy = to_ntriples(quads(self.hierarchy, None))
        # pyshacl-turbo: pySHACL's API and reports, in Rust; the shapes are compiled once
        # per process (bench/validation.py measures it beside pySHACL).
        # Compiled from a copy without prefixes: pyshacl-turbo binds each of the shapes'
        # prefixes in every report it makes (2 ms a document for rdflib's 29).
        bare = Graph(bind_namespaces="none")
        bare += self.shapes
        self.compiled = compile_shapes(bare, advanced=True)
        self.reads = predicates_read(self.shapes, RULE_PREDICATES)

    def validate(
        self, document: str, data: Graph | ox.Store | bytes, focus: Iterable[URIRef] | None = None
    ) -> Report:
        """Validate `data` (the document with what it links to and the vocabulary).

        `data` is N-Triples (what ingest gives: pyshacl-turbo parses them in Rust), an
        rdflib graph or a pyoxigraph store; the CRM class hierarchy is added to it. With
        `focus`, only those nodes are checked: the vocabulary and entities already
        checked in this run are context, not subjects, which keeps a document's
        validation independent of how many concepts and people the dataset holds.
        """
        text = data if isinstance(data, bytes) else _ntriples_of(data)
        focus_nodes = sorted(set(focus), key=str) if focus is not None else None
        # Handed over as text: given a pyoxigraph store, pyshacl-turbo dumps it to text
        # first, so building one for it only cost time (Input is how it takes text in;
        # the engine reads statements as a set, as a store would hold them).
        source = Input((text + self._hierarchy).decode(), "nt", None, {}, preserve_ids=True)
        _conforms, results, _text = self.compiled.validate(
            source,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            focus_nodes=focus_nodes,
        )
        problems = [
            self._problem(results, node) for node in results.subjects(RDF.type, SH.ValidationResult)
        ]
        ruled = _RuleData(text)
        problems += self._translation_languages(ruled)
        problems += self._declared_types(ruled, focus_nodes)
        problems.sort(key=lambda p: (p.severity != "Violation", p.focus, p.path or "", p.message))
        return Report(document, problems)

    def _translation_languages(self, data: _RuleData) -> list[Problem]:
        """Rule 9: a translation is in another language than the text it translates."""
        problems = []
        for translation, original in data.translations:
            shared = data.languages.get(translation, set()) & data.languages.get(original, set())
            problems += [
                Problem(
                    "Violation",
                    self.short(URIRef(translation)),
                    self.short(CRM.P72_has_language),
                    f"A translation has the same language ({self.short(URIRef(language))}) "
                    "as the text it translates.",
                )
                for language in sorted(shared)
            ]
        return problems

    def _declared_types(self, data: _RuleData, focus: list[URIRef] | None) -> list[Problem]:
        """Rule 8: every local type (an IRI under the base) is a declared skos:Concept."""
        subjects = {str(f) for f in focus} if focus is not None else None
        local = {kind for _, kind in data.typed if kind.startswith(self.base)}
        undeclared = {kind for kind in local if not data.is_concept(kind)}
        return [
            Problem(
                "Violation",
                self.short(URIRef(node)),
                self.short(CRM.P2_has_type),
                f"Uses a type that is not declared in Fonds's concept schemes "
                f"(ontology/fonds.ttl): {self.short(URIRef(kind))}.",
                shape="fs:DeclaredTypes",
            )
            for node, kind in sorted(data.typed)
            if kind in undeclared and (subjects is None or node in subjects)
        ]

    def _problem(self, results: Graph, node: URIRef) -> Problem:
        severity = str(results.value(node, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        path = results.value(node, SH.resultPath)
        message = results.value(node, SH.resultMessage)
        shape = results.value(node, SH.sourceShape)
        return Problem(
            severity=severity,
            focus=self.short(results.value(node, SH.focusNode)),
            path=self.short(path) if isinstance(path, URIRef) else None,
            message=str(message) if message else "does not conform",
            shape=self.short(shape) if isinstance(shape, URIRef) else None,
        )

    def short(self, term: object) -> str:
        """A term as a person reads it: <text/wcda-1> for our IRIs, crm:P1_... for vocabularies."""
        value = str(term)
        if value.startswith(self.base):
            return "<" + value[len(self.base) :] + ">"
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace):
                return f"{prefix}:{value[len(namespace) :]}"
        return f"<{value}>" if isinstance(term, URIRef) else value


def load_turtle_folder(folder: Path, base_iri: str) -> Graph:
    """Parse every *.ttl in `folder`, resolving relative IRIs against the base IRI."""
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle", publicID=base_iri)
    return graph


@cache
def crm_hierarchy() -> Graph:
    """Only the rdfs:subClassOf axioms of CIDOC-CRM: enough for targets to reach subclasses."""
    # Parsed by pyoxigraph: rdflib's RDF/XML parser took 0.9 s of every process's start
    # (each ingest worker, each command), pyoxigraph's 16 ms.
    crm = bundled("ontology") / "vendor" / "cidoc-crm-7.1.3.rdf"
    namespace = str(CRM)
    hierarchy = Graph()
    for triple in ox.parse(path=crm, format=ox.RdfFormat.RDF_XML):
        sub, sup = triple.subject, triple.object
        if (
            triple.predicate.value == str(RDFS.subClassOf)
            and isinstance(sub, ox.NamedNode)
            and isinstance(sup, ox.NamedNode)
            and sub.value.startswith(namespace)
            and sup.value.startswith(namespace)
        ):
            hierarchy.add((URIRef(sub.value), RDFS.subClassOf, URIRef(sup.value)))
    return hierarchy


def _ntriples_of(data: Graph | ox.Store) -> bytes:
    """The default graph of a store, or an rdflib graph, as N-Triples."""
    if isinstance(data, Graph):
        return to_ntriples(quads(data, None))
    return data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


_TRANSLATES, _LANGUAGE, _TYPE, _A, _CONCEPT = (
    str(p)
    for p in (
        CRM.P73i_is_translation_of,
        CRM.P72_has_language,
        CRM.P2_has_type,
        RDF.type,
        SKOS.Concept,
    )
)
_RULE_NEEDLES = tuple(f" <{p}> ".encode() for p in (_TRANSLATES, _LANGUAGE, _TYPE))


class _RuleData:
    """What the rules written in Python read of the N-Triples being validated.

    Only the lines they need are parsed, found with bytes.find: a document's data holds
    about 1,500 lines, of which they read a few dozen.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        kept = []
        for needle in _RULE_NEEDLES:
            at = data.find(needle)
            while at >= 0:
                start = data.rfind(b"\n", 0, at) + 1
                end = data.find(b"\n", at)
                end = len(data) if end < 0 else end
                kept.append(data[start:end])
                at = data.find(needle, end)
        self.translations: list[tuple[str, str]] = []
        self.languages: dict[str, set[str]] = {}
        self.typed: set[tuple[str, str]] = set()
        # A line found by a needle inside a literal parses to another predicate: skipped.
        lines = b"\n".join(dict.fromkeys(kept))  # a line two needles find is read once
        for triple in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES):
            subject, predicate, value = triple.subject.value, triple.predicate.value, triple.object
            if not isinstance(value, ox.NamedNode):
                continue
            if predicate == _TRANSLATES:
                self.translations.append((subject, value.value))
            elif predicate == _LANGUAGE:
                self.languages.setdefault(subject, set()).add(value.value)
            elif predicate == _TYPE:
                self.typed.add((subject, value.value))

    def is_concept(self, iri: str) -> bool:
        """Whether the data declares `iri` a skos:Concept (looked up for the few types a
        document uses, rather than reading the vocabulary's hundreds of declarations)."""
        line = f"<{iri}> <{_A}> <{_CONCEPT}> .".encode()
        at = self.data.find(line)
        while at > 0 and self.data[at - 1 : at] != b"\n":
            at = self.data.find(line, at + 1)
        return at >= 0
