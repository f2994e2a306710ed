"""Languages: a Getty AAT term where one is known, else a local concept; ISO 639-2 for DC."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from fonds.link.authorities import AuthorityIndex
from fonds.mapping.iris import Minter, slugify
from fonds.mapping.namespaces import AAT, CRM, ISO639_2

# The AAT language terms verified in the modelling guide, by ISO 639-1 code.
AAT_LANGUAGES = {
    "ru": AAT["300389168"],
    "en": AAT["300388277"],
    "zh": AAT["300388113"],
    "ko": AAT["300388633"],
}


@dataclass(frozen=True)
class Language:
    """One language as the mapping needs it."""

    label: str
    iri: URIRef
    code: str
    iso639_2: URIRef | None = None
    declaration: tuple[tuple[URIRef, URIRef, Literal | URIRef], ...] = field(default=())


def split_languages(text: str | None) -> list[str]:
    """'Russian, Chinese' and 'Russian and Chinese' name two languages."""
    if not text:
        return []
    return [p.strip() for p in re.split(r"\s*(?:,|;|/|\band\b)\s*", text) if p.strip()]


def resolve_language(name: str, index: AuthorityIndex, minter: Minter) -> Language | None:
    """Map a language name as the archive writes it ('Russian') to its IRIs."""
    entity = index.find(name, type="language")
    if entity is None:
        slug = slugify(name)
        if not slug:
            return None
        return _local(name, slug, None, minter)
    code = entity.other.get("iso639_1") or entity.other.get("iso639_3") or entity.slug
    iso2 = entity.other.get("iso639_2", "").split("/")[0] or None
    iso_iri = ISO639_2[iso2] if iso2 and re.fullmatch(r"[a-z]{3}", iso2) else None
    if code in AAT_LANGUAGES:
        return Language(entity.pref_label, AAT_LANGUAGES[code], code, iso_iri)
    return _local(entity.pref_label, iso2 or slugify(code), iso_iri, minter, code=code)


def _local(
    label: str, slug: str, iso: URIRef | None, minter: Minter, code: str | None = None
) -> Language:
    concept = minter.concept("language", slug)
    declaration = (
        (concept, RDF.type, SKOS.Concept),
        (concept, RDF.type, CRM.E56_Language),
        (concept, SKOS.inScheme, minter.concept_scheme("language")),
        (concept, SKOS.prefLabel, Literal(label, lang="en")),
    )
    return Language(label, concept, code or slug, iso, declaration)
