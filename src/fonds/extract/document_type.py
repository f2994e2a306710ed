"""Document type and document numbers from the title, as the archive words them."""

from __future__ import annotations

import re

# Longest phrases first: "Ciphered Telegram" before "Telegram". Each value is a term
# of the concept scheme concept/doc-type in ontology/fonds.ttl.
TITLE_TYPES: list[tuple[str, str]] = [
    ("memorandum of conversation", "memorandum-of-conversation"),
    ("record of conversation", "record-of-conversation"),
    ("minutes of conversation", "record-of-conversation"),
    ("ciphered telegram", "ciphered-telegram"),
    ("cable telegram", "cable"),
    ("cable", "cable"),
    ("telegram", "telegram"),
    ("memorandum", "memorandum"),
    ("letter", "letter"),
    ("report", "report"),
    ("minutes", "minutes"),
    ("resolution", "resolution"),
    ("decree", "resolution"),
    ("speech", "speech"),
    ("diary", "diary"),
    ("note", "note"),
]
_NUMBER = re.compile(r"\b(?:no\.?|nº|n°|№|number)\s*(?P<number>\d[\d/-]*\d|\d)\b", re.IGNORECASE)


def document_type(title: str) -> str:
    """The doc-type term for a title; 'document' when no known word appears."""
    lowered = title.lower()
    for phrase, term in TITLE_TYPES:
        if re.search(rf"\b{re.escape(phrase)}s?\b", lowered):
            return term
    return "document"


def title_number(title: str) -> str | None:
    """The document number a title gives ('Cable Telegram no. 59363' gives '59363')."""
    match = _NUMBER.search(title)
    return match.group("number") if match else None
