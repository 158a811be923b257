"""The shapes of catalogue entries: plain, frozen data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class KpiSpec:
    """One measurable outcome a program can aim for."""

    kind: str
    name: str
    comparator: str  # "gte" or "lte", as models.KpiComparator
    target: Decimal
    unit: str
    explanation: str
    # The largest value the measure can take (a share is at most 100%, a rating at most 4).
    highest: Decimal | None = None


@dataclass(frozen=True)
class AgendaSpec:
    """A session outline a junior mentor can follow; `steps` become one line each."""

    title: str
    summary: str
    steps: tuple[str, ...]
    minutes: int = 45

    @property
    def outline(self) -> str:
        return "\n".join(self.steps)


@dataclass(frozen=True)
class GuideSpec:
    title: str
    body: str


@dataclass(frozen=True)
class EligibilitySpec:
    """A starting point only: level scales differ between companies."""

    min_level: int | None = None
    max_level: int | None = None
    min_tenure_months: int = 0


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    name: str
    tagline: str
    description: str
    objectives: tuple[str, ...]
    kpis: tuple[tuple[str, Decimal], ...]  # (catalogue kind, target)
    cadence_weeks: int
    session_minutes: int
    duration_months: int
    agreement_text: str
    agendas: tuple[AgendaSpec, ...]
    mentor_guide: GuideSpec
    mentee_guide: GuideSpec
    mentor_eligibility: EligibilitySpec = field(default_factory=EligibilitySpec)
    mentee_eligibility: EligibilitySpec = field(default_factory=EligibilitySpec)
    mentor_capacity: int = 1
    grounding: str = ""
