"""Build the matching engine's input (JSON v1) from a program, in a fixed number of queries.

Participant ids are registration pks as strings. The engine's reporting-line rule
asks whether one participant's id is in the other's `manager_chain`, so each chain
is the person's managers (from Person.line_path) translated into the registration
ids of those managers who take part in the program; managers who do not take part
can never be paired, so leaving them out changes nothing.

Who takes part: registered mentees, and registered mentors who have read their
preparation guide. People already in a proposed or live pair of this program keep
it (a mentee is left out; a mentor offers only the places left). Every pair that
ever existed in this program is forbidden (a declined pairing is never proposed
again), and so is any two people with a proposed or live pair in another program.

Queries: registrations with person and department (as plain values), their skills, this program's
pairs, and other programs' pairs between these people — four, however many people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from upward.pairs.models import ACTIVE_STATUSES, Pair
from upward.people.models import LINE_SEPARATOR
from upward.programs.models import (
    ParticipantRole,
    Program,
    Registration,
    RegistrationSkill,
    RegistrationStatus,
    skill_engine_key,
)
from upward.programs.registration_choices import hourly_slots

NOT_READY = "has not read the preparation guide yet, so cannot be matched"


@dataclass
class PinSpec:
    mentor: int
    mentee: int
    override_reason: str = ""
    rule_violations: list[str] = field(default_factory=list)


@dataclass
class BuiltProblem:
    """The engine input plus what the app needs to turn the result back into rows."""

    data: dict[str, Any]
    registrations: dict[int, Entrant]
    # Pins that break a rule on purpose: kept outside the engine, which would refuse them.
    overridden: list[PinSpec] = field(default_factory=list)
    # People who cannot take part in this run, with the reason shown to the manager.
    left_out: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # (mentor, mentee) registrations that may never be proposed: paired before in this
    # program, or paired in another one. A manager cannot override these.
    never_again: set[tuple[int, int]] = field(default_factory=set)

    def name(self, registration_id: int | str) -> str:
        reg = self.registrations.get(int(registration_id))
        return reg.name if reg is not None else f"registration {registration_id}"


@dataclass(frozen=True)
class Entrant:
    """One registered participant, read as plain values (model instances cost too much
    at thousands of rows)."""

    pk: int
    person_id: int
    name: str
    role: str
    ready: bool
    capacity: int
    ancestor_ids: tuple[int, ...]
    data: dict[str, Any]


def program_participants(program: Program) -> list[Entrant]:
    """Registered participants with person, department and skills: two queries."""
    skills: dict[int, list[str]] = {}
    for reg_id, family, name in (
        RegistrationSkill.objects.filter(
            registration__program=program, registration__status=RegistrationStatus.REGISTERED
        )
        .order_by("registration_id", "priority", "id")
        .values_list("registration_id", "skill__family__slug", "skill__name")
    ):
        # "family/Name": the family gives partial credit, and the engine's
        # reasons read "TikTok" where the slug would read "tiktok".
        skills.setdefault(reg_id, []).append(skill_engine_key(family, name))
    rows = (
        Registration.objects.filter(program=program, status=RegistrationStatus.REGISTERED)
        .order_by("id")
        .values_list(
            "id", "person_id", "person__name", "role", "guide_read_at", "capacity",
            "person__line_path", "person__level", "person__department__name",
            "person__location", "timezone", "person__timezone", "languages", "goals",
            "availability",
        )
    )  # fmt: skip
    out = []
    for (pk, person_id, name, role, read_at, capacity, line, level, dept, location, tz,
         person_tz, languages, goals, availability) in rows:  # fmt: skip
        ids = [int(x) for x in line.split(LINE_SEPARATOR) if x]
        out.append(
            Entrant(
                pk=pk,
                person_id=person_id,
                name=name,
                role=role,
                ready=role != ParticipantRole.MENTOR or read_at is not None,
                capacity=capacity,
                ancestor_ids=tuple(reversed(ids[:-1])),
                data={
                    "id": str(pk),
                    "name": name,
                    "level": level,
                    "department": dept or None,
                    "location": location or None,
                    "timezone": tz or person_tz or None,
                    "languages": list(languages or []),
                    "skills": skills.get(pk, []),
                    "goals": goals or "",
                    "availability": hourly_slots(list(availability or [])),
                },
            )
        )
    return out


def count_participants(program: Program) -> int:
    return Registration.objects.filter(
        program=program, status=RegistrationStatus.REGISTERED
    ).count()


def _forbidden_elsewhere(program: Program, by_person: dict[int, Entrant]) -> list[tuple[int, int]]:
    """(mentor reg, mentee reg) here for people with an active pair in another program."""
    here = Registration.objects.filter(
        program=program, status=RegistrationStatus.REGISTERED
    ).values("person_id")
    rows = (
        Pair.objects.filter(status__in=ACTIVE_STATUSES)
        .exclude(program=program)
        .filter(mentor__person_id__in=here, mentee__person_id__in=here)
        .values_list("mentor__person_id", "mentee__person_id")
    )
    out: list[tuple[int, int]] = []
    for a, b in rows:
        for x, y in ((a, b), (b, a)):  # roles may be the other way round here
            mx, my = by_person.get(x), by_person.get(y)
            if mx and my and mx.role == ParticipantRole.MENTOR and my.role == "mentee":
                out.append((mx.pk, my.pk))
    return out


def build_problem(program: Program, *, snapshot: dict[str, Any]) -> BuiltProblem:
    """The engine input for `program` with the settings, pins and forbids of `snapshot`."""
    everyone = program_participants(program)
    registrations = {reg.pk: reg for reg in everyone}
    by_person = {reg.person_id: reg for reg in everyone}
    built = BuiltProblem(data={}, registrations=registrations)

    taken: dict[int, int] = {}  # mentor reg -> active pairs here
    paired_mentees: set[int] = set()
    forbidden: set[tuple[int, int]] = set()
    for mentor_id, mentee_id, status in Pair.objects.filter(program=program).values_list(
        "mentor_id", "mentee_id", "status"
    ):
        forbidden.add((mentor_id, mentee_id))  # a pairing is never repeated
        if status in ACTIVE_STATUSES:
            taken[mentor_id] = taken.get(mentor_id, 0) + 1
            paired_mentees.add(mentee_id)
    forbidden.update(_forbidden_elsewhere(program, by_person))
    never_again = set(forbidden)
    built.never_again = never_again
    forbidden.update((int(m), int(e)) for m, e in snapshot.get("forbids", []))

    capacity: dict[int, int] = {}
    for reg in everyone:
        if reg.role == ParticipantRole.MENTOR:
            if not reg.ready:
                built.left_out[reg.pk] = NOT_READY
                continue
            if reg.capacity > taken.get(reg.pk, 0):
                capacity[reg.pk] = reg.capacity - taken.get(reg.pk, 0)
        elif reg.pk not in paired_mentees:
            capacity[reg.pk] = 1

    fixed: list[tuple[int, int]] = []
    for raw in snapshot.get("pins", []):
        pin = PinSpec(
            mentor=int(raw["mentor"]),
            mentee=int(raw["mentee"]),
            override_reason=raw.get("override_reason", ""),
            rule_violations=list(raw.get("rule_violations", [])),
        )
        if pin.mentor not in capacity or pin.mentee not in capacity:
            built.warnings.append(
                f"The pin of {built.name(pin.mentor)} with {built.name(pin.mentee)} was "
                "skipped: one of them no longer takes part or is already paired."
            )
        elif (pin.mentor, pin.mentee) in never_again:
            built.warnings.append(
                f"The pin of {built.name(pin.mentor)} with {built.name(pin.mentee)} was "
                "skipped: these two were paired before or are paired in another program."
            )
        elif pin.override_reason:
            if capacity[pin.mentor] < 1 or capacity[pin.mentee] < 1:
                built.warnings.append(
                    f"The pin of {built.name(pin.mentor)} with {built.name(pin.mentee)} was "
                    "skipped: no place left."
                )
                continue
            # Keep both in the problem (so the pair can be scored) without room for others.
            capacity[pin.mentor] -= 1
            capacity[pin.mentee] = 0
            built.overridden.append(pin)
        else:
            fixed.append((pin.mentor, pin.mentee))

    line_members = {pid: reg.pk for pid, reg in by_person.items() if reg.pk in capacity}
    mentors: list[dict[str, Any]] = []
    mentees: list[dict[str, Any]] = []
    for reg in everyone:
        if reg.pk not in capacity:
            continue
        chain = [str(line_members[p]) for p in reg.ancestor_ids if p in line_members]
        item = {**reg.data, "manager_chain": chain, "capacity": capacity[reg.pk]}
        (mentors if reg.role == ParticipantRole.MENTOR else mentees).append(item)

    ids = set(capacity)
    built.data = {
        "version": 1,
        "mentors": mentors,
        "mentees": mentees,
        "rules": snapshot.get("rules", {}),
        # Managers weigh only what participants can state in Upward (see match_settings).
        "weights": {**snapshot.get("weights", {}), "preferences": 0, "external": 0},
        "difference_attributes": snapshot.get("difference_attributes", []),
        "objective": snapshot.get("objective", "optimal"),
        "forbidden_pairs": sorted([str(m), str(e)] for m, e in forbidden if m in ids and e in ids),
        "fixed_pairs": [[str(m), str(e)] for m, e in fixed],
        # TF-IDF gives the same scores on every machine and needs no model download.
        "goal_similarity": "tfidf",
        "reference_date": program.starts_on.isoformat(),
    }
    return built
