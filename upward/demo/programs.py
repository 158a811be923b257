"""The demo's programs: one in each status, filled through the real services.

Every important row is written by the service a manager or participant would
use: `program_create` and `program_transition` for the lifecycle,
`eligibility_update` and `program_update` for settings, the invitation
services for recruiting, `registration_create` and
`registration_confirm_guide_read` for participants. The services check
registration windows against the real date, so a program that is running or
closed today is built the way it happened: created with its registration open,
filled, then given its real dates and moved along its lifecycle in order.
The closed program's pairs live their year on the way (demo.closed_cohort):
matched while it is matching, meeting and closing while it runs.

Deterministic: the same directory and the same `today` give the same programs,
people, skills, goals and availability. Idempotent: a demo program that
already exists (by name, managed by the demo program manager) is left alone.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from django.db import transaction
from django.db.models import QuerySet

from upward.accounts.models import User
from upward.core import clock
from upward.core.errors import ApplicationError
from upward.demo.closed_cohort import ClosedCohort, ClosedCohortResult, drifted_pair
from upward.demo.company import OFFICES, PERSONA_BY_KEY, PERSONAS
from upward.demo.ratings import self_identification_of, starting_ratings
from upward.people.models import Person
from upward.programs.models import (
    AssessmentMoment,
    Invitation,
    MeetingPreference,
    ParticipantRole,
    Program,
    ProgramStatus,
    RecruitmentMode,
    Registration,
    Skill,
)
from upward.programs.registration_choices import BLOCK_HOURS
from upward.programs.selectors.recruiting import eligible_people_for
from upward.programs.selectors.registration import registration_refusal
from upward.programs.services.program_defaults import add_months
from upward.programs.services.recruiting import (
    invitation_create_many,
    invitation_decline,
    invitation_open,
)
from upward.programs.services.registration import (
    RegistrationData,
    registration_confirm_guide_read,
    registration_create,
    self_identification_give,
)
from upward.programs.services.self_assessment import self_assessment_record
from upward.programs.services.setup import (
    eligibility_update,
    program_create,
    program_transition,
    program_update,
)
from upward.programs.services.skills import skills_seed

MENTOR, MENTEE = ParticipantRole.MENTOR.value, ParticipantRole.MENTEE.value

DRAFT_NAME: Final = "Digital leadership pilot 2027"
RECRUITING_NAME: Final = "Inclusive leadership circle"
MATCHING_NAME: Final = "New generation insight"
RUNNING_NAME: Final = "AI and social media for leaders"
CLOSED_NAME: Final = "New generation insight: first cohort"
# In the order they are built: the closed cohort before the running program (see `closed`).
DEMO_PROGRAM_NAMES: Final = (DRAFT_NAME, RECRUITING_NAME, MATCHING_NAME, CLOSED_NAME, RUNNING_NAME)

# Fixed, so the demo does not depend on the seed of the company.
RANDOM_SEED: Final = 2027
# Per role, for the default company of 400; smaller companies get what they have.
MATCHING_SIZE: Final = 30
RUNNING_SIZE: Final = 12
CLOSED_SIZE: Final = 10
RECRUITING_INVITED: Final = {MENTOR: 18, MENTEE: 12}
RECRUITING_REGISTERED: Final = {MENTOR: 10, MENTEE: 5}
RECRUITING_DECLINED: Final = 4
RECRUITING_OPENED: Final = 6
RECRUITING_GUIDES_READ: Final = 6
RECRUITING_SELF_IDENTIFIED: Final = 4


@dataclass
class DemoProgramsResult:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    registrations: int = 0
    invitations: int = 0
    closed_cohort: ClosedCohortResult = field(default_factory=ClosedCohortResult)


def demo_programs() -> QuerySet[Program]:
    """The demo's programs that exist: known names, managed by the demo program manager."""
    return Program.objects.filter(
        name__in=DEMO_PROGRAM_NAMES,
        managers__email__iexact=PERSONA_BY_KEY["program_manager"].email,
    ).distinct()


@transaction.atomic
def demo_programs_delete() -> int:
    """Delete the demo programs (with their invitations and registrations); how many."""
    ids = list(demo_programs().values_list("pk", flat=True))
    Program.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def demo_programs_seed(*, today: date) -> DemoProgramsResult:
    """One demo program in each status, with registrations; skips those that exist.

    `today` must be the current date: the services open registration windows
    and accept registrations against it.
    """
    if today != clock.today():
        raise ApplicationError(
            "The demo programs are built for the current date: the services check "
            "registration windows against it."
        )
    manager = User.objects.filter(email__iexact=PERSONA_BY_KEY["program_manager"].email).first()
    if manager is None:
        raise ApplicationError("Create the demo logins before the demo programs.")
    skills_seed()
    builder = _Builder(manager=manager, today=today)
    existing = set(demo_programs().values_list("name", flat=True))
    # The closed cohort before the running program: one of its seniors comes back.
    builds = {
        DRAFT_NAME: builder.draft,
        RECRUITING_NAME: builder.recruiting,
        MATCHING_NAME: builder.matching,
        CLOSED_NAME: builder.closed,
        RUNNING_NAME: builder.running,
    }
    steps = [(name, builds[name]) for name in DEMO_PROGRAM_NAMES]
    for name, build in steps:
        if name in existing:
            builder.result.skipped.append(name)
            continue
        build()
        builder.result.created.append(name)
    return builder.result


# --- Dates -----------------------------------------------------------------------


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


# --- Building the programs --------------------------------------------------------


class _Builder:
    def __init__(self, *, manager: User, today: date) -> None:
        self.manager = manager
        self.today = today
        # Programs whose registrations share self-identification (the closed cohort).
        self.self_identifying: set[int] = set()
        self.rng = random.Random(RANDOM_SEED)
        self.result = DemoProgramsResult()
        self.texts = _Texts(self.rng, today)
        self.skills = _SkillBank(self.rng)
        # How many current programs each person is already in: juniors are not
        # reused; the few seniors are, least used first.
        self.taken: Counter[int] = Counter()
        persona_emails = [persona.email.lower() for persona in PERSONAS]
        self.persona_ids = set(
            Person.objects.filter(email__in=persona_emails).values_list("pk", flat=True)
        )
        self.users = {
            person.email.lower(): person.user
            for person in Person.objects.filter(email__in=persona_emails).select_related("user")
        }

    # Draft: set up, nobody invited yet.
    def draft(self) -> None:
        program_create(
            actor=self.manager,
            name=DRAFT_NAME,
            template_key="digital-leadership",
            starts_on=monday_on_or_after(self.today + timedelta(days=100)),
            description=(
                "A small pilot pairing graduates with the leadership team on AI tools, social "
                "media and the digital habits of our customers. Still being set up: dates and "
                "eligibility may change before invitations go out."
            ),
        )

    # Recruiting, invite-only: invitations in every state, registrations coming in.
    def recruiting(self) -> None:
        program = program_create(
            actor=self.manager,
            name=RECRUITING_NAME,
            template_key="inclusive-leadership",
            starts_on=monday_on_or_after(self.today + timedelta(weeks=6)),
            description=(
                "Directors and VPs learn from junior colleagues about the everyday experience "
                "of being in the minority at Northwind: what helps, what gets in the way, and "
                "what a leader can change. Monthly conversations over nine months."
            ),
        )
        self._mentee_levels(program, min_level=5)
        program = program_update(
            actor=self.manager,
            program=program,
            registration_opens_on=self.today - timedelta(days=12),
        )
        program = program_transition(
            actor=self.manager, program=program, to_status=ProgramStatus.RECRUITING
        )
        mentors = self._pick(program, MENTOR, RECRUITING_INVITED[MENTOR], levels=(1, 2, 3))
        mentees = self._pick(program, MENTEE, RECRUITING_INVITED[MENTEE], levels=(5, 6))
        invitations: dict[str, list[Invitation]] = {}
        for role, people in ((MENTOR, mentors), (MENTEE, mentees)):
            # The demo mentor and mentee have an invitation waiting for an answer.
            persona = self._persona("mentor" if role == MENTOR else "mentee")
            batch = invitation_create_many(
                program=program,
                people=[*people, persona],
                role=role,
                invited_by=self.manager,
                source="demo",
            )
            by_person = {invitation.person_id: invitation for invitation in batch.created}
            invitations[role] = [
                by_person[person.pk] for person in people if person.pk in by_person
            ]
            self.result.invitations += len(batch.created)
            self.taken.update(person.pk for person in people)

        registered: list[Registration] = []
        for role, pending in invitations.items():
            for invitation in pending[: RECRUITING_REGISTERED[role]]:
                invitation_open(invitation=invitation)
                registered.append(self._register(program, invitation.person, role))
        answered = [
            invitation
            for role, pending in invitations.items()
            for invitation in pending[RECRUITING_REGISTERED[role] :]
        ]
        self.rng.shuffle(answered)
        for invitation in answered[:RECRUITING_DECLINED]:
            invitation_decline(invitation=invitation, reason=self.texts.decline_reason())
        for invitation in answered[RECRUITING_DECLINED : RECRUITING_DECLINED + RECRUITING_OPENED]:
            invitation_open(invitation=invitation)
        # The rest have not opened their email yet.

        mentors_registered = [r for r in registered if r.role == MENTOR]
        for registration in mentors_registered[:RECRUITING_GUIDES_READ]:
            registration_confirm_guide_read(registration=registration, actor=None)
        for registration in self.rng.sample(
            registered, min(RECRUITING_SELF_IDENTIFIED, len(registered))
        ):
            self_identification_give(
                registration=registration,
                answers=self.texts.self_identification(registration),
                actor=None,
            )

    # Matching: registration closed, every mentor ready; the manager runs the match.
    def matching(self) -> None:
        program = program_create(
            actor=self.manager,
            name=MATCHING_NAME,
            template_key="new-generation",
            starts_on=monday_on_or_after(self.today + timedelta(weeks=5)),
            description=(
                "The second cohort: graduates and early-career colleagues tell directors and "
                "VPs what work looks like from where they sit, and what would make them stay. "
                "Every three weeks for a year."
            ),
        )
        program = self._open(program)
        mentor_persona, mentee_persona = self._persona("mentor"), self._persona("mentee")
        mentors = self._pick(program, MENTOR, MATCHING_SIZE - 1, levels=(1, 2))
        mentees = self._pick(program, MENTEE, MATCHING_SIZE - 1, levels=(5, 6))
        registrations = [
            self._register(program, mentor_persona, MENTOR, data=self._maya_data()),
            self._register(program, mentee_persona, MENTEE, data=self._richard_data()),
        ]
        for mentor, mentee in zip(mentors, mentees, strict=False):
            registrations.append(self._register(program, mentor, MENTOR))
            registrations.append(self._register(program, mentee, MENTEE))
        registrations += [self._register(program, p, MENTOR) for p in mentors[len(mentees) :]]
        registrations += [self._register(program, p, MENTEE) for p in mentees[len(mentors) :]]
        self._confirm_guides(registrations)
        starts_on = monday_on_or_after(self.today + timedelta(days=14))
        program = program_update(
            actor=self.manager,
            program=program,
            registration_opens_on=self.today - timedelta(days=35),
            registration_closes_on=self.today - timedelta(days=2),
            matching_on=self.today,
            starts_on=starts_on,
            ends_on=add_months(starts_on, 12),
        )
        program_transition(actor=self.manager, program=program, to_status=ProgramStatus.MATCHING)

    # Running: started about two months ago.
    def running(self) -> None:
        starts_on = monday_on_or_after(self.today - timedelta(weeks=9))
        self._past_program(
            name=RUNNING_NAME,
            template_key="digital-leadership",
            description=(
                "Senior managers and leaders get hands-on with AI assistants, social media and "
                "the collaboration tools their teams live in, taught by colleagues who use them "
                "every day."
            ),
            size=RUNNING_SIZE,
            mentee_min_level=4,
            starts_on=starts_on,
            ends_on=add_months(starts_on, 6),
            final_status=ProgramStatus.RUNNING,
            with_personas=True,
            returning=self._returning_senior(),
        )

    def _returning_senior(self) -> list[Person]:
        """The senior of the closed cohort's drifted pair, back for a second program.

        The monitoring demo flags them across the two pairs (demo.monitoring).
        """
        closed = Program.objects.filter(name=CLOSED_NAME, status=ProgramStatus.CLOSED).first()
        pair = drifted_pair(closed) if closed is not None else None
        return [pair.mentee.person] if pair is not None else []

    # Closed: a year-long cohort that ended last month, with the year its pairs had.
    def closed(self) -> None:
        starts_on = monday_on_or_after(add_months(self.today, -13))
        program = self._past_program(
            name=CLOSED_NAME,
            template_key="new-generation",
            description=(
                "The first cohort of New generation insight: early-career colleagues and "
                "senior leaders, every three weeks for a year."
            ),
            size=CLOSED_SIZE,
            mentee_min_level=5,
            starts_on=starts_on,
            ends_on=add_months(starts_on, 12),
            final_status=ProgramStatus.MATCHING,
            objectives=("retention", "culture", "inclusion"),
        )
        # Pairs are proposed while a program is matching and meet while it runs.
        cohort = ClosedCohort(program=program, manager=self.manager)
        pairs = cohort.match()
        program = program_transition(
            actor=self.manager, program=program, to_status=ProgramStatus.RUNNING
        )
        self.result.closed_cohort = cohort.run_the_year(pairs)
        program_transition(actor=self.manager, program=program, to_status=ProgramStatus.CLOSED)

    # --- Steps shared by the programs ---------------------------------------------

    def _past_program(
        self,
        *,
        name: str,
        template_key: str,
        description: str,
        size: int,
        mentee_min_level: int,
        starts_on: date,
        ends_on: date,
        final_status: str,
        with_personas: bool = False,
        returning: Sequence[Person] = (),
        objectives: Sequence[str] = (),
    ) -> Program:
        """Created with its registration open today, filled, then given its real dates.

        `with_personas` also registers the demo mentor and mentee (when eligible),
        so their logins open a pair under way (demo.pair_space builds it).
        """
        program = program_create(
            actor=self.manager,
            name=name,
            template_key=template_key,
            starts_on=monday_on_or_after(self.today + timedelta(weeks=5)),
            description=description,
        )
        self._mentee_levels(program, min_level=mentee_min_level)
        if objectives:  # asks self-identification when one is inclusion
            program = program_update(
                actor=self.manager, program=program, objectives=list(objectives)
            )
            if program.has_inclusion_objective:
                self.self_identifying.add(program.pk)  # most of its people share theirs
        program = self._open(program)
        opens_on = starts_on - timedelta(weeks=7)
        # Only people who worked here when registration opened took part.
        registrations = self._register_personas(program) if with_personas else []
        others = size - len(registrations) // 2
        back = [
            self._register(program, person, MENTEE)
            for person in returning
            if not registration_refusal(
                program=program, person=person, role=MENTEE, today=self.today
            )
        ]
        self.taken.update(person.pk for person in returning)
        registrations += back
        mentors = self._pick(program, MENTOR, others, levels=(1, 2, 3), hired_by=opens_on)
        mentees = self._pick(
            program, MENTEE, others - len(back), levels=(4, 5, 6), hired_by=opens_on
        )
        registrations += [self._register(program, person, MENTOR) for person in mentors]
        registrations += [self._register(program, person, MENTEE) for person in mentees]
        self._confirm_guides(registrations)
        program = program_update(
            actor=self.manager,
            program=program,
            registration_opens_on=opens_on,
            registration_closes_on=starts_on - timedelta(days=14),
            matching_on=starts_on - timedelta(days=10),
            starts_on=starts_on,
            ends_on=ends_on,
        )
        for status in (ProgramStatus.MATCHING, ProgramStatus.RUNNING, ProgramStatus.CLOSED):
            program = program_transition(actor=self.manager, program=program, to_status=status)
            if status == final_status:
                break
        return program

    def _register_personas(self, program: Program) -> list[Registration]:
        """Maya as a mentor and Richard as a mentee, both or neither: only if both may register."""
        mentor, mentee = self._persona("mentor"), self._persona("mentee")
        refusals = [
            registration_refusal(program=program, person=person, role=role, today=self.today)
            for person, role in ((mentor, MENTOR), (mentee, MENTEE))
        ]
        if any(refusals):
            return []
        return [
            self._register(program, mentor, MENTOR, data=self._maya_data()),
            self._register(program, mentee, MENTEE, data=self._richard_data()),
        ]

    def _open(self, program: Program) -> Program:
        """Open registration (anyone eligible may join) and start recruiting."""
        program = program_update(
            actor=self.manager, program=program, recruitment_mode=RecruitmentMode.OPEN
        )
        return program_transition(
            actor=self.manager, program=program, to_status=ProgramStatus.RECRUITING
        )

    def _mentee_levels(self, program: Program, *, min_level: int) -> None:
        """Widen the template's mentee band: Northwind has few people at level 6."""
        eligibility_update(
            actor=self.manager,
            program=program,
            role=MENTEE,
            min_level=min_level,
            max_level=None,
            min_tenure_months=0,
            departments=[],
            locations=[],
        )

    def _persona(self, key: str) -> Person:
        return Person.objects.get(email__iexact=PERSONA_BY_KEY[key].email)

    def _pick(
        self,
        program: Program,
        role: str,
        count: int,
        *,
        levels: Sequence[int],
        hired_by: date | None = None,
    ) -> list[Person]:
        """`count` eligible people at `levels`, not demo personas, not the CEO.

        Juniors are never reused across programs; seniors are few, so the least
        used come first. Ties are broken by the demo's own random order.
        """
        candidates = (
            eligible_people_for(program, role)
            .filter(level__in=levels, manager__isnull=False)
            .exclude(pk__in=self.persona_ids)
            .select_related("department")
            .order_by("employee_id")
        )
        if hired_by is not None:
            candidates = candidates.filter(hire_date__lte=hired_by)
        people = list(candidates)
        keys = {person.pk: self.rng.random() for person in people}
        if role == MENTOR:
            people = [person for person in people if not self.taken[person.pk]]
        people.sort(key=lambda person: (self.taken[person.pk], keys[person.pk]))
        chosen = people[:count]
        self.taken.update(person.pk for person in chosen)
        return chosen

    def _register(
        self,
        program: Program,
        person: Person,
        role: str,
        *,
        data: RegistrationData | None = None,
    ) -> Registration:
        actor = self.users.get(person.email.lower())
        registration = registration_create(
            program=program,
            person=person,
            role=role,
            data=data or self._data(program, person, role),
            actor=actor,
            self_identification=self_identification_of(person)
            if program.pk in self.self_identifying
            else None,
        )
        self_assessment_record(
            registration=registration,
            moment=AssessmentMoment.BEFORE,
            ratings=starting_ratings(registration),
            actor=actor,
        )
        self.result.registrations += 1
        return registration

    def _confirm_guides(self, registrations: Iterable[Registration]) -> None:
        for registration in registrations:
            if registration.role == MENTOR:
                registration_confirm_guide_read(
                    registration=registration,
                    actor=self.users.get(registration.person.email.lower()),
                )

    def _data(self, program: Program, person: Person, role: str) -> RegistrationData:
        skills = self.skills.pick(program.template_key, role)
        return RegistrationData(
            skills=skills,
            goals=self.texts.goals(person, role, [skill.family.slug for skill in skills]),
            availability=_availability(self.rng, role),
            timezone=person.timezone,
            meeting_preference=self.rng.choices(
                [MeetingPreference.VIRTUAL, MeetingPreference.EITHER, MeetingPreference.IN_PERSON],
                weights=[5, 4, 1],
            )[0],
            languages=_languages(self.rng, person.location),
        )

    def _maya_data(self) -> RegistrationData:
        return RegistrationData(
            skills=self.skills.named(
                "linkedin",
                "social-media-strategy",
                "younger-expectations",
                "chat-assistants",
                "tiktok",
                "instagram",
            ),
            goals=(
                "I run our brand's Instagram, TikTok and LinkedIn day to day. I can show a "
                "sales or commercial leader how buyers my age research a company on LinkedIn "
                "before any call, and why young colleagues leave in their second year. For "
                "myself, I'd like to understand how big commercial decisions get made, and get "
                "braver about speaking up with senior leaders."
            ),
            availability=["tue-13", "tue-15", "wed-15", "thu-13", "thu-15", "fri-11"],
            timezone=OFFICES["London"],
            meeting_preference=MeetingPreference.VIRTUAL,
            languages=["en", "zh"],
        )

    def _richard_data(self) -> RegistrationData:
        return RegistrationData(
            skills=self.skills.named(
                "linkedin", "younger-expectations", "social-media-strategy", "chat-assistants"
            ),
            goals=(
                "My sales team is getting younger, and our buyers research us on LinkedIn long "
                "before they take a call. I want to use LinkedIn properly, not just accept "
                "invitations, and understand why young colleagues leave in their second year: "
                "we keep losing good ones. I'd rather practise than be lectured."
            ),
            availability=["tue-09", "wed-09", "thu-09", "thu-11"],
            timezone=OFFICES["New York"],
            meeting_preference=MeetingPreference.VIRTUAL,
            languages=["en"],
        )


# --- Skills ---------------------------------------------------------------------

# Which skill families each template's participants lean towards, with weights.
FOCUS: Final[dict[str, dict[str, int]]] = {
    "new-generation": {
        "generational-perspectives": 6,
        "culture": 4,
        "social-media": 3,
        "generative-ai": 3,
        "remote-hybrid-work": 2,
        "personal-branding": 2,
        "collaboration-tools": 1,
        "inclusion": 1,
    },
    "inclusive-leadership": {
        "inclusion": 8,
        "generational-perspectives": 3,
        "culture": 2,
        "remote-hybrid-work": 1,
    },
    "digital-leadership": {
        "generative-ai": 6,
        "social-media": 4,
        "collaboration-tools": 3,
        "data-literacy": 2,
        "personal-branding": 2,
        "digital-basics": 2,
        "remote-hybrid-work": 1,
    },
}


class _SkillBank:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.skills = list(Skill.objects.select_related("family").order_by("slug"))
        self.by_slug = {skill.slug: skill for skill in self.skills}

    def named(self, *slugs: str) -> list[Skill]:
        return [self.by_slug[slug] for slug in slugs if slug in self.by_slug] or self.skills[:1]

    def pick(self, template_key: str, role: str) -> list[Skill]:
        """Mentors list 3 to 6 skills they could teach; mentees 2 to 5, most wanted first."""
        focus = FOCUS.get(template_key, {})
        count = self.rng.randint(3, 6) if role == MENTOR else self.rng.randint(2, 5)
        # Weighted sampling without replacement: an exponential key per skill.
        weights = {skill.pk: focus.get(skill.family.slug, 0.1) for skill in self.skills}
        keys = {skill.pk: self.rng.expovariate(weights[skill.pk]) for skill in self.skills}
        ranked = sorted(self.skills, key=lambda skill: keys[skill.pk])
        return ranked[:count]


# --- Availability and languages ---------------------------------------------------

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri")
WORKING_HOURS: Final = [hour for hour in BLOCK_HOURS if 9 <= hour <= 15]
EARLY_OR_LATE: Final = [hour for hour in BLOCK_HOURS if hour in (7, 17)]
SECOND_LANGUAGES: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "Berlin": (("de", 0.9),),
    "São Paulo": (("pt", 0.95), ("es", 0.3)),
    "Bangalore": (("hi", 0.6),),
    "Singapore": (("zh", 0.5),),
    "New York": (("es", 0.15),),
    "San Francisco": (("es", 0.2),),
    "London": (("fr", 0.06), ("pl", 0.05), ("it", 0.04)),
}


def _availability(rng: random.Random, role: str) -> list[str]:
    """Weekly slots in the person's own time zone: mentors have more room than VPs."""
    if role == MENTOR:
        slots = {f"{rng.choice(WEEKDAYS)}-{rng.choice(WORKING_HOURS):02d}" for _ in range(6)}
    else:
        slots = {f"{rng.choice(WEEKDAYS)}-{rng.choice(WORKING_HOURS):02d}" for _ in range(3)}
        if rng.random() < 0.5:
            slots.add(f"{rng.choice(WEEKDAYS)}-{rng.choice(EARLY_OR_LATE):02d}")
    return sorted(slots)


def _languages(rng: random.Random, location: str) -> list[str]:
    local = [code for code, share in SECOND_LANGUAGES.get(location, ()) if rng.random() < share]
    # People in non-English-speaking offices often prefer their own language.
    if local and location in ("Berlin", "São Paulo") and rng.random() < 0.5:
        return [*local, "en"]
    return ["en", *local]


# --- Words people write -----------------------------------------------------------

MENTEE_OPENERS: Final = (
    "",
    "",
    "I've led teams in {department} for years, but the ground has shifted under me.",
    "Short version: I know I'm behind on this.",
    "My team teases me about this, and they're not wrong.",
    "A graduate in my team showed me something in five minutes that I'd put off for a year.",
    "I signed up after the last town hall, where the questions from juniors surprised me.",
)
MENTEE_WANTS: Final[dict[str, tuple[str, ...]]] = {
    "social-media": (
        "Our customers talk about us on social media every day and I hear about it "
        "second-hand. I'd like to read it myself, and post without a communications team "
        "holding my hand.",
        "I have a LinkedIn profile I haven't touched in years. I want to know what good looks "
        "like for a leader now, and what younger people actually notice.",
        "I'd like to understand how people under thirty use social platforms, because that is "
        "where our brand is judged.",
    ),
    "generative-ai": (
        "Everyone around me seems to use AI assistants and I don't really know what for. I "
        "want hands-on practice, not another keynote.",
        "I'd like to get past the hype about AI and find two or three things it genuinely "
        "saves me time on each week.",
        "I have to set sensible rules for AI in my area, and I can't do that credibly without "
        "having used the tools myself.",
    ),
    "collaboration-tools": (
        "I still run most things through email and long meetings. I want to follow work where "
        "my team actually does it, so I stop being the bottleneck.",
        "Shared documents and project boards lose me. I'd like to find my way around them "
        "instead of asking for status updates.",
    ),
    "data-literacy": (
        "I get dashboards every Monday and mostly read the top line. I'd like to ask better "
        "questions of the numbers.",
        "I want to answer simple questions about our figures myself rather than waiting two "
        "days for an analyst.",
    ),
    "personal-branding": (
        "I've been asked to be more visible outside the company. I want a voice online that is "
        "mine and not a press release.",
        "I'd like to start writing short posts about what my team is learning, without it "
        "feeling forced.",
    ),
    "generational-perspectives": (
        "We lose too many people in their first two years and exit interviews don't tell me "
        "why. I want to hear it from someone who could be one of them.",
        "I want to understand what younger colleagues expect from a manager: feedback, "
        "flexibility, purpose. My instincts were formed in a very different workplace.",
        "I'd like an honest view of how our career paths look from the bottom, and what would "
        "make someone stay.",
    ),
    "inclusion": (
        "I say I want an inclusive team, and I'd like someone to tell me where my habits get in "
        "the way.",
        "I want to learn about the everyday experience of colleagues who don't look or sound "
        "like me, and what I can change.",
        "I'd like to run meetings that work for everyone, not just the confident voices.",
    ),
    "remote-hybrid-work": (
        "My team is spread across three offices and our meetings show it. I want to run them "
        "so people actually take part.",
        "I'd like to understand how hybrid work feels early in a career, and how to make it "
        "less lonely.",
    ),
    "digital-basics": (
        "I'd like to stop asking IT for help with everything on my phone.",
        "I want to understand our digital customers by using the apps they use.",
    ),
    "culture": (
        "I'd like to see our culture through the eyes of someone who joined recently: what "
        "surprised them, and what nobody tells you.",
        "I want my team to challenge me more. I'd like to understand what stops junior people "
        "from speaking up.",
    ),
}
MENTEE_CLOSERS: Final = (
    "",
    "I'd rather practise than be lectured.",
    "I'm happy to be a bad student in private.",
    "In return I can open up how decisions really get made at the top.",
    "I want to leave with a few habits I keep, not notes I never reread.",
    "Please be blunt with me.",
)
MENTOR_OPENERS: Final = (
    "",
    "",
    "Happy to take part!",
    "A friend did the last cohort and recommended it.",
    "I'm {tenure} into my role in {department}.",
)
MENTOR_OFFERS: Final[dict[str, tuple[str, ...]]] = {
    "social-media": (
        "I run social channels for fun and at work, and I'd enjoy showing a senior leader how "
        "it works from the inside.",
        "I can show what makes people my age follow a company, or scroll straight past it.",
    ),
    "generative-ai": (
        "I use AI assistants every day for drafts, research and spreadsheets, and I can show "
        "the practical side, including where they go wrong.",
        "I've automated a few boring parts of my job with AI and would love to show how.",
    ),
    "collaboration-tools": (
        "I can help someone get comfortable with Teams, shared documents and project boards.",
    ),
    "data-literacy": (
        "I build dashboards in my job and like explaining what the numbers do and don't say.",
    ),
    "personal-branding": ("I can help with an online presence that sounds like a real person.",),
    "generational-perspectives": (
        "I'd like to give an honest picture of what people my age want from work, and why some "
        "of my friends have already left.",
        "I can explain how my generation thinks about careers: we don't expect to stay in one "
        "lane, and that's not disloyalty.",
    ),
    "inclusion": (
        "I'd like to share what it's like to be the only one like you in the room, and which "
        "small things make a difference.",
        "I care about accessibility and inclusive language and can offer practical examples "
        "from our own teams.",
    ),
    "remote-hybrid-work": (
        "I started during hybrid working and can say what makes it work, and what makes it lonely.",
    ),
    "digital-basics": (
        "I'm the person my team asks about shortcuts and phone tricks; happy to do that for a "
        "leader.",
    ),
    "culture": (
        "I joined recently and still remember what surprised me, so I can give a new joiner's "
        "view of our culture.",
    ),
}
MENTOR_GROWTH: Final = (
    "For myself, I want to get better at explaining things to senior people without rambling.",
    "I'd like to understand how strategy gets decided, which is invisible from where I sit.",
    "I want to build the confidence to speak up in meetings with leaders.",
    "I'd love to learn how senior leaders weigh trade-offs and say no.",
    "I'm curious how people move between departments here and would like advice on my next step.",
    "Long term I want to lead a team, so seeing a senior leader work up close would help a lot.",
    "I'd like to practise giving feedback upwards, kindly and clearly.",
)
DECLINE_REASONS: Final = (
    "",
    "Not this time: we're in the middle of a reorganisation and I can't commit monthly.",
    "",
    "I'd love to, but I'm on parental leave from January. Please ask me next year.",
)
SELF_IDENTIFICATIONS: Final[tuple[dict[str, str], ...]] = (
    {"generation": "gen_z", "under_represented": "yes", "first_generation": "yes"},
    {"generation": "millennial", "gender_identity": "Woman", "under_represented": "yes"},
    {"generation": "gen_z", "disability": "yes", "under_represented": "prefer_not"},
    {"generation": "gen_x", "under_represented": "no", "first_generation": "not_applicable"},
)


class _Texts:
    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.declines = 0
        self.identified = 0
        self.written: set[str] = set()

    def goals(self, person: Person, role: str, families: Sequence[str]) -> str:
        """Goals in the person's own words: never the same text twice in the demo."""
        for _attempt in range(20):
            text = self._compose(person, role, families)
            if text not in self.written:
                break
        self.written.add(text)
        return text

    def _compose(self, person: Person, role: str, families: Sequence[str]) -> str:
        department = person.department.name if person.department else "the company"
        if role == MENTEE:
            parts = [self.rng.choice(MENTEE_OPENERS)]
            wanted = [f for f in dict.fromkeys(families) if f in MENTEE_WANTS]
            for family in wanted[: 2 if self.rng.random() < 0.4 else 1]:
                parts.append(self.rng.choice(MENTEE_WANTS[family]))
            parts.append(self.rng.choice(MENTEE_CLOSERS))
        else:
            parts = [self.rng.choice(MENTOR_OPENERS)]
            offered = [f for f in dict.fromkeys(families) if f in MENTOR_OFFERS]
            if offered:
                parts.append(self.rng.choice(MENTOR_OFFERS[offered[0]]))
            parts.append(self.rng.choice(MENTOR_GROWTH))
        text = " ".join(part for part in parts if part)
        return text.format(department=department, tenure=_tenure(person, self.today))

    def decline_reason(self) -> str:
        reason = DECLINE_REASONS[self.declines % len(DECLINE_REASONS)]
        self.declines += 1
        return reason

    def self_identification(self, registration: Registration) -> dict[str, str]:
        answers = SELF_IDENTIFICATIONS[self.identified % len(SELF_IDENTIFICATIONS)]
        self.identified += 1
        return dict(answers)


def _tenure(person: Person, today: date) -> str:
    if person.hire_date is None:
        return "a year"
    months = max(1, (today - person.hire_date).days // 30)
    return f"{months} months" if months < 24 else f"{months // 12} years"
