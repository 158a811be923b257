"""Template: inclusive leadership (the PwC model of diverse junior mentors)."""

from __future__ import annotations

from decimal import Decimal

from upward.programs.catalogue.common import AGREEMENT_CORE, MENTEE_GUIDE_CORE, MENTOR_GUIDE_CORE
from upward.programs.catalogue.types import AgendaSpec, EligibilitySpec, GuideSpec, ProgramTemplate

INCLUSIVE_LEADERSHIP = ProgramTemplate(
    key="inclusive-leadership",
    name="Inclusive leadership",
    tagline=(
        "Junior colleagues from under-represented groups share their lived experience with leaders."
    ),
    description=(
        "Senior leaders hear, first-hand and in confidence, what working here is like for "
        "colleagues whose experience differs from their own, and commit to concrete changes. "
        "Mentors gain visibility and sponsorship. Modelled on PwC's reverse mentoring for "
        "diversity and inclusion, where partners are mentored by junior staff."
    ),
    objectives=("inclusion", "culture"),
    kpis=(
        ("cadence_kept", Decimal("80")),
        ("usefulness", Decimal("3")),
        ("commitments", Decimal("70")),
    ),
    cadence_weeks=4,
    session_minutes=60,
    duration_months=9,
    agreement_text=AGREEMENT_CORE
    + "8. Lived experience. The mentor decides what of their own experience to share and "
    "how much. The mentee listens to understand, not to fix, defend or explain away.\n"
    "9. Emotional labour. Speaking about exclusion is tiring. Either of us may pause or "
    "shorten a session, and the mentor's manager agrees this is work time.\n",
    agendas=(
        AgendaSpec(
            "Getting to know each other",
            "Build the trust the rest of the program depends on.",
            (
                "Introductions: your paths to this company, told as stories, not CVs",
                "Walk through the rules of the road; agree off-limits topics",
                "Mentee: why you joined, and what you are afraid of getting wrong",
                "Mentor: what you hope this changes",
                "Book the remaining sessions now",
            ),
            minutes=60,
        ),
        AgendaSpec(
            "Inclusion from my side of the table",
            "The mentor describes a typical week and where it differs from the mentee's.",
            (
                "Mentor: walk through a real week, from the first meeting on Monday",
                "Moments of belonging, and moments of being the only one in the room",
                "Mentee: listen; ask only questions that help you understand",
                "Mentee: where might your own week create such moments for others?",
                "Agree one thing the mentee will notice before next time",
            ),
            minutes=60,
        ),
        AgendaSpec(
            "Who gets heard: meetings and feedback",
            "How everyday practices include or exclude people.",
            (
                "Mentee reports what they noticed since last session",
                "Mentor: who speaks, who is interrupted, whose idea gets credited",
                "Feedback that lands differently depending on who receives it",
                "Pick one meeting the mentee chairs and redesign it together",
            ),
            minutes=60,
        ),
        AgendaSpec(
            "Careers, sponsorship and who gets the stretch role",
            "How opportunities are really allocated.",
            (
                "Mentor: the unwritten rules of progressing here, as seen from below",
                "Mentee: how the last three stretch assignments in your area were decided",
                "The difference between mentoring and sponsorship",
                "One process the mentee could make fairer, and who they need to convince",
            ),
            minutes=60,
        ),
        AgendaSpec(
            "How decisions land",
            "Take one recent leadership decision and trace its effect on different colleagues.",
            (
                "Mentee presents a recent decision and the reasoning behind it",
                "Mentor: how it was heard on the floor, and by whom",
                "Who was not in the room when it was made?",
                "What the mentee would do differently next time",
            ),
            minutes=60,
        ),
        AgendaSpec(
            "Commitments and closing",
            "Turn what was learned into commitments the mentee owns.",
            (
                "Mentee: three things you now see that you did not before",
                "Mentee: one concrete change you have made, and one you commit to",
                "Mentor: what you learned about leadership and about yourself",
                "Decide how (or whether) to stay in touch",
                "Complete the closing reflection in Upward",
            ),
            minutes=60,
        ),
    ),
    mentor_guide=GuideSpec(
        "Preparing to mentor a leader on inclusion",
        "You are not expected to speak for everyone who shares part of your identity, and you "
        "decide how much of your own story to share. Prepare examples you are comfortable "
        "with; 'here is what that meeting felt like' is more powerful than statistics. If a "
        "session becomes too heavy, pause it: that is your right under the agreement.\n\n"
        + MENTOR_GUIDE_CORE,
    ),
    mentee_guide=GuideSpec(
        "Preparing to learn about inclusion from a junior mentor",
        "You will hear things about your organisation, and possibly about your own behaviour, "
        "that are uncomfortable. That discomfort is the learning. Listen without defending; "
        "thank your mentor for candour, because it costs them more than it costs you.\n\n"
        + MENTEE_GUIDE_CORE,
    ),
    mentor_eligibility=EligibilitySpec(max_level=3, min_tenure_months=6),
    mentee_eligibility=EligibilitySpec(min_level=6),
    grounding="PwC UK (2014 onwards)",
)
