"""A message quoted whole inside another document (Mao's message inside Kovalev's cable).

    "To Cde. FILIPPOV.
    ...
    MAO ZEDONG 21 October 1949"

A quotation counts as an embedded message when it spans several lines and either opens
with an address ("To Cde. ...") or closes with a signature and a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fonds.extract.dates import Moment, PartialDate, find_moments
from fonds.extract.handling import Span

_OPEN = re.compile(r'^\s*["“«]', re.MULTILINE)
_CLOSE = re.compile(r'["”»]\s*$', re.MULTILINE)
_ADDRESS = re.compile(
    r"^\s*To\s+(?:(?:Cde|Comrade|Comrades|Cdes)\.?\s+)?(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)",
)
_SIGNATURE = re.compile(r"(?P<name>[A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)*)\s+(?P<rest>[^\n]*?)\s*$")


@dataclass(frozen=True)
class EmbeddedMessage:
    """The quoted message: its text span, addressee and signature as written, its date."""

    span: Span
    addressee: Span | None
    author: Span | None
    date: Moment | None


def find_messages(text: str, context: PartialDate | None) -> list[EmbeddedMessage]:
    """Every embedded message in `text`, in order."""
    messages = []
    position = 0
    while (opening := _OPEN.search(text, position)) is not None:
        start = opening.end()
        closing = _CLOSE.search(text, start)
        if closing is None:
            break
        body = text[start : closing.start()]
        position = closing.end()
        if body.count("\n") < 2:
            continue
        message = _message(text, start, closing.start(), context)
        if message is not None:
            messages.append(message)
    return messages


def _message(
    text: str, start: int, end: int, context: PartialDate | None
) -> EmbeddedMessage | None:
    body = text[start:end]
    address = _ADDRESS.match(body)
    addressee = (
        Span(address.group("name"), start + address.start("name"), start + address.end("name"))
        if address
        else None
    )
    last_line_start = body.rstrip().rfind("\n") + 1
    last_line = body[last_line_start:]
    signature = _SIGNATURE.search(last_line)
    author = date = None
    if signature:
        moments = find_moments(signature.group("rest"), context)
        if moments or not signature.group("rest"):
            offset = start + last_line_start
            author = Span(
                signature.group("name"),
                offset + signature.start("name"),
                offset + signature.end("name"),
            )
            date = moments[0] if moments else None
    if addressee is None and author is None:
        return None
    return EmbeddedMessage(Span(body.strip(), start, end), addressee, author, date)
