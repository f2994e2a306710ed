"""What happened to each record of a run: an Outcome each, and the run's totals."""

from __future__ import annotations

from dataclasses import dataclass, field

from fonds.validate import Problem


@dataclass
class Outcome:
    """What happened to one record."""

    source: str
    document: str | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the record conforms and can be stored."""
        return self.error is None and not any(p.severity == "Violation" for p in self.problems)


@dataclass
class RunReport:
    """Every record's outcome, and whether anything was stored."""

    outcomes: list[Outcome] = field(default_factory=list)
    stored: int = 0
    unchanged: int = 0
    """Records skipped because nothing they depend on changed since they were stored."""

    @property
    def failed(self) -> list[Outcome]:
        """The records that were refused."""
        return [o for o in self.outcomes if not o.ok]
