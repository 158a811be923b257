"""A program's matching settings: weights, hard rules and objective, in plain words.

Defaults come from the program's template; every rule and weight carries the
sentence a manager reads on the settings page and in the guide
(docs/managers/matching.md), so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.matching.models import MatchObjective, MatchSettings
from upward.programs.models import Program


@dataclass(frozen=True)
class Explained:
    key: str
    label: str
    help: str


WEIGHTS: tuple[Explained, ...] = (
    Explained(
        "skills",
        "Skills",
        "How much of what the mentee wants to learn the mentor teaches. The mentee's first "
        "choice counts most; a related skill from the same family earns half credit.",
    ),
    Explained(
        "goals",
        "Goals",
        "How alike the two people's goals are, read from the words they wrote.",
    ),
    Explained(
        "availability",
        "Availability",
        "Hours a week both are free, after converting time zones. Two shared hours earn full "
        "credit.",
    ),
    Explained(
        "difference",
        "Welcome difference",
        "Reverse mentoring works best across boundaries: points for differing on the "
        "attributes chosen below (for example another department or location).",
    ),
)
# "Stated preferences" is not offered: participants would have to browse everyone registered
# on the other side, which reveals who takes part before any match and defeats the blind
# double opt-in; self-service mode lets a mentee choose among explained suggestions instead.

RULES: tuple[Explained, ...] = (
    Explained(
        "min_level_gap",
        "Minimum level gap",
        "The mentee must be at least this many levels more senior than the mentor. "
        "1 means any senior leader can learn from anyone below them.",
    ),
    Explained(
        "exclude_same_reporting_line",
        "Never in the same reporting line",
        "Nobody is paired with their own manager, their manager's manager, or anyone who "
        "reports to them, directly or not: a junior mentor must be able to speak freely.",
    ),
    Explained(
        "exclude_same_department",
        "Different departments only",
        "The two must work in different departments (people without a department pass).",
    ),
    Explained(
        "max_timezone_difference_hours",
        "Largest time-zone difference (hours)",
        "Their clocks may differ by at most this many hours. Leave empty for no limit.",
    ),
    Explained(
        "require_common_language",
        "Share a language",
        "The two must have at least one language in common (people who listed none pass).",
    ),
)

DIFFERENCE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("department", "Department"),
    ("location", "Location"),
    ("timezone", "Time zone"),
    ("level", "Level"),
)

DEFAULT_WEIGHTS: dict[str, float] = {
    "skills": 3.0,
    "goals": 1.0,
    "availability": 2.0,
    "difference": 1.0,
}
DEFAULT_RULES: dict[str, Any] = {
    "min_level_gap": 1,
    "exclude_same_reporting_line": True,
    "exclude_same_department": False,
    "max_timezone_difference_hours": None,
    "require_common_language": True,
}
# What each template cares about most; a blank program gets the plain defaults.
TEMPLATE_DEFAULTS: dict[str, dict[str, Any]] = {
    "digital-leadership": {"weights": {"skills": 4.0}, "difference": ["department"]},
    "inclusive-leadership": {
        "weights": {"difference": 3.0, "skills": 2.0},
        "rules": {"exclude_same_department": True},
        "difference": ["department", "location"],
    },
    "new-generation": {"weights": {"goals": 2.0}, "difference": ["department"]},
}
MAX_WEIGHT = 100.0
MIN_RESPONSE_DAYS, MAX_RESPONSE_DAYS = 1, 60


def defaults_for(program: Program) -> dict[str, Any]:
    """Weights, rules, difference attributes and objective for a program's template."""
    extra = TEMPLATE_DEFAULTS.get(program.template_key, {})
    return {
        "weights": {**DEFAULT_WEIGHTS, **extra.get("weights", {})},
        "rules": {**DEFAULT_RULES, **extra.get("rules", {})},
        "difference_attributes": list(extra.get("difference", ["department"])),
        "objective": MatchObjective.OPTIMAL.value,
    }


def match_settings_for(program: Program) -> MatchSettings:
    """The saved settings, or the template's defaults (not saved) when there are none."""
    try:
        return program.match_settings
    except MatchSettings.DoesNotExist:
        d = defaults_for(program)
        return MatchSettings(
            program=program,
            weights=d["weights"],
            rules=d["rules"],
            difference_attributes=d["difference_attributes"],
            objective=d["objective"],
        )


def validate_weights(weights: dict[str, Any]) -> dict[str, float]:
    clean: dict[str, float] = {}
    for item in WEIGHTS:
        value = weights.get(item.key, 0)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ApplicationError(f"The weight of {item.label} must be a number.") from None
        if not 0 <= number <= MAX_WEIGHT:
            raise ApplicationError(
                f"The weight of {item.label} must be between 0 and {MAX_WEIGHT:g}."
            )
        clean[item.key] = number
    if sum(clean.values()) <= 0:
        raise ApplicationError("At least one weight must be above 0, or every pair scores 0.")
    return clean


def validate_rules(rules: dict[str, Any]) -> dict[str, Any]:
    gap = rules.get("min_level_gap", DEFAULT_RULES["min_level_gap"])
    if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= 20:
        raise ApplicationError("The minimum level gap must be a whole number from 0 to 20.")
    tz = rules.get("max_timezone_difference_hours")
    if tz is not None:
        if not isinstance(tz, int | float) or isinstance(tz, bool) or not 0 <= tz <= 26:
            raise ApplicationError("The largest time-zone difference must be 0 to 26 hours.")
        tz = float(tz)
    return {
        "min_level_gap": gap,
        "exclude_same_reporting_line": bool(rules.get("exclude_same_reporting_line", True)),
        "exclude_same_department": bool(rules.get("exclude_same_department", False)),
        "max_timezone_difference_hours": tz,
        "require_common_language": bool(rules.get("require_common_language", True)),
    }


@transaction.atomic
def match_settings_update(
    *,
    actor: Any,
    program: Program,
    weights: dict[str, Any],
    rules: dict[str, Any],
    objective: str,
    difference_attributes: list[str],
    self_service: bool | None = None,
    response_days: int | None = None,
) -> MatchSettings:
    """Save the program's matching settings; None leaves self-service or the answer window."""
    if objective not in MatchObjective.values:
        raise ApplicationError("Choose how the pairs are chosen: best total, fairest or stable.")
    allowed = {key for key, _ in DIFFERENCE_ATTRIBUTES}
    unknown = sorted(set(difference_attributes) - allowed)
    if unknown:
        raise ApplicationError(f"Unknown difference attribute: {', '.join(unknown)}.")
    current = match_settings_for(program)
    before = _as_data(current)
    current.weights = validate_weights(weights)
    current.rules = validate_rules(rules)
    current.objective = objective
    current.difference_attributes = [
        k for k, _ in DIFFERENCE_ATTRIBUTES if k in difference_attributes
    ]
    if self_service is not None:
        current.self_service = self_service
    if response_days is not None:
        if not MIN_RESPONSE_DAYS <= response_days <= MAX_RESPONSE_DAYS:
            raise ApplicationError(
                f"People need {MIN_RESPONSE_DAYS} to {MAX_RESPONSE_DAYS} days to answer a proposal."
            )
        current.response_days = response_days
    current.full_clean(exclude=["difference_attributes"])  # an empty list is a choice
    current.save()
    audit_log(
        actor=actor,
        action="match_settings.updated",
        summary=f"Matching settings of “{program.name}” changed",
        target=program,
        data={"before": before, "after": _as_data(current)},
    )
    return current


def _as_data(current: MatchSettings) -> dict[str, Any]:
    return {
        "weights": current.weights,
        "rules": current.rules,
        "objective": current.objective,
        "difference_attributes": current.difference_attributes,
        "self_service": current.self_service,
        "response_days": current.response_days,
    }
