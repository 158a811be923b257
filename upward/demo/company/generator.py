"""Northwind, the demo company: a believable directory as rows of an HR export.

`generate_company(size, seed)` is pure and deterministic: the same size and seed
give the same rows on any machine (one `random.Random(seed)`, no global random
state, no clock, no set iteration). The rows have the columns of the HR CSV, so
the seed command feeds them through the real import.

Shape of the company:

* levels 1 (graduate / junior) to 6 (VP / C-suite), a pyramid: juniors are
  about a third of the company, level 6 a few percent;
* eight departments, each with a head at level 6 reporting to the CEO; larger
  departments have VPs (level 6) under the head, then directors (5), senior
  managers and leads (4), managers and senior individual contributors (3);
* a manager is always more senior than their reports, except within the
  executive team, where everyone is level 6 (heads report to the CEO, VPs to
  their head);
* seven offices in six time zones; teams mostly sit in their manager's office;
* names from a dozen naming cultures, weighted by office; unique emails
  `given.family@northwind.example`, numbered on a clash;
* titles follow level, department, and whether the person manages anyone;
* hire dates and birth years follow level (juniors joined recently); a few
  leavers carry a leave date.

The four PERSONAS are always present with fixed names and emails: the demo
logins attach to them whatever the seed.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from upward.demo.company.departments import (
    CEO_TITLE,
    DEPARTMENTS,
    HEADQUARTERS,
    OFFICES,
    Department,
)
from upward.demo.company.names import FAMILY_NAMES, GIVEN_NAMES, OFFICE_CULTURES
from upward.demo.company.personas import DEMO_DOMAIN, PERSONAS, Persona

# The company is described as of a fixed day, so the rows never depend on the clock.
AS_OF: Final = date(2026, 9, 30)
SIZES: Final[dict[str, int]] = {"small": 400, "large": 10_000}
DEFAULT_SEED: Final = 2026
MIN_SIZE: Final = 60
MAX_SIZE: Final = 100_000
LEVELS: Final = (1, 2, 3, 4, 5, 6)
TOP_LEVEL: Final = 6
COLUMNS: Final = (
    "employee_id",
    "name",
    "email",
    "title",
    "level",
    "department",
    "location",
    "time_zone",
    "manager_id",
    "hire_date",
    "birth_year",
    "leave_date",
)

Row = dict[str, str]

# Shares of a department below its executives, by level: a pyramid.
_LEVEL_WEIGHTS: Final = {5: 5, 4: 10, 3: 22, 2: 28, 1: 35}
# How many reports a people manager at each level aims for.
_SPAN_OF_LEVEL_5: Final = 4  # leads and senior managers per director
_SPAN_OF_LEVEL_4: Final = 5  # level-3 people per senior manager
_SPAN_OF_LEVEL_3: Final = 7  # juniors per team manager
# Chance a report sits in their manager's office, by the report's level.
_SAME_OFFICE: Final = {6: 0.3, 5: 0.4, 4: 0.5, 3: 0.6, 2: 0.9, 1: 0.9}
# Years of service at the AS_OF date, and age, by level.
_TENURE_YEARS: Final = {
    1: (0.05, 2.5),
    2: (0.5, 5.0),
    3: (1.0, 8.0),
    4: (1.5, 10.0),
    5: (2.0, 11.0),
    6: (1.0, 11.0),
}
_FOUNDER_TENURE_YEARS: Final = 12.0
_AGE: Final = {1: (21, 27), 2: (23, 32), 3: (26, 42), 4: (30, 50), 5: (34, 56), 6: (38, 62)}
_BIRTH_YEAR_KNOWN: Final = 0.85
_LEAVER_SHARE: Final = 0.03
_MIXED_FAMILY_NAME: Final = 0.08
# Letters that Unicode does not decompose to a Latin base letter (\u0131 is the dotless i).
_TRANSLITERATION: Final = str.maketrans({"\u0131": "i", "ß": "ss", "ł": "l", "ø": "o", "æ": "ae"})


@dataclass(eq=False)
class _Slot:
    """One position in the tree while the company is being built."""

    index: int
    department: Department | None
    level: int
    kind: str  # "ceo", "head", "vp", "manager" (people manager at 3-5) or "member"
    manager: _Slot | None = None
    reports: int = 0
    area: str = ""
    office: str = ""
    persona: Persona | None = None
    name: str = ""
    email: str = ""
    title: str = ""
    hire_date: date = AS_OF
    birth_year: int | None = None
    leave_date: date | None = None
    employee_id: str = ""


def size_from_option(value: str) -> int:
    """`small`, `large` or a number of people, as the seed command accepts it."""
    if value in SIZES:
        return SIZES[value]
    try:
        size = int(value)
    except ValueError:
        raise ValueError(
            f"size must be one of {', '.join(SIZES)} or a number of people, got {value!r}"
        ) from None
    _check_size(size)
    return size


def generate_company(size: int = SIZES["small"], seed: int = DEFAULT_SEED) -> list[Row]:
    """Rows of an HR export for a company of exactly `size` people.

    Every value is a string, as read from a CSV; `birth_year`, `leave_date` and
    (for the CEO) `manager_id` and `department` may be empty. Rows come in
    employee-id order, which is hiring order, so managers do not always
    precede their reports: the import must not rely on it.
    """
    _check_size(size)
    rng = random.Random(seed)
    slots = _build_tree(size, rng)
    _place_personas(slots, rng)
    _assign_areas(slots)
    _assign_offices(slots, rng)
    _assign_names(slots, rng)
    _assign_titles(slots, rng)
    _assign_dates(slots, rng)
    _choose_leavers(slots, rng)
    _assign_employee_ids(slots)
    return [_row(slot) for slot in sorted(slots, key=lambda slot: slot.employee_id)]


def _check_size(size: int) -> None:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"size must be between {MIN_SIZE} and {MAX_SIZE} people, got {size}")


def _apportion(total: int, weights: Sequence[int], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each at least `minimum`."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError(f"cannot give {len(weights)} parts at least {minimum} of {total}")
    weight_sum = sum(weights)
    exact = [spare * weight / weight_sum for weight in weights]
    parts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: spare - sum(parts)]:
        parts[i] += 1
    return [part + minimum for part in parts]


def _level_counts(headcount: int) -> dict[int, int]:
    """People per level in a department of `headcount`, head included."""
    executives = max(1, round(math.sqrt(headcount) / 4))
    below = _apportion(headcount - executives, list(_LEVEL_WEIGHTS.values()), minimum=1)
    counts = dict(zip(_LEVEL_WEIGHTS, below, strict=True))
    # Keep the pyramid: never more people at a level than at the one below it.
    for level in (5, 4, 3, 2):
        while counts[level] > counts[level - 1]:
            counts[level] -= 1
            counts[level - 1] += 1
    counts[TOP_LEVEL] = executives
    return counts


def _build_tree(size: int, rng: random.Random) -> list[_Slot]:
    slots: list[_Slot] = []

    def add(department: Department | None, level: int, kind: str) -> _Slot:
        slot = _Slot(index=len(slots), department=department, level=level, kind=kind)
        slots.append(slot)
        return slot

    ceo = add(None, TOP_LEVEL, "ceo")
    headcounts = _apportion(size - 1, [d.share for d in DEPARTMENTS], minimum=len(LEVELS))
    for department, headcount in zip(DEPARTMENTS, headcounts, strict=True):
        counts = _level_counts(headcount)
        head = add(department, TOP_LEVEL, "head")
        _report_to([head], [ceo], rng)
        vps = [add(department, TOP_LEVEL, "vp") for _ in range(counts[TOP_LEVEL] - 1)]
        _report_to(vps, [head], rng)
        at = {
            level: [add(department, level, "member") for _ in range(counts[level])]
            for level in (5, 4, 3, 2, 1)
        }
        directors = _make_managers(at[5], math.ceil(len(at[4]) / _SPAN_OF_LEVEL_5), rng)
        senior_managers = _make_managers(at[4], math.ceil(len(at[3]) / _SPAN_OF_LEVEL_4), rng)
        team_managers = _make_managers(
            at[3], math.ceil((len(at[2]) + len(at[1])) / _SPAN_OF_LEVEL_3), rng
        )
        _report_to(at[5], vps or [head], rng)
        _report_to(at[4], directors, rng)
        _report_to(at[3], senior_managers, rng)
        _report_to(at[2] + at[1], team_managers, rng)
    return slots


def _make_managers(candidates: list[_Slot], wanted: int, rng: random.Random) -> list[_Slot]:
    chosen = rng.sample(candidates, max(1, min(wanted, len(candidates))))
    for slot in chosen:
        slot.kind = "manager"
    return chosen


def _report_to(reports: list[_Slot], managers: list[_Slot], rng: random.Random) -> None:
    """Spread reports evenly over managers: every manager gets one before any gets two."""
    order = list(managers)
    rng.shuffle(order)
    shuffled = list(reports)
    rng.shuffle(shuffled)
    for i, slot in enumerate(shuffled):
        manager = order[i % len(order)]
        slot.manager = manager
        manager.reports += 1


def _place_personas(slots: list[_Slot], rng: random.Random) -> None:
    """Put each persona into a fitting seat: their department and level, a manager only if
    nobody else fits (the mentee takes a VP seat, or the head's if the department has no VP)."""
    kinds_by_preference = {
        "administrator": (("member",), ("manager",)),
        "program_manager": (("member",), ("manager",)),
        "mentor": (("member",),),
        "mentee": (("vp",), ("head",)),
    }
    for persona in PERSONAS:
        for kinds in kinds_by_preference[persona.key]:
            candidates = [
                slot
                for slot in slots
                if slot.persona is None
                and slot.department is not None
                and slot.department.name == persona.department
                and slot.level == persona.level
                and slot.kind in kinds
            ]
            if candidates:
                rng.choice(candidates).persona = persona
                break
        else:  # pragma: no cover - every department has every level (MIN_SIZE)
            raise AssertionError(f"no seat for the demo {persona.key}")


def _assign_areas(slots: list[_Slot]) -> None:
    """The top of each branch names an area such as "Payments"; everyone below inherits it.

    VPs carry the areas when a department has several (but no more VPs than areas);
    otherwise each director starts a branch of their own.
    """
    vps_per_department = Counter(
        slot.department.name for slot in slots if slot.department is not None and slot.kind == "vp"
    )
    next_area: Counter[str] = Counter()
    for slot in slots:  # managers come before their reports
        department = slot.department
        if department is None or slot.kind == "head" or slot.manager is None:
            continue
        vps = vps_per_department[department.name]
        if slot.kind == "vp":
            starts_branch = 2 <= vps <= len(department.areas)
        else:
            starts_branch = slot.kind == "manager" and slot.level == 5 and not slot.manager.area
        if starts_branch:
            slot.area = department.areas[next_area[department.name] % len(department.areas)]
            next_area[department.name] += 1
        else:
            slot.area = slot.manager.area


def _assign_offices(slots: list[_Slot], rng: random.Random) -> None:
    """Teams mostly sit with their manager; more senior people move about more."""
    team_offices = _team_manager_offices(slots, rng)
    for slot in slots:  # managers come before their reports
        department = slot.department
        if slot.persona is not None:
            slot.office = slot.persona.office
        elif department is None:
            slot.office = HEADQUARTERS
        elif slot.kind == "head":
            slot.office = department.head_office
        elif slot.index in team_offices:
            slot.office = team_offices[slot.index]
        else:
            manager_office = slot.manager.office if slot.manager is not None else ""
            offices = [office for office, _ in department.offices]
            if manager_office in offices and rng.random() < _SAME_OFFICE[slot.level]:
                slot.office = manager_office
            else:
                slot.office = _weighted_choice(rng, department.offices)


def _team_manager_offices(slots: list[_Slot], rng: random.Random) -> dict[int, str]:
    """Spread each department's team managers over its offices in proportion to their
    weights, so the offices' headcounts follow the weights closely even in a small company."""
    chosen: dict[int, str] = {}
    for department in DEPARTMENTS:
        team_managers = [
            slot
            for slot in slots
            if slot.department is department
            and slot.kind == "manager"
            and slot.level == 3
            and slot.persona is None
        ]
        quotas = _apportion(len(team_managers), [weight for _, weight in department.offices])
        offices = [
            office
            for (office, _), quota in zip(department.offices, quotas, strict=True)
            for _ in range(quota)
        ]
        rng.shuffle(offices)
        chosen.update(
            (slot.index, office) for slot, office in zip(team_managers, offices, strict=True)
        )
    return chosen


def _assign_names(slots: list[_Slot], rng: random.Random) -> None:
    taken_emails = {persona.email for persona in PERSONAS}
    persona_names = {persona.name for persona in PERSONAS}
    next_number: dict[str, int] = {}
    for slot in slots:
        if slot.persona is not None:
            slot.name, slot.email = slot.persona.name, slot.persona.email
            continue
        cultures = OFFICE_CULTURES[slot.office]
        while True:
            culture = _weighted_choice(rng, cultures)
            family_culture = (
                _weighted_choice(rng, cultures) if rng.random() < _MIXED_FAMILY_NAME else culture
            )
            given = rng.choice(GIVEN_NAMES[culture])
            family = rng.choice(FAMILY_NAMES[family_culture])
            if f"{given} {family}" not in persona_names:
                break
        slot.name = f"{given} {family}"
        local = f"{_email_part(given)}.{_email_part(family)}"
        candidate = local
        while f"{candidate}@{DEMO_DOMAIN}" in taken_emails:
            number = next_number.get(local, 1) + 1
            next_number[local] = number
            candidate = f"{local}{number}"
        slot.email = f"{candidate}@{DEMO_DOMAIN}"
        taken_emails.add(slot.email)


def _email_part(name: str) -> str:
    """'Dela Cruz' -> 'delacruz', 'Müller' -> 'muller'."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLITERATION))
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == "-"))


def _assign_titles(slots: list[_Slot], rng: random.Random) -> None:
    for slot in slots:
        department = slot.department
        if slot.persona is not None:
            slot.title = slot.persona.title
        elif department is None:
            slot.title = CEO_TITLE
        elif slot.kind == "head":
            slot.title = department.head_title
        elif slot.kind == "vp":
            slot.title = _with_area(department.vp_title, slot.area)
        elif slot.kind == "manager":
            slot.title = _with_area(department.manager_titles[slot.level - 3], slot.area)
        else:
            rungs = [
                (title, weight)
                for ladder, weight in department.families
                if (title := ladder[slot.level - 1]) is not None
            ]
            slot.title = _weighted_choice(rng, rungs)


def _with_area(title: str, area: str) -> str:
    return f"{title}, {area}" if area else title


def _assign_dates(slots: list[_Slot], rng: random.Random) -> None:
    for slot in slots:
        if slot.persona is not None:
            slot.hire_date, slot.birth_year = slot.persona.hire_date, slot.persona.birth_year
            continue
        if slot.kind == "ceo":
            years = _FOUNDER_TENURE_YEARS
        else:
            years = rng.uniform(*_TENURE_YEARS[slot.level])
        slot.hire_date = AS_OF - timedelta(days=max(1, round(years * 365.25)))
        youngest, oldest = _AGE[slot.level]
        birth_year = AS_OF.year - rng.randint(youngest, oldest)
        # Nobody joined before twenty.
        birth_year = min(birth_year, slot.hire_date.year - 20)
        slot.birth_year = birth_year if rng.random() < _BIRTH_YEAR_KNOWN else None


def _choose_leavers(slots: list[_Slot], rng: random.Random) -> None:
    """A few individual contributors left recently; nobody reports to a leaver."""
    earliest_hire = AS_OF - timedelta(days=90)
    candidates = [
        slot
        for slot in slots
        if slot.kind == "member"
        and slot.persona is None
        and slot.reports == 0
        and slot.hire_date <= earliest_hire
    ]
    wanted = min(len(candidates), round(len(slots) * _LEAVER_SHARE))
    for slot in rng.sample(candidates, wanted):
        leave_date = AS_OF - timedelta(days=rng.randint(1, 270))
        slot.leave_date = max(leave_date, slot.hire_date + timedelta(days=60))


def _assign_employee_ids(slots: list[_Slot]) -> None:
    """Employee ids count up in hiring order, as most HR systems issue them."""
    for number, slot in enumerate(sorted(slots, key=lambda s: (s.hire_date, s.index)), start=1):
        slot.employee_id = f"NW{number:05d}"


def _weighted_choice(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    values = [value for value, _ in options]
    weights = [weight for _, weight in options]
    return rng.choices(values, weights=weights)[0]


def _row(slot: _Slot) -> Row:
    return {
        "employee_id": slot.employee_id,
        "name": slot.name,
        "email": slot.email,
        "title": slot.title,
        "level": str(slot.level),
        "department": slot.department.name if slot.department is not None else "",
        "location": slot.office,
        "time_zone": OFFICES[slot.office],
        "manager_id": slot.manager.employee_id if slot.manager is not None else "",
        "hire_date": slot.hire_date.isoformat(),
        "birth_year": str(slot.birth_year) if slot.birth_year is not None else "",
        "leave_date": slot.leave_date.isoformat() if slot.leave_date is not None else "",
    }
