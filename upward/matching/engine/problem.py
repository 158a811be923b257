"""The validated problem: participants, rules, weights and pair lists (input format v1).

:func:`parse_problem` (in :mod:`.parse`, re-exported here) builds a :class:`Problem` from
the JSON-like dict; both sides are sorted by id, so the output never depends on the
input order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CRITERIA",
    "DEFAULT_REFERENCE_DATE",
    "InputError",
    "Participant",
    "Problem",
    "Rules",
    "Weights",
    "parse_problem",
]

CRITERIA = ("skills", "goals", "availability", "difference", "preferences", "external")
OBJECTIVES = ("optimal", "fair", "stable")
GOAL_MODELS = ("auto", "tfidf", "embeddings")
DEFAULT_WEIGHTS = {
    "skills": 3.0,
    "goals": 1.0,
    "availability": 2.0,
    "difference": 1.0,
    "preferences": 2.0,
    "external": 1.0,
}
# Offsets of IANA zones are taken on this day unless the input names another one, so the
# same input always gives the same UTC slots (a run near a DST switch can pass its own date).
DEFAULT_REFERENCE_DATE = dt.date(2025, 1, 15)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOT = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)-(\d{1,2})$", re.IGNORECASE)
_PARTICIPANT_KEYS = frozenset(
    {
        "id",
        "name",
        "level",
        "department",
        "location",
        "timezone",
        "languages",
        "skills",
        "goals",
        "availability",
        "manager_chain",
        "capacity",
        "preferences",
        "attributes",
    }
)
_TOP_KEYS = frozenset(
    {
        "version",
        "mentors",
        "mentees",
        "rules",
        "weights",
        "difference_attributes",
        "objective",
        "forbidden_pairs",
        "fixed_pairs",
        "external_scores",
        "reference_date",
        "goal_similarity",
    }
)
_RULE_KEYS = (
    "min_level_gap",
    "exclude_same_reporting_line",
    "exclude_same_department",
    "max_timezone_difference_hours",
    "require_common_language",
)

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


class InputError(ValueError):
    """Invalid input; ``errors`` holds one ``"json.path: message"`` string per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class Participant(NamedTuple):
    """One person on either side, normalised (lower-case languages, canonical slots).

    A named tuple: immutable and cheap to build for 100,000 people.
    """

    id: str
    name: str
    level: int
    department: str | None = None
    location: str | None = None
    timezone: str | None = None
    languages: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    goals: str = ""
    availability: tuple[str, ...] = ()
    manager_chain: tuple[str, ...] = ()
    capacity: int = 1
    preferences: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()

    def attribute(self, key: str) -> str | None:
        """Value of a difference attribute: a built-in field or an ``attributes`` entry."""
        if key in ("department", "location", "timezone"):
            value: str | None = getattr(self, key)
            return value
        if key == "level":
            return str(self.level)
        for k, v in self.attributes:
            if k == key:
                return v
        return None


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard rules; a pair is feasible only when it passes all of them."""

    min_level_gap: int = 1
    exclude_same_reporting_line: bool = True
    exclude_same_department: bool = False
    max_timezone_difference_hours: float | None = None
    require_common_language: bool = True


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative weight of each criterion in the pair score (non-negative)."""

    skills: float = 3.0
    goals: float = 1.0
    availability: float = 2.0
    difference: float = 1.0
    preferences: float = 2.0
    external: float = 1.0

    def as_array(self) -> FloatArray:
        return np.array([getattr(self, c) for c in CRITERIA], dtype=np.float64)


@dataclass(frozen=True, eq=False)  # holds arrays: identity, not value, equality
class Problem:
    """A validated matching problem. Participants are sorted by id on each side.

    Pair arrays use *indices* into ``mentors`` / ``mentees``; ``forbidden`` and ``fixed``
    have rows ``(mentee, mentor)``; external scores are ``external_pairs`` (rows
    ``(mentee, mentor)``) with ``external_values``, or, when given as a matrix,
    ``external_matrix`` (mentees x mentors).
    """

    mentors: tuple[Participant, ...]
    mentees: tuple[Participant, ...]
    rules: Rules = Rules()
    weights: Weights = Weights()
    difference_attributes: tuple[str, ...] = ()
    objective: str = "optimal"
    forbidden: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))
    fixed: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))
    external_pairs: IntArray = field(default_factory=lambda: np.empty((0, 2), np.int64))
    external_values: FloatArray = field(default_factory=lambda: np.empty(0, np.float64))
    reference_date: dt.date = DEFAULT_REFERENCE_DATE
    goal_similarity: str = "auto"
    # the compact matrix form of external_scores: every mentee x mentor, 0 where not given
    external_matrix: FloatArray | None = None

    @property
    def n_mentors(self) -> int:
        return len(self.mentors)

    @property
    def n_mentees(self) -> int:
        return len(self.mentees)

    def mentor_index(self) -> dict[str, int]:
        """Mentor id -> index (built once; do not modify)."""
        return self._indices[0]

    def mentee_index(self) -> dict[str, int]:
        """Mentee id -> index (built once; do not modify)."""
        return self._indices[1]

    def _remember_indices(self, mentors: dict[str, int], mentees: dict[str, int]) -> None:
        """Seed both indices with dicts the parser built anyway (same content and order)."""
        self.__dict__["_indices"] = (mentors, mentees)  # where cached_property stores it

    @cached_property
    def _indices(self) -> tuple[dict[str, int], dict[str, int]]:
        return (
            {p.id: k for k, p in enumerate(self.mentors)},
            {p.id: k for k, p in enumerate(self.mentees)},
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        """Same as :func:`parse_problem`."""
        return parse_problem(data)


@lru_cache(maxsize=1024)
def utc_offset_minutes(zone: str, day: dt.date) -> int:
    """UTC offset of an IANA zone at noon on ``day``, in minutes (raises ``KeyError``)."""
    try:
        info = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise KeyError(zone) from exc
    offset = dt.datetime(day.year, day.month, day.day, 12, tzinfo=info).utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


from .parse import parse_problem  # noqa: E402  (re-exported: parsing lives in .parse)
