"""Realistic, deterministic reverse-mentoring instances in the JSON v1 format.

One synthetic company is drawn first, then its participants:

- **levels** 1-8 follow a pyramid (each level about 1.75x smaller than the one below);
  MENTORS (the junior side) come from levels 1-5, MENTEES (the senior leaders) from
  levels 4-8, so a few candidate pairs break the minimum level gap;
- a **reporting tree**: everyone below level 8 reports to a manager one level up
  (spans of about six), so ``manager_chain`` is consistent across the whole company,
  and a mentee can sit in a mentor's reporting line;
- **departments** are inherited down the tree; **offices** (with their IANA time zone and
  local language) are mostly inherited from the manager, spread over 12 offices in
  9 time zones;
- **languages**: mostly English, plus the office's language; some staff in
  non-English offices speak only the local language;
- **skills** ``family/skill``: supply (what mentors teach) and demand (what mentees want,
  in priority order) follow two different Zipf laws, so popular skills are scarce;
- **goals** are free text from templates that mention the skills; **availability** is a
  few weekly slots such as ``tue-09`` in the person's own time zone; a few people state
  **preferences** for the other side; ``attributes`` carry a generation and a gender.

Everything derives from ``numpy.random.default_rng(seed)``: the same arguments give the
same dict, byte for byte once dumped as JSON. 20,000 mentees x 100,000 mentors take a few
seconds.

Command line: ``python -m bench.matching.generator --mentees 2000 --mentors 10000 --seed 1
-o instance.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

LEVELS = 8
PYRAMID_RATIO = 1.75
SPAN = 6
MENTEE_LEVEL_WEIGHT = {4: 0.12, 5: 0.35, 6: 0.55, 7: 0.65, 8: 0.7}
MENTOR_LEVEL_WEIGHT = {1: 0.3, 2: 0.35, 3: 0.3, 4: 0.15, 5: 0.05}

# office, IANA time zone, local language, weight
OFFICES: list[tuple[str, str, str, float]] = [
    ("London", "Europe/London", "en", 0.16),
    ("New York", "America/New_York", "en", 0.15),
    ("Toronto", "America/Toronto", "en", 0.04),
    ("San Francisco", "America/Los_Angeles", "en", 0.09),
    ("Berlin", "Europe/Berlin", "de", 0.09),
    ("Paris", "Europe/Paris", "fr", 0.07),
    ("Madrid", "Europe/Madrid", "es", 0.04),
    ("Bangalore", "Asia/Kolkata", "en", 0.12),
    ("Singapore", "Asia/Singapore", "en", 0.06),
    ("Tokyo", "Asia/Tokyo", "ja", 0.05),
    ("São Paulo", "America/Sao_Paulo", "pt", 0.05),
    ("Sydney", "Australia/Sydney", "en", 0.04),
]
OTHER_LANGUAGES = ["es", "fr", "de", "hi", "zh", "pt", "it", "ar", "ja", "pl"]

DEPARTMENTS: list[tuple[str, float]] = [
    ("Engineering", 0.22),
    ("Sales", 0.14),
    ("Operations", 0.11),
    ("Customer Support", 0.09),
    ("Marketing", 0.08),
    ("Product", 0.07),
    ("Finance", 0.06),
    ("Data", 0.06),
    ("People", 0.05),
    ("Legal", 0.03),
    ("Design", 0.04),
    ("Communications", 0.05),
]

SKILL_FAMILIES: dict[str, list[str]] = {
    "gen-ai": ["prompting", "chatgpt", "copilot", "ai-ethics", "image-generation", "agents"],
    "social-media": ["tiktok", "instagram", "linkedin", "youtube", "community-building"],
    "data": ["sql", "python", "dashboards", "spreadsheets", "data-literacy"],
    "collaboration": ["slack", "notion", "remote-work", "async-communication", "miro"],
    "dei": ["inclusive-language", "neurodiversity", "allyship", "accessibility"],
    "sustainability": ["climate-literacy", "green-it", "esg-reporting"],
    "product": ["user-research", "no-code", "prototyping", "design-thinking"],
    "security": ["phishing-awareness", "passwords", "privacy"],
    "marketing": ["influencers", "content-creation", "memes", "podcasts"],
    "fintech": ["crypto", "mobile-payments", "personal-finance-apps"],
    "gaming": ["esports", "twitch", "gamification"],
    "wellbeing": ["mental-health", "boundaries", "flexible-work"],
    "culture": ["gen-z-values", "purpose-driven-work", "feedback-culture"],
    "devices": ["smartphone-productivity", "smart-home", "wearables"],
}
SKILLS: list[str] = [f"{fam}/{name}" for fam, names in SKILL_FAMILIES.items() for name in names]

DAYS = ["mon", "tue", "wed", "thu", "fri"]
GENERATIONS = ["gen-z", "millennial", "gen-x", "boomer"]
# probability of each generation by level 1..8 (rows)
GENERATION_BY_LEVEL = np.array(
    [
        [0.80, 0.20, 0.00, 0.00],
        [0.60, 0.38, 0.02, 0.00],
        [0.35, 0.57, 0.08, 0.00],
        [0.15, 0.65, 0.19, 0.01],
        [0.03, 0.52, 0.40, 0.05],
        [0.00, 0.35, 0.52, 0.13],
        [0.00, 0.20, 0.55, 0.25],
        [0.00, 0.10, 0.50, 0.40],
    ]
)
GENDERS = ["woman", "man", "non-binary", "undisclosed"]
GENDER_P = [0.47, 0.47, 0.02, 0.04]

MENTEE_GOALS = [
    "I want to understand how {audience} think about {s0} so that {dept} can {outcome}.",
    "Help me get hands-on with {s0} and {s1}; I lead a {dept} team and feel behind.",
    "My team keeps talking about {s0}. I would like to learn it properly and ask naive questions.",
    "Learn enough about {s0} to judge where it fits in {dept}, then look at {s1}.",
    "I want an honest view from {audience} on {s0} and on how leadership comes across.",
]
MENTOR_GOALS = [
    "I live and breathe {s0} and enjoy showing others how; happy to cover {s1} too.",
    "Keen to share what {audience} expect around {s0} and to learn how {dept} makes decisions.",
    "I can teach {s0} from scratch and would value exposure to senior leadership.",
    "Happy to help a leader with {s0} and {s1}; I am curious about strategy.",
]
AUDIENCES = ["younger colleagues", "our customers", "new graduates", "Gen Z", "our users"]
OUTCOMES = [
    "reach younger customers",
    "hire and keep junior talent",
    "work faster",
    "communicate better",
    "make better product decisions",
]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def _pyramid(total: int) -> IntArray:
    """People per level 1..8 (index 0 is level 1), summing to ``total``."""
    w = PYRAMID_RATIO ** np.arange(LEVELS - 1, -1, -1, dtype=np.float64)
    counts = np.floor(total * w / w.sum()).astype(np.int64)
    counts[0] += total - counts.sum()
    return np.asarray(counts, dtype=np.int64)


def _company_size(n_mentees: int, n_mentors: int) -> int:
    """Smallest company (with slack) holding enough eligible people on both sides."""
    w = PYRAMID_RATIO ** np.arange(LEVELS - 1, -1, -1, dtype=np.float64)
    frac = w / w.sum()
    senior = sum(frac[lv - 1] * p for lv, p in MENTEE_LEVEL_WEIGHT.items())
    junior = sum(frac[lv - 1] * p for lv, p in MENTOR_LEVEL_WEIGHT.items())
    need = max(n_mentees / senior, n_mentors / junior)
    return max(int(need * 1.6) + 200, 500)


def _weighted_pick(rng: np.random.Generator, weights: FloatArray, k: int) -> IntArray:
    """``k`` distinct indexes drawn with probability proportional to ``weights``
    (Gumbel top-k: one vectorised pass)."""
    eligible = np.flatnonzero(weights > 0)
    if k > eligible.size:
        raise ValueError(f"need {k} people, only {eligible.size} eligible")
    keys = np.log(weights[eligible]) + rng.gumbel(size=eligible.size)
    top = np.argpartition(-keys, k - 1)[:k] if k else np.empty(0, dtype=np.int64)
    return np.sort(eligible[top]).astype(np.int64)


def _ranked_choices(rng: np.random.Generator, n: int, weights: FloatArray, k_max: int) -> IntArray:
    """For each of ``n`` people, ``k_max`` distinct items drawn by ``weights`` without
    replacement, in draw order (Gumbel top-k, sorted)."""
    keys = np.log(weights)[None, :] + rng.gumbel(size=(n, weights.size))
    top = np.argpartition(-keys, k_max - 1, axis=1)[:, :k_max]
    order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1).astype(np.int64)


def _zipf(n: int, s: float, rng: np.random.Generator) -> FloatArray:
    ranks = rng.permutation(n) + 1
    w = 1.0 / ranks.astype(np.float64) ** s
    return np.asarray(w / w.sum(), dtype=np.float64)


class _Company:
    """The whole synthetic company, as parallel numpy arrays indexed by employee."""

    def __init__(self, size: int, rng: np.random.Generator) -> None:
        counts = _pyramid(size)
        self.level = np.repeat(np.arange(1, LEVELS + 1), counts).astype(np.int64)
        n = int(counts.sum())
        self.size = n
        start = np.concatenate([[0], np.cumsum(counts)])
        parent = np.full(n, -1, dtype=np.int64)
        # Managers of level L are a random subset of level L+1 (spans of about SPAN).
        for lv in range(1, LEVELS):
            lo, hi = int(start[lv - 1]), int(start[lv])
            up_lo, up_hi = int(start[lv]), int(start[lv + 1])
            n_up = up_hi - up_lo
            n_mgr = max(1, min(n_up, -(-(hi - lo) // SPAN)))
            managers = up_lo + rng.choice(n_up, size=n_mgr, replace=False)
            parent[lo:hi] = managers[rng.integers(0, n_mgr, size=hi - lo)]
        self.parent = parent

        dept_p = np.array([w for _, w in DEPARTMENTS])
        office_p = np.array([o[3] for o in OFFICES])
        dept = np.empty(n, dtype=np.int64)
        office = np.empty(n, dtype=np.int64)
        top_lo, top_hi = int(start[LEVELS - 1]), int(start[LEVELS])
        dept[top_lo:top_hi] = rng.choice(
            len(DEPARTMENTS), size=top_hi - top_lo, p=dept_p / dept_p.sum()
        )
        office[top_lo:top_hi] = rng.choice(
            len(OFFICES), size=top_hi - top_lo, p=office_p / office_p.sum()
        )
        for lv in range(LEVELS - 1, 0, -1):  # top-down: inherit from the manager
            lo, hi = int(start[lv - 1]), int(start[lv])
            p = parent[lo:hi]
            dept[lo:hi] = dept[p]
            moved = rng.random(hi - lo) < 0.25
            office[lo:hi] = np.where(
                moved,
                rng.choice(len(OFFICES), size=hi - lo, p=office_p / office_p.sum()),
                office[p],
            )
        self.dept = dept
        self.office = office
        # ancestors[:, d] = the (d+1)-th manager up, or -1
        anc = np.full((n, LEVELS - 1), -1, dtype=np.int64)
        cur = parent.copy()
        for d in range(LEVELS - 1):
            anc[:, d] = cur
            cur = np.where(cur >= 0, parent[np.maximum(cur, 0)], -1)
        self.ancestors = anc


def generate(
    n_mentees: int,
    n_mentors: int,
    seed: int = 0,
    *,
    objective: str = "optimal",
    all_rules: bool = True,
    max_timezone_difference_hours: float | None = 6,
    preference_share: float = 0.08,
    mentor_preference_share: float | None = None,
    forbidden_share: float = 0.002,
    mentor_capacity_two_share: float = 0.1,
) -> dict[str, Any]:
    """Return a JSON v1 instance (a plain dict) with ``n_mentees`` senior MENTEES and
    ``n_mentors`` junior MENTORS, deterministic for a given ``seed``.

    ``preference_share`` of the mentees (and ``mentor_preference_share``, by default a third
    of that, of the mentors) state preferences for the other side.

    ``all_rules`` switches every rule on (as in the issue's speed targets): minimum level
    gap 1, reporting line, same department, the time-zone limit
    ``max_timezone_difference_hours`` and a common language. With ``all_rules=False`` the
    instance keeps the format's defaults.
    """
    if n_mentees < 1 or n_mentors < 1:
        raise ValueError("need at least one mentee and one mentor")
    rng = np.random.default_rng(seed)
    company = _Company(_company_size(n_mentees, n_mentors), rng)
    n = company.size

    w_mentee = np.zeros(n)
    w_mentor = np.zeros(n)
    for lv, p in MENTEE_LEVEL_WEIGHT.items():
        w_mentee[company.level == lv] = p
    for lv, p in MENTOR_LEVEL_WEIGHT.items():
        w_mentor[company.level == lv] = p
    mentee_idx = _weighted_pick(rng, w_mentee, n_mentees)
    w_mentor[mentee_idx] = 0.0
    mentor_idx = _weighted_pick(rng, w_mentor, n_mentors)

    ids = np.char.add("e", np.char.zfill(np.arange(n).astype(str), 7))

    def build(idx: IntArray, side: str) -> list[dict[str, Any]]:
        m = idx.size
        level = company.level[idx]
        office = company.office[idx]
        dept = company.dept[idx]
        # languages
        local = np.array([OFFICES[o][2] for o in range(len(OFFICES))])[office]
        non_en_office = local != "en"
        no_english = non_en_office & (rng.random(m) < np.where(level >= 6, 0.05, 0.15))
        speaks_local = non_en_office & (no_english | (rng.random(m) < 0.9))
        extra = np.where(rng.random(m) < 0.12, rng.integers(0, len(OTHER_LANGUAGES), m), -1)
        # skills
        if side == "mentor":
            k = rng.integers(2, 7, m)
            weights = supply
        else:
            k = rng.choice([1, 2, 3, 4], size=m, p=[0.15, 0.35, 0.35, 0.15])
            weights = demand
        k_max = int(k.max())
        chosen = _ranked_choices(rng, m, weights, k_max)
        # availability: 2-4 days x a 1-3 hour block starting 08..16 local time
        n_days = rng.integers(2, 5, m)
        day_keys = rng.random((m, len(DAYS)))
        day_rank = np.argsort(day_keys, axis=1)
        start_hour = rng.integers(8, 17, m)
        block = rng.integers(1, 4, m)
        gen = (GENERATION_BY_LEVEL[level - 1].cumsum(axis=1) < rng.random(m)[:, None]).sum(axis=1)
        gen = np.minimum(gen, len(GENERATIONS) - 1)
        gender = rng.choice(len(GENDERS), size=m, p=GENDER_P)
        goal_t = rng.integers(0, len(MENTOR_GOALS if side == "mentor" else MENTEE_GOALS), m)
        aud = rng.integers(0, len(AUDIENCES), m)
        outc = rng.integers(0, len(OUTCOMES), m)
        templates = MENTOR_GOALS if side == "mentor" else MENTEE_GOALS
        capacity = (
            np.where(rng.random(m) < mentor_capacity_two_share, 2, 1)
            if side == "mentor"
            else np.ones(m, dtype=np.int64)
        )
        anc = company.ancestors[idx]

        people: list[dict[str, Any]] = []
        for i in range(m):
            skills = [SKILLS[s] for s in chosen[i, : k[i]]]
            names = [s.split("/", 1)[1].replace("-", " ") for s in skills]
            langs = [] if no_english[i] else ["en"]
            if speaks_local[i]:
                langs.append(str(local[i]))
            if extra[i] >= 0 and OTHER_LANGUAGES[extra[i]] not in langs:
                langs.append(OTHER_LANGUAGES[extra[i]])
            days = sorted(day_rank[i, : n_days[i]])
            slots = [
                f"{DAYS[d]}-{h:02d}"
                for d in days
                for h in range(int(start_hour[i]), int(start_hour[i] + block[i]))
            ]
            chain = anc[i][anc[i] >= 0]
            person: dict[str, Any] = {
                "id": str(ids[idx[i]]),
                "level": int(level[i]),
                "department": DEPARTMENTS[dept[i]][0],
                "location": OFFICES[office[i]][0],
                "timezone": OFFICES[office[i]][1],
                "languages": langs,
                "skills": skills,
                "goals": templates[goal_t[i]].format(
                    s0=names[0],
                    s1=names[1] if len(names) > 1 else names[0],
                    dept=DEPARTMENTS[dept[i]][0],
                    audience=AUDIENCES[aud[i]],
                    outcome=OUTCOMES[outc[i]],
                ),
                "availability": slots,
                "manager_chain": [str(ids[c]) for c in chain],
                "attributes": {
                    "generation": GENERATIONS[gen[i]],
                    "gender": GENDERS[gender[i]],
                },
            }
            if capacity[i] != 1:
                person["capacity"] = int(capacity[i])
            people.append(person)
        return people

    n_skills = len(SKILLS)
    supply = _zipf(n_skills, 0.9, rng)
    # demand shares half of its ranking with supply: hot skills are wanted and scarce
    demand_rank = np.where(rng.random(n_skills) < 0.5, supply, _zipf(n_skills, 1.2, rng))
    demand = demand_rank / demand_rank.sum()

    mentees = build(mentee_idx, "mentee")
    mentors = build(mentor_idx, "mentor")

    # A few stated preferences: mentees name mentors who teach their first skill.
    by_skill: dict[str, list[int]] = {}
    for j, mentor in enumerate(mentors):
        by_skill.setdefault(mentor["skills"][0], []).append(j)
    pref_mentees = np.flatnonzero(rng.random(n_mentees) < preference_share)
    for i in pref_mentees:
        pool = by_skill.get(mentees[i]["skills"][0]) or list(range(n_mentors))
        k = min(len(pool), int(rng.integers(1, 4)))
        picks = rng.choice(len(pool), size=k, replace=False)
        mentees[i]["preferences"] = [mentors[pool[int(t)]]["id"] for t in picks]
    share = preference_share / 3 if mentor_preference_share is None else mentor_preference_share
    pref_mentors = np.flatnonzero(rng.random(n_mentors) < share)
    for jj in pref_mentors:
        k = min(n_mentees, int(rng.integers(1, 3)))
        picks = rng.choice(n_mentees, size=k, replace=False)
        mentors[int(jj)]["preferences"] = [mentees[int(t)]["id"] for t in picks]

    n_forbidden = round(forbidden_share * n_mentees)
    forbidden = [
        {"mentor": mentors[int(b)]["id"], "mentee": mentees[int(a)]["id"]}
        for a, b in zip(
            rng.integers(0, n_mentees, n_forbidden),
            rng.integers(0, n_mentors, n_forbidden),
            strict=True,
        )
    ]

    rules: dict[str, Any]
    if all_rules:
        rules = {
            "min_level_gap": 1,
            "exclude_same_reporting_line": True,
            "exclude_same_department": True,
            "max_timezone_difference_hours": max_timezone_difference_hours,
            "require_common_language": True,
        }
    else:
        rules = {}
    return {
        "version": 1,
        "mentors": mentors,
        "mentees": mentees,
        "rules": rules,
        "difference_attributes": ["generation", "gender"],
        "objective": objective,
        "forbidden_pairs": forbidden,
        "fixed_pairs": [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching.generator",
        description="Write a realistic JSON v1 matching instance (deterministic by seed).",
    )
    parser.add_argument("--mentees", type=int, default=2000, help="senior MENTEES (default 2000)")
    parser.add_argument("--mentors", type=int, default=10000, help="junior MENTORS (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--objective", choices=["optimal", "fair", "stable"], default="optimal")
    parser.add_argument("--no-rules", action="store_true", help="keep the format's default rules")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    instance = generate(
        args.mentees, args.mentors, args.seed, objective=args.objective, all_rules=not args.no_rules
    )
    text = json.dumps(instance, ensure_ascii=False, separators=(",", ":"))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
