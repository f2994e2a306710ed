"""Everything Fonds reads inside one document, in one place for the mapping stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fonds.extract.archival_reference import ReferenceParse, parse_reference
from fonds.extract.editorial import Bracket, find_brackets
from fonds.extract.events import ReportedEvent, find_reported_events
from fonds.extract.handling import Handling, Span, find_handling
from fonds.extract.message import EmbeddedMessage, find_messages
from fonds.extract.parties import Party, address_line, pseudonyms, resolve, title_parties
from fonds.link.recognize import Mention, Recognizer
from fonds.records.model import Record

_BODY_WORDS = r"(?:committee|council|CC|organization|sector|unit|bureau|department|section)"
_FUNCTION_WORDS = r"(?!(?:the|a|an|from|of|our|their|its|his|her|and|in|to|by|with)\s)"
_SUB_BODY = re.compile(
    rf"\b(?P<body>(?:\d+(?:st|nd|rd|th)\s+)?(?:{_FUNCTION_WORDS}[a-z]+\s+){{0,2}}{_BODY_WORDS})"
    r"\s+of\s+(?:the\s+)?"
)
_LOCAL_PARENT = re.compile(
    r"(?P<parent>(?:[A-Z]?[a-z'’]+\s+){0,2}(?:[Aa]ssembly|[Pp]arty|[Ff]ront|[Cc]ommittee))\b"
)
_IN_PLACE = re.compile(r"\s+in\s+")
_ORGANIZATION_IN = re.compile(r"\b(?:our|the|an?)\s+(?P<body>(?:[a-z]+\s+)?organization)\s+in\s+")
_GENERIC_ACTOR = re.compile(
    r"\b(?:a|the)\s+(?P<role>representative|delegate|envoy|ambassador|emissary)\s+of\s+"
)


@dataclass(frozen=True)
class LocalGroup:
    """An organization the index does not know, labelled as the text writes it."""

    label: str
    span: Span
    parent_key: str | None = None
    parent_label: str | None = None
    place_key: str | None = None


@dataclass(frozen=True)
class GenericActor:
    """Someone the text names only by role ('a representative of North KOREA')."""

    role: str
    of_key: str
    span: Span


@dataclass
class Structure:
    """The parsed inside of a document; offsets refer to `record.text`."""

    references: ReferenceParse
    brackets: list[Bracket] = field(default_factory=list)
    handling: Handling = field(default_factory=Handling)
    messages: list[EmbeddedMessage] = field(default_factory=list)
    events: list[ReportedEvent] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    """Names in the text: known ones, ambiguous ones and (key None) unknown ones."""
    field_mentions: dict[str, list[Mention]] = field(default_factory=dict)
    """Names in the title, the summary and the citation, with offsets in those fields."""
    local_groups: list[LocalGroup] = field(default_factory=list)
    generic_actors: list[GenericActor] = field(default_factory=list)
    senders: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)

    def message_at(self, offset: int) -> int | None:
        """The index of the embedded message holding `offset`, if any."""
        for number, message in enumerate(self.messages):
            if message.span.start <= offset < message.span.end:
                return number
        return None

    def bracket_at(self, offset: int) -> Bracket | None:
        """The bracket holding `offset`, if any."""
        return next((b for b in self.brackets if b.start <= offset < b.end), None)


def analyse(record: Record, recognizer: Recognizer) -> Structure:
    """Read the structure of one record's text, title and citation."""
    references = parse_reference(record.archive_reference or "")
    found = Structure(references)
    senders, recipients = title_parties(record.title)
    text = record.text or ""
    index = recognizer.index
    found.brackets = find_brackets(text, lambda name: index.find(name, type="person") is not None)
    found.aliases = pseudonyms(found.brackets)
    found.messages = find_messages(text, record.date)
    skip = [(m.span.start, m.span.end) for m in found.messages]
    found.handling = find_handling(text, record.date, skip)
    bracket_spans = [(b.start, b.end) for b in found.brackets]
    found.events = find_reported_events(
        text, record.date, skip=bracket_spans + _service_spans(found)
    )
    year = record.date.begin.year
    known = recognizer.find(text, year=year)
    found.local_groups = _local_groups(text, known)
    found.generic_actors = _generic_actors(text, known)
    taken = [(m.start, m.end) for m in known]
    taken += [(b.name_start or b.start, b.end) for b in found.brackets]
    taken += [(g.span.start, g.span.end) for g in found.local_groups]
    taken += [(a.span.start, a.span.end) for a in found.generic_actors]
    agents = _handling_agents(found, recognizer, taken)
    taken += [(m.start, m.end) for m in agents]
    unknown = recognizer.find_unknown(text, taken)
    found.mentions = sorted(known + agents + unknown, key=lambda m: (m.start, m.end))
    for name, value in (
        ("title", record.title),
        ("summary", record.summary),
        ("citation", record.citation),
    ):
        if value:
            found.field_mentions[name] = recognizer.find(value, year=year, context=text)

    header_end = found.messages[0].span.start if found.messages else len(text)
    if addressee := address_line(text, header_end):
        recipients = [addressee, *(r for r in recipients if r.name != addressee.name)]
    if found.handling.signature and not senders:
        signature = found.handling.signature
        senders = [resolve(signature.text, found.aliases, signature.start)]
    found.senders = [_resolved(p, found.aliases) for p in senders]
    found.recipients = [_resolved(p, found.aliases) for p in recipients]
    return found


def _handling_agents(
    found: Structure, recognizer: Recognizer, taken: list[tuple[int, int]]
) -> list[Mention]:
    """The clerks who deciphered, printed or verified the document, as mentions."""
    agents = []
    for event in found.handling.events:
        if not event.agent or event.agent_is_role or event.agent_start is None:
            continue
        start, end = event.agent_start, event.agent_start + len(event.agent)
        if any(a < end and start < b for a, b in taken):
            continue
        resolution = recognizer.index.resolve(event.agent, "person")
        if resolution.rejected:
            continue
        key = resolution.entity.key if resolution.entity else None
        method = resolution.method if resolution.entity else "name-pattern"
        agents.append(
            Mention(
                start,
                end,
                event.agent,
                key,
                "person",
                method,
                0.7 if key is None else resolution.score,
            )
        )
    return agents


def _resolved(party: Party, aliases: dict[str, str]) -> Party:
    if party.pseudonym:
        return party
    resolved = resolve(party.name, aliases, party.start)
    return Party(resolved.name, resolved.pseudonym, party.written or party.name, party.start)


def _service_spans(found: Structure) -> list[tuple[int, int]]:
    spans = [(e.span.start, e.span.end) for e in found.handling.events]
    return spans


def _mention_at(mentions: list[Mention], offset: int) -> Mention | None:
    return next((m for m in mentions if m.start == offset), None)


def _local_groups(text: str, mentions: list[Mention]) -> list[LocalGroup]:
    groups = []
    for match in _SUB_BODY.finditer(text):
        parent = _mention_at(mentions, match.end())
        end = parent.end if parent and parent.kind == "organization" else None
        parent_label: str | None = None
        parent_span: Span | None = None
        if parent is not None and end is not None and parent.key is None:
            parent_label = parent.name  # an ambiguous name: the same local group as elsewhere
        if end is None:
            local = _LOCAL_PARENT.match(text, match.end())
            if local is None:
                continue
            end, parent_label = local.end(), local.group("parent")
            parent_span = Span(parent_label, local.start(), local.end())
        place_key = None
        where = _IN_PLACE.match(text, end)
        place = _mention_at(mentions, where.end()) if where else None
        if place is not None and place.kind == "place":
            place_key, end = place.key, place.end
        label = as_written(text[match.start("body") : end])
        groups.append(
            LocalGroup(
                label,
                Span(label, match.start("body"), end),
                parent.key if parent and parent.kind == "organization" and parent.key else None,
                parent_label,
                place_key,
            )
        )
        if parent_span is not None:
            groups.append(LocalGroup(parent_span.text, parent_span))
    for match in _ORGANIZATION_IN.finditer(text):
        place = _mention_at(mentions, match.end())
        if place and place.kind == "place":
            label = as_written(text[match.start("body") : place.end])
            groups.append(
                LocalGroup(label, Span(label, match.start("body"), place.end), place_key=place.key)
            )
    return groups


def _generic_actors(text: str, mentions: list[Mention]) -> list[GenericActor]:
    actors = []
    for match in _GENERIC_ACTOR.finditer(text):
        of = _mention_at(mentions, match.end())
        if of is not None:
            actors.append(
                GenericActor(
                    match.group("role"),
                    of.key,
                    Span(text[match.start() : of.end], match.start(), of.end),
                )
            )
    return actors


def as_written(text: str) -> str:
    """A phrase as the text writes it, capitals aside: 'in SEOUL' gives 'in Seoul'."""
    words = text.split()
    return " ".join(w.title() if w.isalpha() and w.isupper() and len(w) > 3 else w for w in words)
