"""The demo's running program, under way: live pairs with agreements, goals, sessions and talk.

"AI and social media for leaders" (built by demo.programs) started about nine
weeks ago. This pairs its registrations one to one and gives each pair the
history nine weeks would have produced, through the real pair services:
pair_propose and both people's pair_answer (so each pair goes live), the
agreement, goals, sessions, notes, "what I learned" entries and messages.

Two pairs are full, so that both demo logins open one: Maya Chen (mentor) with
the most senior other mentee, and the most junior other mentor with Richard
Hale (mentee), when demo.programs registered them (see `_pairings` for why
not Maya with Richard). Each full pair has an agreement both signed after one
edit, two goals each with progress, three held sessions, one cancelled, a
fourth held the week after it (five days ago), one booked ahead, shared and
private notes, two learnings each and a message thread. The other pairs get
lighter data in a few rhythms (on cadence, slipping with the senior
cancelling, drifting with no session for six weeks, only just started), so
cadence figures vary.

History the services cannot write. The services only plan sessions in the
future and mark a session held once it has started; a demo needs history that
real time has not produced yet. So a past session is proposed and accepted at
a future time, moved back to its past time with a queryset update, then marked
held (or cancelled) through the service, which keeps the pair's counters.
Likewise the timestamps the services set to "now" (the pair going live, the
agreement signatures, notes, learnings, messages, goal progress) are moved
back to when they would have happened, and seeded messages are marked as
already notified so the message digest does not email nine weeks of thread.
The helpers for this (backdate, session times, answering without a login)
live in demo.history, shared with demo.closed_cohort.

Call `demo_pairs_seed(today=...)` from seed_demo after the programs. Idempotent:
a running program that already has pairs is left alone. Deterministic: no
randomness; everything follows registration order and `today`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Final

from django.db import transaction

from upward.accounts.models import User
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.history import at, backdate, workday
from upward.demo.programs import MENTEE, MENTOR, RUNNING_NAME
from upward.pairs.models import (
    AgreementVersion,
    Goal,
    GoalStatus,
    GoalUpdate,
    Learning,
    Message,
    NoteVisibility,
    Pair,
    PairStatus,
    Session,
    SessionNote,
)
from upward.pairs.services import pair_answer, pair_propose
from upward.pairs.services.agreement import agreement_accept, agreement_propose, agreement_start
from upward.pairs.services.conversation import learning_add, message_post, note_add
from upward.pairs.services.goals import goal_create, goal_update_status
from upward.pairs.services.sessions import (
    session_accept,
    session_cancel,
    session_mark_held,
    session_propose,
)
from upward.programs.models import (
    AgendaTemplate,
    Program,
    ProgramStatus,
    Registration,
    RegistrationStatus,
)

# The pairs with everything: Maya's and Richard's (see _pairings).
FULL_PAIRS: Final = 2
SHARED, PRIVATE = NoteVisibility.SHARED.value, NoteVisibility.PRIVATE.value


@dataclass
class DemoPairsResult:
    pairs: int = 0
    sessions: int = 0
    skipped: bool = False
    full_pairs: list[Pair] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def running_program() -> Program | None:
    return Program.objects.filter(
        name=RUNNING_NAME,
        status=ProgramStatus.RUNNING,
        manager_links__user__email__iexact=PERSONA_BY_KEY["program_manager"].email,
    ).first()


@transaction.atomic
def demo_pairs_seed(*, today: date) -> DemoPairsResult:
    """Live pairs with nine weeks of history in the demo's running program; see the module."""
    result = DemoPairsResult()
    program = running_program()
    if program is None:
        result.notes.append("No running demo program.")
        return result
    if Pair.objects.filter(program=program).exists():
        result.skipped = True
        return result
    manager = User.objects.filter(email__iexact=PERSONA_BY_KEY["program_manager"].email).first()
    live = Registration.objects.filter(
        program=program, status=RegistrationStatus.REGISTERED
    ).select_related("person__user", "person__department")
    mentors = list(live.filter(role=MENTOR).order_by("pk"))
    mentees = list(live.filter(role=MENTEE).order_by("pk"))
    agendas = list(AgendaTemplate.objects.filter(program=program).order_by("position", "pk"))
    builder = _PairBuilder(program=program, manager=manager, today=today, agendas=agendas)
    for index, (mentor, mentee) in enumerate(_pairings(mentors, mentees)):
        pair = builder.go_live(mentor, mentee)
        if index < FULL_PAIRS:
            builder.full_pair(pair)
            result.full_pairs.append(pair)
        else:
            builder.light_pair(pair, RHYTHMS[(index - FULL_PAIRS) % len(RHYTHMS)])
        result.pairs += 1
    result.sessions = Session.objects.filter(pair__program=program).count()
    return result


def _pairings(
    mentors: list[Registration], mentees: list[Registration]
) -> list[tuple[Registration, Registration]]:
    """Who is paired with whom, the two full pairs first.

    Maya mentors the most senior other mentee, and the most junior other mentor
    mentors Richard. Not Maya with Richard: the matching demo has them proposed
    to each other in "New generation insight", and two people paired in another
    program are never proposed (upward/matching/services/problem.py).
    Without the personas, the first two mentors and mentees come first.
    """
    maya = _take(mentors, PERSONA_BY_KEY["mentor"].email)
    richard = _take(mentees, PERSONA_BY_KEY["mentee"].email)
    # Maya's partner is new to reverse mentoring: a returning senior has a story of
    # their own in demo.monitoring.
    returning = set(
        Pair.objects.filter(mentee__person__in=[r.person_id for r in mentees]).values_list(
            "mentee__person_id", flat=True
        )
    )
    mentees.sort(key=lambda r: (r.person_id in returning, -r.person.level, r.pk))
    mentors.sort(key=lambda r: (r.person.level, r.pk))
    first: list[tuple[Registration, Registration]] = []
    if maya is not None and mentees:
        first.append((maya, mentees.pop(0)))
    if richard is not None and mentors:
        first.append((mentors.pop(0), richard))
    mentors.sort(key=lambda r: r.pk)
    mentees.sort(key=lambda r: r.pk)
    return first + list(zip(mentors, mentees, strict=False))


def _take(registrations: list[Registration], email: str) -> Registration | None:
    """Remove and return the persona's registration, if they are registered."""
    for position, registration in enumerate(registrations):
        if registration.person.email.lower() == email.lower():
            return registrations.pop(position)
    return None


# --- The lighter pairs' rhythms ----------------------------------------------------


@dataclass(frozen=True)
class Rhythm:
    """How a lighter pair has met: held sessions (days ago), what is planned, how it talks."""

    name: str
    held_days_ago: tuple[int, ...]
    upcoming_in_days: int | None  # booked ahead, or None
    signed: bool  # both signed the agreement, or the mentee has not yet
    goal_status: str
    mentee_cancelled_days_ago: tuple[int, ...] = ()  # sessions the senior called off


RHYTHMS: Final = (
    Rhythm("on cadence", (56, 42, 28, 14), 3, True, GoalStatus.IN_PROGRESS),
    Rhythm("drifting", (60, 53, 46), None, True, GoalStatus.IN_PROGRESS),  # 6 weeks quiet
    Rhythm("steady", (55, 41, 27, 13), 1, True, GoalStatus.ACHIEVED),
    # The senior keeps cancelling: 3 of the last 4 sessions.
    Rhythm("slipping", (52, 31), 9, True, GoalStatus.IN_PROGRESS, (24, 17, 10)),
    Rhythm("slow start", (20,), 6, False, GoalStatus.NOT_STARTED),
    Rhythm("weekly", (60, 53, 46, 39, 25, 18, 11, 4), 3, True, GoalStatus.IN_PROGRESS),
)

LIGHT_MENTEE_GOALS: Final = (
    "Use an AI assistant to draft and summarise, every week",
    "Post on LinkedIn about my team's work once a month",
    "Understand what my youngest team members need to stay",
    "Run a team meeting with a collaborative whiteboard, not slides",
)
LIGHT_MENTOR_GOALS: Final = (
    "Present to a senior audience without over-preparing",
    "Understand how budget decisions are made in a large department",
    "Build a network outside my own team",
    "Learn to give feedback upwards, kindly and directly",
)
LIGHT_MESSAGES: Final = (
    (
        "mentee",
        "Thanks for today. I tried the prompt you showed me on my weekly report. It worked!",
    ),
    ("mentor", "Brilliant! Next time bring one you're stuck on and we'll fix it together."),
    ("mentee", "Will do. Same time in two weeks?"),
)


# --- Building ------------------------------------------------------------------------


class _PairBuilder:
    def __init__(
        self, *, program: Program, manager: User | None, today: date, agendas: list[AgendaTemplate]
    ) -> None:
        self.program = program
        self.manager = manager
        self.today = today
        self.agendas = agendas
        self.start = at(program.starts_on, time(9, 0))
        self.planning = at(today + timedelta(days=1))  # a future time the services accept
        self.names: dict[str, str] = {}

    # Going live: proposed by the manager, both comfortable.
    def go_live(self, mentor: Registration, mentee: Registration) -> Pair:
        pair = pair_propose(
            program=self.program,
            mentor=mentor,
            mentee=mentee,
            actor=self.manager,
            respond_by=self.planning + timedelta(days=7),
            reasons=["Skills the mentee asked for", "Overlapping availability"],
        )
        pair_answer(pair_id=pair.pk, actor=mentor, comfortable=True)
        pair = pair_answer(pair_id=pair.pk, actor=mentee, comfortable=True)
        assert pair.status == PairStatus.LIVE
        # Published a week before the start, answered within days: see the module docstring.
        published = self.start - timedelta(days=10)
        Pair.objects.filter(pk=pair.pk).update(
            published_at=published,
            respond_by=published + timedelta(days=7),
            mentor_answered_at=published + timedelta(days=1),
            mentee_answered_at=published + timedelta(days=2),
            live_at=published + timedelta(days=2),
            created_at=published,
        )
        pair.refresh_from_db()
        return pair

    def _agenda(self, index: int) -> AgendaTemplate | None:
        return self.agendas[index % len(self.agendas)] if self.agendas else None

    def _session(
        self,
        pair: Pair,
        *,
        by: Registration,
        starts_at: datetime,
        agenda_index: int,
        agenda: str = "",
    ) -> Session:
        """Proposed by `by`, accepted by the partner; moved to `starts_at` if that is past."""
        partner = pair.mentee if by.pk == pair.mentor_id else pair.mentor
        future = starts_at if starts_at > self.planning else self.planning
        session = session_propose(
            pair=pair,
            actor=by,
            starts_at=future,
            agenda_template=self._agenda(agenda_index),
            agenda=agenda,
            location="Video call" if agenda_index % 3 else "",
        )
        session = session_accept(session=session, actor=partner)
        if starts_at != future:
            # A demo needs history that real time hasn't produced: see the module docstring.
            proposed = starts_at - timedelta(days=6)
            Session.objects.filter(pk=session.pk).update(
                starts_at=starts_at, created_at=proposed, updated_at=proposed
            )
            session.refresh_from_db()
        return session

    def _held(self, pair: Pair, *, by: Registration, starts_at: datetime, index: int) -> Session:
        session = self._session(pair, by=by, starts_at=starts_at, agenda_index=index)
        return session_mark_held(session=session, actor=by)

    def _sign(self, pair: Pair, *, both: bool = True) -> AgreementVersion:
        version = agreement_start(pair=pair)
        version = agreement_accept(version=version, actor=pair.mentor)
        if both:
            version = agreement_accept(version=version, actor=pair.mentee)
        signed = self.start + timedelta(days=1)
        AgreementVersion.objects.filter(pk=version.pk).update(
            mentor_accepted_at=signed,
            mentee_accepted_at=signed + timedelta(hours=5) if both else None,
            created_at=signed,
        )
        return version

    # --- The demo pair ----------------------------------------------------------------

    def _say(self, text: str) -> str:
        return text.format(**self.names)

    def full_pair(self, pair: Pair) -> None:
        """Everything a pair space shows, nine weeks in (see the module docstring)."""
        mentor, mentee = pair.mentor, pair.mentee
        department = mentee.person.department
        self.names = {
            "mentor": mentor.person.name.split()[0],
            "mentee": mentee.person.name.split()[0],
            "department": department.name if department is not None else "the business",
        }
        self._demo_agreement(pair)
        goals = self._demo_goals(pair)
        day = self.today
        held_at = [workday(day - timedelta(days=days)) for days in (54, 40, 26)]
        held = [
            self._held(pair, by=mentor if i != 1 else mentee, starts_at=when, index=i)
            for i, when in enumerate(held_at)
        ]
        # The fourth session, cancelled by the mentee three days ahead (saying why).
        cancelled = self._session(
            pair, by=mentor, starts_at=workday(day - timedelta(days=12)), agenda_index=3
        )
        session_cancel(
            session=cancelled,
            actor=mentee,
            reason=self._say(
                "Quarter-end review landed on this slot, sorry {mentor}. "
                "Can we do the week after, same time?"
            ),
            now=at(day - timedelta(days=15), time(15, 5)),
        )
        self._session(
            pair,
            by=mentee,
            starts_at=workday(day + timedelta(days=4)),
            agenda_index=4,
            agenda=self._say(
                "{mentee}'s first short video for the team: script, film, edit on a phone. "
                "{mentor} reviews before anything is posted."
            ),
        )
        self._demo_notes(pair, held)
        self._demo_goal_progress(pair, goals, held)
        self._demo_learnings(pair, held)
        self._demo_messages(pair)
        # The week after the cancelled one, as asked: so recent that its check-ins
        # are still open (demo.monitoring answers the mentee's, not the mentor's).
        self._held(pair, by=mentee, starts_at=workday(day - timedelta(days=5)), index=5)

    def _demo_agreement(self, pair: Pair) -> None:
        version = agreement_start(pair=pair)
        text = version.text + self._say(
            "\n\nWe try one new tool live in every session, on {mentee}'s own work, not a "
            "made-up example.\n{mentee} tells {mentor} one thing about how the business decides, "
            "in return."
        )
        proposed = agreement_propose(
            pair=pair,
            actor=pair.mentor,
            text=text,
            change_note=self._say(
                "Added our 'learn by doing' rule and the swap {mentee} suggested."
            ),
        )
        agreement_accept(version=proposed, actor=pair.mentee)
        first, signed = self.start + timedelta(days=1), self.start + timedelta(days=2)
        AgreementVersion.objects.filter(pk=version.pk).update(created_at=first)
        AgreementVersion.objects.filter(pk=proposed.pk).update(
            created_at=signed,
            mentor_accepted_at=signed,
            mentee_accepted_at=signed + timedelta(hours=6),
        )

    def _demo_goals(self, pair: Pair) -> list[Goal]:
        ends = self.program.ends_on
        specs = (
            (
                pair.mentee,
                "Post on LinkedIn twice a month in my own voice",
                "Our buyers read LinkedIn before they take a call. I want them to find "
                "something worth reading from me, not just a job title.",
            ),
            (
                pair.mentee,
                "Understand TikTok well enough to judge it as a channel",
                "My team keeps asking whether we should be there. I want an informed opinion, "
                "not a reflex.",
            ),
            (
                pair.mentor,
                "Present my campaign results to the leadership team",
                "Ten minutes, numbers first, without apologising for being new.",
            ),
            (
                pair.mentor,
                "Understand how {department} makes its big decisions",
                "What the numbers in a quarterly review mean, and who decides what from them.",
            ),
        )
        goals = []
        for author, title, description in specs:
            goal = goal_create(
                pair=pair,
                actor=author,
                title=self._say(title),
                description=self._say(description),
                target_date=ends,
            )
            backdate(Goal, goal.pk, self.start + timedelta(days=2))
            goals.append(goal)
        return goals

    def _demo_goal_progress(self, pair: Pair, goals: list[Goal], held: list[Session]) -> None:
        steps = (
            (
                goals[0],
                GoalStatus.IN_PROGRESS,
                "Three posts so far. The one about our onboarding got 40 comments, the "
                "polished quarterly one got four. Lesson learned.",
                held[1],
            ),
            (
                goals[1],
                GoalStatus.IN_PROGRESS,
                "Watched with {mentor} for an hour: it's search, not dancing. Still unsure it fits "
                "our customers, but I now know what I'm deciding.",
                held[0],
            ),
            (
                goals[2],
                GoalStatus.ACHIEVED,
                "Presented the autumn campaign to the marketing leadership team. {mentee}'s "
                "tip (start with the one number that matters) worked.",
                held[2],
            ),
            (
                goals[3],
                GoalStatus.IN_PROGRESS,
                "{mentee} walked me through their quarterly review. I can follow the numbers now.",
                held[1],
            ),
        )
        for goal, status, text, session in steps:
            owner = pair.mentee if goal.owner == MENTEE else pair.mentor
            update = goal_update_status(
                goal=goal,
                actor=owner,
                status=status,
                text=self._say(text),
            )
            backdate(GoalUpdate, update.pk, session.starts_at + timedelta(hours=3))

    def _demo_notes(self, pair: Pair, held: list[Session]) -> None:
        mentor, mentee = pair.mentor, pair.mentee
        notes = (
            (
                held[0],
                mentor,
                SHARED,
                "Set up {mentee}'s LinkedIn properly: headline, featured section, who to follow. "
                "Homework: comment on three posts from customers this week, in your own words.",
            ),
            (
                held[0],
                mentee,
                PRIVATE,
                "I was more nervous than I expected. {mentor} is new here, far better at this "
                "than I am, and kind about it. Don't pretend to know the terms.",
            ),
            (
                held[1],
                mentee,
                SHARED,
                "TikTok hour: the search tab is how {mentor}'s friends find restaurants and jobs. "
                "Asked for three B2B accounts that work.",
            ),
            (
                held[1],
                mentor,
                PRIVATE,
                "{mentee} asked what it's like to be new here. I told the truth about the "
                "first month. {mentee} wrote it down. Bring the onboarding ideas next time?",
            ),
            (
                held[2],
                mentor,
                SHARED,
                "Generative AI: drafted a customer follow-up with an assistant, then rewrote it "
                "together. Agreed rule: never paste customer data into a public tool.",
            ),
            (
                held[2],
                mentee,
                PRIVATE,
                "Ask {mentor} about presenting the AI session to my leadership team. "
                "Check with their manager first.",
            ),
        )
        for session, author, visibility, text in notes:
            note = note_add(
                session=session, actor=author, visibility=visibility, text=self._say(text)
            )
            backdate(SessionNote, note.pk, session.starts_at + timedelta(hours=1))

    def _demo_learnings(self, pair: Pair, held: list[Session]) -> None:
        learnings = (
            (
                pair.mentee,
                held[0],
                "A LinkedIn comment with an opinion does more than a post with a logo.",
            ),
            (
                pair.mentee,
                held[2],
                "An AI assistant is a good first draft and a bad last one. I edit, it doesn't.",
            ),
            (
                pair.mentor,
                held[1],
                "Senior leaders want the conclusion first. {mentee} reads the first line and "
                "decides whether to read the rest.",
            ),
            (
                pair.mentor,
                held[2],
                "Asking 'what would you decide with this number?' is a fair question to ask a VP.",
            ),
        )
        for author, session, text in learnings:
            learning = learning_add(pair=pair, actor=author, text=self._say(text), session=session)
            backdate(Learning, learning.pk, session.starts_at + timedelta(hours=2))

    def _demo_messages(self, pair: Pair) -> None:
        day = self.today
        thread = (
            (
                pair.mentee,
                15,
                "{mentor}, I need to cancel our next session: the quarter-end review "
                "moved onto our slot. I'm sorry, I was looking forward to the TikTok follow-up.",
            ),
            (
                pair.mentor,
                15,
                "No problem at all! Good luck with the review. Next week works "
                "for me, or I can send you a short video to watch before we meet.",
            ),
            (pair.mentee, 14, "Send the video please. I'll watch it on the flight to Chicago."),
            (
                pair.mentor,
                13,
                "Sent! It's 4 minutes: three B2B accounts that do it well. Notice "
                "how none of them look like adverts.",
            ),
            (
                pair.mentee,
                9,
                "Watched it twice. The software company explaining one feature in "
                "30 seconds: my team could do that.",
            ),
            (
                pair.mentor,
                8,
                "Yes! Want to try filming one in our next session? Bring your "
                "phone, that's all you need.",
            ),
            (
                pair.mentee,
                3,
                "I've booked us for next week. Fair warning, I've never filmed "
                "myself. My daughter laughed when I told her.",
            ),
            (
                pair.mentor,
                2,
                "Everyone's first one is awkward, mine included 😊 We'll do a few "
                "takes and you choose. Nothing gets posted without you saying so.",
            ),
        )
        for minute, (author, days_ago, text) in enumerate(thread):
            message = message_post(pair=pair, actor=author, text=self._say(text))
            when = at(day - timedelta(days=days_ago), time(15 + minute % 3, minute * 7 % 60))
            backdate(Message, message.pk, when, notified_at=when)

    # --- The other pairs ----------------------------------------------------------------

    def light_pair(self, pair: Pair, rhythm: Rhythm) -> None:
        mentor, mentee = pair.mentor, pair.mentee
        self._sign(pair, both=rhythm.signed)
        index = pair.pk
        for author, titles in ((mentee, LIGHT_MENTEE_GOALS), (mentor, LIGHT_MENTOR_GOALS)):
            goal = goal_create(
                pair=pair,
                actor=author,
                title=titles[index % len(titles)],
                target_date=self.program.ends_on,
            )
            backdate(Goal, goal.pk, self.start + timedelta(days=3))
            if rhythm.goal_status != GoalStatus.NOT_STARTED:
                update = goal_update_status(goal=goal, actor=author, status=rhythm.goal_status)
                backdate(GoalUpdate, update.pk, self.start + timedelta(days=20))
        held = [
            self._held(
                pair,
                by=mentor if i % 2 == 0 else mentee,
                starts_at=workday(self.today - timedelta(days=days)),
                index=i,
            )
            for i, days in enumerate(rhythm.held_days_ago)
        ]
        for days in rhythm.mentee_cancelled_days_ago:
            called_off = self._session(
                pair,
                by=mentor,
                starts_at=workday(self.today - timedelta(days=days)),
                agenda_index=len(held),
            )
            session_cancel(
                session=called_off,
                actor=mentee,
                reason="Something came up with the board, sorry. Can we find another slot?",
                now=called_off.starts_at - timedelta(hours=20),
            )
        if rhythm.upcoming_in_days is not None:
            self._session(
                pair,
                by=mentor,
                starts_at=workday(self.today + timedelta(days=rhythm.upcoming_in_days)),
                agenda_index=len(held),
            )
        if held:
            note = note_add(
                session=held[0],
                actor=mentor,
                visibility=SHARED,
                text="First session: we agreed what to cover and set up the tools together.",
            )
            backdate(SessionNote, note.pk, held[0].starts_at + timedelta(hours=1))
            learning = learning_add(
                pair=pair,
                actor=mentee,
                session=held[0],
                text="Asking my mentor to show me, not tell me, makes it stick.",
            )
            backdate(Learning, learning.pk, held[0].starts_at + timedelta(hours=2))
            after = held[-1].starts_at
            for number, (side, text) in enumerate(LIGHT_MESSAGES):
                author = mentee if side == "mentee" else mentor
                message = message_post(pair=pair, actor=author, text=text)
                when = after + timedelta(hours=2 + number)
                backdate(Message, message.pk, when, notified_at=when)
