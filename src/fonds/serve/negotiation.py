"""HTTP content negotiation: pick the best offered media type for an Accept header."""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values; malformed entries are skipped."""
    ranges = []
    for part in (header or "").split(",")[:64]:
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media.count("/") != 1 or " " in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0
                if not 0.0 <= q <= 1.0:  # also rejects NaN
                    q = -1.0
        if q >= 0.0:
            ranges.append((media, q))
    return ranges


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most (ties go to the server's order), or None.

    A missing, empty or wholly malformed Accept header accepts anything.
    """
    ranges = parse_accept(header)
    if not ranges:
        return offered[0] if offered else None
    best, best_key = None, None
    for order, media in enumerate(offered):
        main = media.split("/")[0]
        matches = [
            (q, specificity)
            for pattern, q in ranges
            if (specificity := _specificity(pattern, media, main)) is not None
        ]
        if not matches:
            continue
        q = max(matches, key=lambda m: m[1])[0]  # the most specific range decides
        if q <= 0:
            continue
        key = (q, -order)
        if best_key is None or key > best_key:
            best, best_key = media, key
    return best


def _specificity(pattern: str, media: str, main: str) -> int | None:
    if pattern == media:
        return 2
    if pattern == f"{main}/*":
        return 1
    if pattern == "*/*":
        return 0
    return None
