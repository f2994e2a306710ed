"""A cheap lexical check of public queries, before the engine ever sees them.

pyoxigraph federates SERVICE to any URL (no way to turn it off from Python) and
crashes the whole process on a few thousand nested groups, so both are refused here:
SERVICE anywhere, nesting deeper than a limit, text longer than a limit, and anything
that is not a SELECT, ASK, CONSTRUCT or DESCRIBE query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fonds.errors import QueryRefused, QueryRejected, QueryTooLarge

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
PROLOGUE = {"BASE", "PREFIX"}

# SPARQL applies \u and \U escapes to the whole query text before parsing, so a
# '\u0053ERVICE' is SERVICE: undo them before looking for keywords.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<long_string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<prefixed>(?:[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*)?:[^\s(){}\[\],;]*)
    | (?P<word>[A-Za-z_][\w-]*)
    | (?P<open>[({\[])
    | (?P<close>[)}\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard, with its form (SELECT, ASK, CONSTRUCT, DESCRIBE)."""

    text: str
    form: str


def check_query(text: str, *, max_bytes: int, max_depth: int) -> CheckedQuery:
    """Return the query's form, or raise the QueryError that says why it is refused."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise QueryTooLarge(f"the query is {size} bytes; the limit is {max_bytes} bytes")
    unescaped = _CODEPOINT.sub(_codepoint, text)
    depth = deepest = 0
    for match in _TOKEN.finditer(unescaped):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > max_depth:
                raise QueryRejected(f"the query is nested deeper than {max_depth} levels")
        elif kind == "close":
            depth -= 1
        elif kind == "word" and match.group().upper() == "SERVICE":
            raise QueryRefused("SERVICE (federated query) is not available on this endpoint")
    form = query_form(unescaped)
    if form in UPDATE_WORDS:
        raise QueryRefused("this endpoint is read-only: SPARQL updates are not accepted")
    if form not in QUERY_FORMS:
        raise QueryRejected("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return CheckedQuery(text, form)


def query_form(text: str) -> str | None:
    """The first keyword after the prologue: SELECT, ASK, CONSTRUCT, DESCRIBE, INSERT, …"""
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word" and match.group().upper() not in PROLOGUE:
            return match.group().upper()
    return None


def _codepoint(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except ValueError:
        return match.group()
