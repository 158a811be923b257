"""What a new program starts with: its dates, eligibility, agendas and guides.

program_create calls these inside its transaction; they copy catalogue data
into rows the manager can then edit.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.utils.text import slugify

from upward.core import clock
from upward.core.errors import ApplicationError
from upward.programs.catalogue.common import MENTEE_GUIDE_CORE, MENTOR_GUIDE_CORE
from upward.programs.catalogue.types import EligibilitySpec, ProgramTemplate
from upward.programs.models import (
    AgendaTemplate,
    Eligibility,
    ParticipantRole,
    PreparationGuide,
    Program,
)

# Registration needs a few weeks, and matching a week before the first session.
REGISTRATION_WEEKS, MATCHING_DAYS_BEFORE_START = 4, 7


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_dates(*, starts_on: date, duration_months: int) -> dict[str, date]:
    """Registration open from today until about a week before the start, then matching."""
    today = clock.today()
    if starts_on < today:
        raise ApplicationError("A new program cannot start in the past.")
    closes_on = max(today, starts_on - timedelta(days=MATCHING_DAYS_BEFORE_START + 1))
    return {
        "registration_opens_on": today,
        "registration_closes_on": closes_on,
        "matching_on": max(closes_on, starts_on - timedelta(days=MATCHING_DAYS_BEFORE_START)),
        "starts_on": starts_on,
        "ends_on": add_months(starts_on, duration_months),
    }


def default_start(today: date | None = None) -> date:
    """The first Monday after the registration window a new program needs."""
    day = (today or clock.today()) + timedelta(weeks=REGISTRATION_WEEKS, days=7)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "program"
    slug, counter = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def create_eligibility(program: Program, template: ProgramTemplate | None) -> None:
    specs = {
        ParticipantRole.MENTOR: template.mentor_eligibility if template else EligibilitySpec(),
        ParticipantRole.MENTEE: template.mentee_eligibility if template else EligibilitySpec(),
    }
    Eligibility.objects.bulk_create(
        Eligibility(
            program=program,
            role=role,
            min_level=spec.min_level,
            max_level=spec.max_level,
            min_tenure_months=spec.min_tenure_months,
        )
        for role, spec in specs.items()
    )


def create_content(program: Program, template: ProgramTemplate | None) -> None:
    if template is None:
        AgendaTemplate.objects.create(
            program=program,
            title="Getting to know each other",
            summary="Agree goals, ground rules and how you will work together.",
            outline="Introductions\nWalk through the rules of the road\n"
            "What each of you wants to learn\nBook the next session",
            minutes=program.session_minutes,
        )
        guides = [
            (ParticipantRole.MENTOR, "Preparing to mentor", MENTOR_GUIDE_CORE),
            (ParticipantRole.MENTEE, "Preparing to be mentored", MENTEE_GUIDE_CORE),
        ]
    else:
        AgendaTemplate.objects.bulk_create(
            AgendaTemplate(
                program=program,
                title=agenda.title,
                summary=agenda.summary,
                outline=agenda.outline,
                minutes=agenda.minutes,
                position=position,
            )
            for position, agenda in enumerate(template.agendas)
        )
        guides = [
            (ParticipantRole.MENTOR, template.mentor_guide.title, template.mentor_guide.body),
            (ParticipantRole.MENTEE, template.mentee_guide.title, template.mentee_guide.body),
        ]
    PreparationGuide.objects.bulk_create(
        PreparationGuide(program=program, role=role, title=title, body=body)
        for role, title, body in guides
    )
