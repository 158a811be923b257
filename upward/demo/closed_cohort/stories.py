"""How each pair of the closed cohort spent its year, and the words its people wrote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from upward.pairs.models import GoalStatus

MENTOR, MENTEE = "mentor", "mentee"
ACHIEVED, IN_PROGRESS, DROPPED = GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS, GoalStatus.DROPPED


# --- The stories ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cancellation:
    week: int
    side: str  # who cancelled
    reason: str


@dataclass(frozen=True)
class Story:
    """How one pair's year went. Weeks count from the program's first Monday."""

    name: str
    held_weeks: tuple[int, ...]
    goal_outcomes: tuple[str, str]  # where the mentee's goal ended, then the mentor's
    # (side, continue informally, text); the first one written closes the pair.
    reflections: tuple[tuple[str, bool, str], ...]
    cancelled: tuple[Cancellation, ...] = ()
    # (week, side, text): beyond the thanks every pair exchanges after its first session.
    messages: tuple[tuple[int, str, str], ...] = ()
    ended_early: tuple[int, str] | None = None  # (week, the manager's reason)


EVERY_THREE_WEEKS: Final = Story(
    "every three weeks",
    held_weeks=(1, 4, 7, 10, 13, 16, 19, 22, 28, 31, 34, 37, 40, 43, 46, 49),
    cancelled=(
        Cancellation(
            25, MENTOR, "I'm away that week, my first holiday in a year! Same slot next time?"
        ),
    ),
    goal_outcomes=(ACHIEVED, ACHIEVED),
    reflections=(
        (
            MENTEE,
            True,
            "I signed up to fix our graduate attrition and found we had never asked our "
            "graduates what they wanted. {mentor} changed how I run one-to-ones: shorter, more "
            "often, their agenda first. We are keeping a monthly coffee.",
        ),
        (
            MENTOR,
            True,
            "Sixteen sessions in a year. I can read a leadership pack now and say out loud what "
            "I think of it, and {mentee} never once cancelled on me. Keeping the coffee.",
        ),
    ),
)
DRIFTED: Final = Story(
    "drifted",
    held_weeks=(1, 4, 7, 10, 14, 23, 36),
    cancelled=(
        Cancellation(17, MENTEE, "Quarter-end close: I can't make it. I'll find us a new slot."),
        Cancellation(
            29, MENTOR, "Product launch this week, sorry {mentee}. Could you propose a new time?"
        ),
    ),
    messages=(
        (
            22,
            MENTOR,
            "Hi {mentee}, it's been a while! Shall we get back on track? I'll propose a time.",
        ),
        (22, MENTEE, "Yes please, it's been a hectic quarter. I'll make sure I'm there."),
    ),
    goal_outcomes=(DROPPED, IN_PROGRESS),
    reflections=(
        (
            MENTEE,
            False,
            "We started well and lost the rhythm after four months. That was mostly me: travel "
            "and quarter-ends. The first sessions were the most useful hours of my month, and I "
            "wish I had protected them.",
        ),
        (
            MENTOR,
            False,
            "Next time I'd book the next session before we hang up. When we did meet, {mentee} "
            "really listened; the gaps made it hard to build on anything.",
        ),
    ),
)
ENDED_EARLY: Final = Story(
    "closed early by the manager",
    held_weeks=(1, 4, 8, 11),
    cancelled=(
        Cancellation(
            14,
            MENTEE,
            "The reorganisation is taking every hour I have this month. Sorry, {mentor}.",
        ),
    ),
    messages=(
        (
            14,
            MENTEE,
            "{mentor}, I have to be honest: I can't keep our sessions going through the "
            "reorganisation. I'll tell the program team, and I'm sorry.",
        ),
        (14, MENTOR, "Thank you for saying so. It was worth it, even if it was short."),
    ),
    ended_early=(
        16,
        "{mentee} took on a second department in the reorganisation and could no longer keep "
        "the cadence. Both asked to stop here.",
    ),
    goal_outcomes=(IN_PROGRESS, IN_PROGRESS),
    reflections=(
        (
            MENTOR,
            True,
            "Four sessions were enough to see how a director's week really works. I'm sorry it "
            "stopped, and glad {mentee} said so openly instead of letting it fade.",
        ),
    ),
)
MONTHLY: Final = Story(
    "monthly",
    held_weeks=(2, 6, 10, 15, 19, 23, 28, 32, 36, 41, 45, 50),
    goal_outcomes=(ACHIEVED, IN_PROGRESS),
    reflections=(
        (
            MENTOR,
            True,
            "Once a month suited us both. I understand how budgets are argued over now, and "
            "{mentee} asked for my view in a real decision, which I did not expect.",
        ),
        (
            MENTEE,
            True,
            "Slower than the program asked, but we never missed a month. {mentor} was blunt "
            "about our graduate scheme in a way nobody in my leadership team is.",
        ),
    ),
)
WEEKLY_AT_FIRST: Final = Story(
    "weekly at first",
    held_weeks=(1, 2, 3, 5, 8, 11, 14, 18, 21, 25, 29, 33, 38, 43, 48),
    goal_outcomes=(ACHIEVED, ACHIEVED),
    reflections=(
        (
            MENTEE,
            False,
            "Three sessions in three weeks got us over the awkward start fast. I now take a "
            "graduate to every customer meeting I can, which was {mentor}'s idea.",
        ),
        (
            MENTOR,
            True,
            "I presented my idea to {mentee}'s leadership team in the autumn and it is being "
            "piloted. I would happily keep meeting, even if less often.",
        ),
    ),
)
# The first three pairs tell the three different stories; the others are regular.
FIRST_STORIES: Final = (EVERY_THREE_WEEKS, DRIFTED, ENDED_EARLY)
REGULAR_STORIES: Final = (MONTHLY, WEEKLY_AT_FIRST, EVERY_THREE_WEEKS)


def story_for(index: int) -> Story:
    if index < len(FIRST_STORIES):
        return FIRST_STORIES[index]
    return REGULAR_STORIES[(index - len(FIRST_STORIES)) % len(REGULAR_STORIES)]


# --- The words every pair writes, picked by the pair's place in the cohort -----------------

MENTEE_GOALS: Final = (
    (
        "Understand why our graduates leave in their second year",
        "Exit interviews tell me nothing. I want to hear it before people hand in their notice.",
    ),
    (
        "Run onboarding the way a new joiner would want it",
        "My team's first weeks are a pile of documents. I want to see them through {mentor}'s "
        "eyes.",
    ),
    ("Give feedback my youngest team members can use", "Once a year is too late, and I know it."),
    ("Be visible to junior colleagues, not just at town halls", ""),
    (
        "Learn how early-career colleagues use AI tools at work",
        "So that the rules I set make sense to the people they are for.",
    ),
    ("Make our team meetings work for the quiet voices", ""),
)
MENTOR_GOALS: Final = (
    (
        "Understand how the leadership team sets priorities",
        "What gets decided where, and why some things never reach the top.",
    ),
    ("Present to senior leaders without over-preparing", ""),
    ("Build a network outside my own department", "Five people I could call for advice."),
    ("Plan my next step at Northwind", "With someone who has seen many careers here."),
    ("Learn how a department budget is built", ""),
)
MIDWAY_PROGRESS: Final = (
    "Under way: we spent a session on it, and I have one thing to try before we next meet."
)
FINAL_PROGRESS: Final[dict[str, str]] = {
    ACHIEVED: "Done. What made the difference was practising between sessions, not talking.",
    IN_PROGRESS: "Not finished, and that's fine: I know what the next step is.",
    DROPPED: "Letting this one go: we never got back to it after the gaps.",
}
FIRST_NOTE: Final = (
    "First session: we agreed what each of us wants from the year, what stays between us, "
    "and how we reschedule."
)
PRIVATE_NOTE: Final = (
    "{mentor} was more candid about the graduate scheme than anyone in my leadership team. "
    "Never quote them on it."
)
MENTEE_LEARNINGS: Final = (
    "Young colleagues don't want a ladder; they want to see the next two steps clearly.",
    "Feedback once a quarter feels like never to someone in their first year.",
    "Most of what makes a graduate stay happens in their first month, and I wasn't in it.",
    "An AI assistant is part of how my team thinks now, not a shortcut they hide.",
)
MENTOR_LEARNINGS: Final = (
    "Senior leaders decide with less information than I assumed, and say so.",
    "A good question to a director is a short one.",
    "Budgets are a negotiation before they are a spreadsheet.",
)
THANKS: Final = (
    (MENTEE, "Thank you for today, {mentor}. I've already changed how I open my team meeting."),
    (MENTOR, "Glad it helped! I'll propose our next session when I see a time that suits us both."),
)
