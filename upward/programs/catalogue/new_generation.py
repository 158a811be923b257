"""Template: new-generation insight and retention (the BNY Mellon model)."""

from __future__ import annotations

from decimal import Decimal

from upward.programs.catalogue.common import AGREEMENT_CORE, MENTEE_GUIDE_CORE, MENTOR_GUIDE_CORE
from upward.programs.catalogue.types import AgendaSpec, EligibilitySpec, GuideSpec, ProgramTemplate

NEW_GENERATION = ProgramTemplate(
    key="new-generation",
    name="New-generation insight and retention",
    tagline="Recent hires show leaders the company through new eyes, and stay longer for it.",
    description=(
        "Leaders learn what it is like to join and grow here today, what younger colleagues "
        "expect of work, and why they stay or leave. Junior mentors gain a senior ally and a "
        "view of the whole business, which is why companies such as BNY Mellon have used "
        "reverse mentoring to retain young talent."
    ),
    objectives=("retention", "culture", "junior_leadership"),
    kpis=(
        ("cadence_kept", Decimal("80")),
        ("usefulness", Decimal("3")),
        ("mentor_retention", Decimal("10")),
        ("completion", Decimal("75")),
    ),
    cadence_weeks=3,
    session_minutes=45,
    duration_months=12,
    agreement_text=AGREEMENT_CORE
    + "8. Ideas. When the mentor's idea is taken further, the mentee credits the mentor "
    "by name, unless the mentor asks not to be named.\n",
    agendas=(
        AgendaSpec(
            "Getting to know each other",
            "Agree goals, ground rules and how you will work together.",
            (
                "Introductions: how each of you came to work here",
                "Walk through the rules of the road; agree off-limits topics",
                "Mentee: what you want to understand about newer colleagues",
                "Mentor: what you want to understand about how the company is led",
                "Book the next session before you leave",
            ),
        ),
        AgendaSpec(
            "What it is like to be new here",
            "The mentor's first months, from offer letter to today.",
            (
                "Mentor: your onboarding, week by week, good and bad",
                "The moment you felt you belonged (or had not yet)",
                "Mentee: compare with your own start; what has changed?",
                "One fix to onboarding the mentee could sponsor",
            ),
        ),
        AgendaSpec(
            "How my generation works and learns",
            "Expectations about flexibility, feedback, purpose and learning.",
            (
                "Mentor: how you and your friends choose employers",
                "Feedback: how often, in what form, from whom",
                "How you learn a new skill (hint: rarely a course)",
                "Mentee: which of these expectations your area meets, and which it misses",
            ),
        ),
        AgendaSpec(
            "What makes people stay, and leave",
            "Retention from the point of view of those most likely to leave.",
            (
                "Mentor: the last colleague of yours who left, and why (no names)",
                "What recruiters from other companies offer",
                "What would make you stay five years",
                "Mentee: one retention lever within your control",
            ),
        ),
        AgendaSpec(
            "Pitch an idea",
            "The mentor brings an improvement idea; the mentee coaches the pitch.",
            (
                "Mentor: a five-minute pitch of an idea from your daily work",
                "Mentee: how decisions like this get made here, and who to convince",
                "Reshape the pitch together",
                "Agree the next step and who takes it",
            ),
        ),
        AgendaSpec(
            "A day in each other's shoes",
            "Swap a slice of your working day.",
            (
                "Mentor attends one of the mentee's regular meetings as an observer",
                "Mentee joins one of the mentor's team rituals (stand-up, review)",
                "Debrief: what surprised each of you",
            ),
        ),
        AgendaSpec(
            "Looking back, looking ahead",
            "Close the year: what changed for each of you.",
            (
                "Mentee: what you now understand about newer colleagues",
                "Mentor: what you learned about leadership; your next career step",
                "Decide whether to keep meeting informally",
                "Complete the closing reflection in Upward",
            ),
        ),
    ),
    mentor_guide=GuideSpec(
        "Preparing to show a leader the company through new eyes",
        "Your fresh view is the asset: what felt confusing, slow or surprising when you "
        "joined is exactly what your mentee can no longer see. Keep notes of such moments "
        "between sessions. Speak for yourself and, with care, for your peers, without naming "
        "anyone who has not agreed to it.\n\n" + MENTOR_GUIDE_CORE,
    ),
    mentee_guide=GuideSpec(
        "Preparing to learn from a newer colleague",
        "This program asks you to see the company as someone who joined recently does. "
        "Your mentor may tell you why good people leave; treat it as data, not complaint, "
        "and never trace it back to individuals.\n\n" + MENTEE_GUIDE_CORE,
    ),
    mentor_eligibility=EligibilitySpec(max_level=3),
    mentee_eligibility=EligibilitySpec(min_level=5),
    grounding="BNY Mellon; Murphy (2012), Human Resource Management 51(4)",
)
