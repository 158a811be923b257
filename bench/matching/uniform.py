"""An independent instance generator: uniform random people, no company behind them.

``bench.matching.generator`` draws one realistic company (a level pyramid, a reporting tree,
Zipf-skewed skills); the engine was tuned on it. This one shares nothing with it, so that
the benchmark's figures do not only hold for the shape the code was tuned on:

- **levels** uniform: MENTORS (the junior side) 1-5, MENTEES (the senior side) 3-8, so with
  the rules on a fair share of pairs break the minimum level gap;
- **skills** uniform over 60 ``family/skill`` ids (12 families of 5), 1-5 each, in random
  priority order; **availability** 1-6 uniform random one-hour slots in working hours;
- **departments**, **time zones** and **languages** uniform over short lists; no manager
  chains, no preferences, no forbidden pairs;
- 10% of MENTORS take two mentees (``mentor_capacity_two_share``).

``rules=False`` switches every rule off (any level gap, no language, department or time-zone
rule); ``rules=True`` switches them all on. :func:`external_only` draws instead a problem
whose only criterion is a compact ``external_scores`` matrix (uniform in [0, 1], two
decimals), with every rule off.

Everything derives from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FAMILIES = [f"family{k:02d}" for k in range(12)]
SKILLS = [f"{fam}/skill{k}" for fam in FAMILIES for k in range(5)]
DEPARTMENTS = [f"dept{k}" for k in range(8)]
ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "Asia/Kolkata",
    "Asia/Tokyo",
]
LANGUAGES = ["en", "fr", "de", "es"]
DAYS = ["mon", "tue", "wed", "thu", "fri"]
RULES_OFF: dict[str, Any] = {
    "min_level_gap": -100,  # levels are 1-8: no pair can fail it
    "exclude_same_reporting_line": False,
    "exclude_same_department": False,
    "max_timezone_difference_hours": None,
    "require_common_language": False,
}
RULES_ON: dict[str, Any] = {
    "min_level_gap": 1,
    "exclude_same_reporting_line": True,
    "exclude_same_department": True,
    "max_timezone_difference_hours": 6,
    "require_common_language": True,
}


def _people(
    rng: np.random.Generator, prefix: str, n: int, levels: tuple[int, int], capacity_two: float
) -> list[dict[str, Any]]:
    level = rng.integers(levels[0], levels[1] + 1, n)
    n_skills = rng.integers(1, 6, n)
    n_slots = rng.integers(1, 7, n)
    dept = rng.integers(0, len(DEPARTMENTS), n)
    zone = rng.integers(0, len(ZONES), n)
    two_langs = rng.random(n) < 0.3
    lang = rng.integers(0, len(LANGUAGES), (n, 2))
    capacity = np.where(rng.random(n) < capacity_two, 2, 1)
    people = []
    for k in range(n):
        skills = rng.choice(len(SKILLS), n_skills[k], replace=False)
        slots = rng.choice(len(DAYS) * 9, n_slots[k], replace=False)  # 09:00-17:00
        languages = {LANGUAGES[lang[k, 0]]}
        if two_langs[k]:
            languages.add(LANGUAGES[lang[k, 1]])
        person: dict[str, Any] = {
            "id": f"{prefix}{k:06d}",
            "level": int(level[k]),
            "department": DEPARTMENTS[dept[k]],
            "timezone": ZONES[zone[k]],
            "languages": sorted(languages),
            "skills": [SKILLS[s] for s in skills.tolist()],
            "availability": [f"{DAYS[s // 9]}-{9 + s % 9:02d}" for s in slots.tolist()],
        }
        if capacity[k] != 1:
            person["capacity"] = int(capacity[k])
        people.append(person)
    return people


def generate(
    n_mentees: int,
    n_mentors: int,
    seed: int = 0,
    *,
    rules: bool = True,
    mentor_capacity_two_share: float = 0.1,
) -> dict[str, Any]:
    """A JSON v1 instance with ``n_mentees`` MENTEES and ``n_mentors`` MENTORS drawn
    uniformly (see the module docstring), every rule on or every rule off.

    Examples
    --------
    >>> inst = generate(3, 4, seed=1, rules=False)
    >>> len(inst["mentees"]), len(inst["mentors"]), inst["rules"]["min_level_gap"]
    (3, 4, -100)
    """
    rng = np.random.default_rng(seed)
    return {
        "version": 1,
        "mentees": _people(rng, "e", n_mentees, (3, 8), 0.0),
        "mentors": _people(rng, "m", n_mentors, (1, 5), mentor_capacity_two_share),
        "rules": dict(RULES_ON if rules else RULES_OFF),
        "difference_attributes": ["department"],
        "objective": "optimal",
    }


def external_only(n_mentees: int, n_mentors: int, seed: int = 0) -> dict[str, Any]:
    """A JSON v1 instance whose only criterion is a compact ``external_scores`` matrix
    (``matrix[i][j]``: MENTEE ``i`` with MENTOR ``j``), every rule off, capacities 1.

    Examples
    --------
    >>> inst = external_only(2, 3, seed=1)
    >>> len(inst["external_scores"]["matrix"]), len(inst["external_scores"]["matrix"][0])
    (2, 3)
    """
    rng = np.random.default_rng(seed)
    mentees = [f"e{k:06d}" for k in range(n_mentees)]
    mentors = [f"m{k:06d}" for k in range(n_mentors)]
    matrix = np.round(rng.random((n_mentees, n_mentors)), 3)
    return {
        "version": 1,
        "mentees": [{"id": e, "level": 5} for e in mentees],
        "mentors": [{"id": m, "level": 1} for m in mentors],
        "rules": dict(RULES_OFF),
        "external_scores": {"mentees": mentees, "mentors": mentors, "matrix": matrix.tolist()},
        "objective": "optimal",
    }
