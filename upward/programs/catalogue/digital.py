"""Template: digital and social-media skills for leaders (the GE and Hartford model)."""

from __future__ import annotations

from decimal import Decimal

from upward.programs.catalogue.common import AGREEMENT_CORE, MENTEE_GUIDE_CORE, MENTOR_GUIDE_CORE
from upward.programs.catalogue.types import AgendaSpec, EligibilitySpec, GuideSpec, ProgramTemplate

DIGITAL_LEADERSHIP = ProgramTemplate(
    key="digital-leadership",
    name="Digital and social-media skills for leaders",
    tagline="Junior digital natives coach executives on the tools their customers and teams use.",
    description=(
        "Senior leaders learn social media, collaboration tools and generative AI from junior "
        "colleagues who use them every day; the mentors gain exposure to how the business is "
        "run. Modelled on GE's 1999 program and The Hartford's reverse mentoring on social "
        "media and technology, which also surfaced product ideas."
    ),
    objectives=("digital_skills", "junior_leadership"),
    kpis=(
        ("cadence_kept", Decimal("80")),
        ("usefulness", Decimal("3")),
        ("skills_gained", Decimal("1")),
    ),
    cadence_weeks=2,
    session_minutes=45,
    duration_months=6,
    agreement_text=AGREEMENT_CORE
    + "8. Practice. The mentee uses their own accounts and devices in the session; the mentor "
    "never logs in on the mentee's behalf or asks for passwords.\n",
    agendas=(
        AgendaSpec(
            "Getting to know each other",
            "Agree goals, ground rules and how you will work together.",
            (
                "Introductions: your roles, and one thing each of you is curious about",
                "Walk through the rules of the road; agree off-limits topics",
                "Mentee: rate yourself 1 to 5 on the skills you want to learn",
                "Mentor: what you would like to learn about leadership in return",
                "Choose the topics for the next three sessions",
                "Book the next session before you leave",
            ),
        ),
        AgendaSpec(
            "Social media 101 for leaders",
            "Which networks matter for your mentee's role, and a first post.",
            (
                "What the mentee reads and posts today, and why",
                "Tour of LinkedIn and one network the mentor uses: feed, profile, alerts",
                "What good leadership posts look like: three real examples",
                "Tidy the mentee's profile together",
                "Draft (not publish) a first post about something the mentee cares about",
                "Practice before next time: comment thoughtfully on three posts",
            ),
        ),
        AgendaSpec(
            "Generative AI at work",
            "Hands-on with an approved AI assistant, and its limits.",
            (
                "What the mentee has heard, hopes and fears about AI",
                "Company policy on AI tools: what is approved, what data must never go in",
                "Live: summarise a long document the mentee actually has to read",
                "Live: draft an email, then improve the prompt together",
                "Where it goes wrong: check a confident but false answer",
                "Practice before next time: use it for one real task and bring the result",
            ),
        ),
        AgendaSpec(
            "Collaboration tools as teams really use them",
            "Chat, shared documents and video calls the way junior staff use them.",
            (
                "How the mentor's team coordinates a week: show the real channels",
                "Etiquette: threads, reactions, when a message beats a meeting",
                "Co-edit a document live; comments and suggestions",
                "What leaders do that slows teams down (e.g. attachments, reply-all)",
                "Agree one habit the mentee will change",
            ),
        ),
        AgendaSpec(
            "Your digital presence",
            "How your mentee is seen online, inside and outside the company.",
            (
                "Search the mentee's name together: what do people find?",
                "Internal profile and intranet presence",
                "Tone: authentic, human, not a press release",
                "Plan a month of light-touch activity the mentee can sustain",
            ),
        ),
        AgendaSpec(
            "Show and tell: what you will keep doing",
            "Close the series: what changed, and what continues.",
            (
                "Mentee demonstrates something they now do without help",
                "Re-rate the skills from the first session (1 to 5)",
                "Mentor: what you learned about leadership and the business",
                "Decide whether to keep meeting informally",
                "Complete the closing reflection in Upward",
            ),
        ),
    ),
    mentor_guide=GuideSpec(
        "Preparing to mentor a leader on digital skills",
        "Your mentee may be a confident decision-maker who has never posted on LinkedIn or "
        "tried an AI assistant, and may feel exposed admitting it. Treat every question as "
        "reasonable. Show, then let them do it themselves.\n\n" + MENTOR_GUIDE_CORE,
    ),
    mentee_guide=GuideSpec(
        "Preparing to learn digital skills from a junior mentor",
        "Bring your laptop and phone, signed in to the accounts you use. You will learn by "
        "doing, in the session, with someone who uses these tools all day.\n\n" + MENTEE_GUIDE_CORE,
    ),
    mentor_eligibility=EligibilitySpec(max_level=3),
    mentee_eligibility=EligibilitySpec(min_level=6),
    grounding="GE (1999), The Hartford (2011)",
)
