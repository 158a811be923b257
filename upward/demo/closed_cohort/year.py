"""Building the closed cohort's year through the services (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from upward.accounts.models import User
from upward.core.errors import ApplicationError
from upward.demo.closed_cohort.stories import (
    DRIFTED,
    FINAL_PROGRESS,
    FIRST_NOTE,
    FIRST_STORIES,
    IN_PROGRESS,
    MENTEE,
    MENTEE_GOALS,
    MENTEE_LEARNINGS,
    MENTOR,
    MENTOR_GOALS,
    MENTOR_LEARNINGS,
    MIDWAY_PROGRESS,
    PRIVATE_NOTE,
    THANKS,
    Story,
    story_for,
)
from upward.demo.history import at, backdate
from upward.demo.ratings import closing_ratings
from upward.matching.models import MatchRun, RunStatus
from upward.matching.services.publish import match_run_publish
from upward.matching.services.runs import match_run_start
from upward.pairs.models import (
    AgreementVersion,
    Goal,
    GoalUpdate,
    Learning,
    Message,
    NoteVisibility,
    Pair,
    PairStatus,
    Reflection,
    Session,
    SessionNote,
)
from upward.pairs.services import pair_answer
from upward.pairs.services.agreement import agreement_accept, agreement_start
from upward.pairs.services.closing import pair_close_by_manager, pair_close_with_reflection
from upward.pairs.services.conversation import learning_add, message_post, note_add
from upward.pairs.services.goals import goal_create, goal_update_status
from upward.pairs.services.sessions import (
    session_accept,
    session_cancel,
    session_mark_held,
    session_propose,
)
from upward.pairs.services.slots import suggest_slots, zone_of
from upward.programs.models import AgendaTemplate, Program, Registration


def drifted_pair(program: Program) -> Pair | None:
    """The pair whose year went the DRIFTED way (the pairs take the stories in id order)."""
    pairs = list(
        Pair.objects.filter(program=program)
        .select_related("mentor__person", "mentee__person")
        .order_by("pk")
    )
    index = FIRST_STORIES.index(DRIFTED)
    return pairs[index] if index < len(pairs) else None


@dataclass
class ClosedCohortResult:
    pairs: int = 0
    completed: int = 0
    ended_early: int = 0
    sessions_held: int = 0


class ClosedCohort:
    """Matches the closed program, then lives its year through the pair services."""

    def __init__(self, *, program: Program, manager: User) -> None:
        self.program = program
        self.manager = manager
        self.first_monday = program.starts_on - timedelta(days=program.starts_on.weekday())
        self.agendas = list(
            AgendaTemplate.objects.filter(program=program).order_by("position", "pk")
        )
        self.names: dict[str, str] = {}

    # --- The match, ten days before the start -------------------------------------

    def match(self) -> list[Pair]:
        """A match run, published on the matching day; everyone comfortable within two days."""
        roles = set(self.program.registrations.values_list("role", flat=True))
        if roles != {MENTOR, MENTEE}:
            return []  # a small company may have no junior left to mentor: nobody to match
        run = match_run_start(actor=self.manager, program=self.program, label="First cohort")
        if run.status != RunStatus.DONE:
            raise ApplicationError(f"The closed demo program's match run failed: {run.error}")
        published = at(self.program.matching_on, time(10, 0))
        match_run_publish(run_id=run.pk, actor=self.manager, now=published)
        backdate(
            MatchRun,
            run.pk,
            published - timedelta(hours=1),
            started_at=published - timedelta(hours=1),
            finished_at=published - timedelta(minutes=59),
            published_at=published,
        )
        pairs = list(
            Pair.objects.filter(program=self.program, source_run=run)
            .select_related("program", "mentor__person__user", "mentee__person__user")
            .order_by("pk")
        )
        for pair in pairs:
            pair_answer(pair_id=pair.pk, actor=pair.mentor, comfortable=True)
            pair_answer(pair_id=pair.pk, actor=pair.mentee, comfortable=True)
            backdate(
                Pair,
                pair.pk,
                published,
                mentor_answered_at=published + timedelta(days=1),
                mentee_answered_at=published + timedelta(days=2),
                live_at=published + timedelta(days=2),
            )
        return pairs

    # --- The year -----------------------------------------------------------------

    def run_the_year(self, pairs: list[Pair]) -> ClosedCohortResult:
        """Each pair's story, then its closing; the program must be running."""
        result = ClosedCohortResult(pairs=len(pairs))
        # Read again: the answers made them live since.
        live = Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).select_related(
            "program", "mentor__person__user", "mentee__person__user"
        )
        for index, pair in enumerate(live.order_by("pk")):
            closed = self._live(pair, story_for(index), index)
            result.completed += closed.status == PairStatus.COMPLETED
            result.ended_early += closed.status == PairStatus.ENDED
            result.sessions_held += closed.sessions_held
        return result

    def _live(self, pair: Pair, story: Story, index: int) -> Pair:
        self.names = {
            MENTOR: pair.mentor.person.name.split()[0],
            MENTEE: pair.mentee.person.name.split()[0],
        }
        self._sign(pair)
        goals = self._set_goals(pair, index)
        held = self._meet(pair, story)
        self._keep_notes(pair, held)
        self._talk(pair, story, held)
        self._move_goals(pair, goals, story, held)
        self._learn(pair, held, index)
        self._close(pair, story)
        pair.refresh_from_db()
        return pair

    def _say(self, text: str) -> str:
        return text.format(**self.names)

    def _side(self, pair: Pair, side: str) -> Registration:
        return pair.mentor if side == MENTOR else pair.mentee

    def _week(self, week: int) -> datetime:
        """Monday of `week`, 00:00 UTC."""
        return at(self.first_monday + timedelta(weeks=week), time(0, 0))

    def _sign(self, pair: Pair) -> None:
        version = agreement_start(pair=pair)
        for side in (MENTOR, MENTEE):
            by = self._side(pair, side)
            version = agreement_accept(version=version, actor=by)
        signed = at(self.program.starts_on, time(11, 0))
        backdate(
            AgreementVersion,
            version.pk,
            signed - timedelta(days=1),
            mentor_accepted_at=signed - timedelta(hours=20),
            mentee_accepted_at=signed,
        )

    def _set_goals(self, pair: Pair, index: int) -> list[Goal]:
        goals = []
        for side, choices in ((MENTEE, MENTEE_GOALS), (MENTOR, MENTOR_GOALS)):
            title, description = choices[index % len(choices)]
            author = self._side(pair, side)
            goal = goal_create(
                pair=pair,
                actor=author,
                title=self._say(title),
                description=self._say(description),
                target_date=self.program.ends_on,
            )
            backdate(Goal, goal.pk, at(self.program.starts_on, time(12, 0)) + timedelta(days=2))
            goals.append(goal)
        return goals

    # Sessions: planned the Wednesday before, accepted within hours, then held or cancelled.
    def _meet(self, pair: Pair, story: Story) -> list[Session]:
        cancelled = {c.week: c for c in story.cancelled}
        held = []
        for number, week in enumerate(sorted({*story.held_weeks, *cancelled})):
            by = pair.mentor if number % 2 == 0 else pair.mentee
            session = self._book(pair, by=by, week=week, number=number)
            if week in cancelled:
                reason = cancelled[week]
                session_cancel(
                    session=session,
                    actor=self._side(pair, reason.side),
                    reason=self._say(reason.reason),
                    now=session.starts_at - timedelta(days=2),
                )
            else:
                held.append(
                    session_mark_held(
                        session=session, actor=by, now=session.starts_at + timedelta(hours=1)
                    )
                )
        return held

    def _book(self, pair: Pair, *, by: Registration, week: int, number: int) -> Session:
        monday = self._week(week)
        planned = monday - timedelta(days=5) + timedelta(hours=9)  # the Wednesday before
        session = session_propose(
            pair=pair,
            actor=by,
            starts_at=self._time_that_suits_both(pair, monday, planned),
            agenda_template=self.agendas[number % len(self.agendas)] if self.agendas else None,
            location="Video call",
            now=planned,
        )
        partner = pair.mentee if by.pk == pair.mentor_id else pair.mentor
        session = session_accept(session=session, actor=partner, now=planned + timedelta(hours=3))
        backdate(Session, session.pk, planned)
        return session

    def _time_that_suits_both(self, pair: Pair, monday: datetime, planned: datetime) -> datetime:
        """The first time from `monday` both are free, as the session planner suggested it."""
        for slot in suggest_slots(pair, now=planned):
            if slot.starts_at >= monday:
                return slot.starts_at
        return self._compromise(pair, monday.date() + timedelta(days=1))

    @staticmethod
    def _compromise(pair: Pair, day: date) -> datetime:
        """No free hour in common: the hour on `day` least outside both people's 8:00-18:00,
        then nearest both middays."""
        zones = (zone_of(pair.mentor), zone_of(pair.mentee))

        def strain(hour: int) -> tuple[float, float]:
            local = [at(day, time(hour)).astimezone(zone) for zone in zones]
            clock = [t.hour + t.minute / 60 for t in local]
            outside = sum(max(0.0, 8 - c) + max(0.0, c - 18) for c in clock)
            return outside, sum(abs(c - 13) for c in clock)

        return at(day, time(min(range(24), key=strain)))

    def _keep_notes(self, pair: Pair, held: list[Session]) -> None:
        if not held:
            return
        notes = (
            (held[0], pair.mentor, NoteVisibility.SHARED, FIRST_NOTE),
            (held[min(1, len(held) - 1)], pair.mentee, NoteVisibility.PRIVATE, PRIVATE_NOTE),
        )
        for session, author, visibility, text in notes:
            note = note_add(
                session=session, actor=author, visibility=visibility, text=self._say(text)
            )
            backdate(SessionNote, note.pk, session.starts_at + timedelta(hours=1))

    def _talk(self, pair: Pair, story: Story, held: list[Session]) -> None:
        """Thanks after the first session, then what the story adds."""
        after_first = (held[0].starts_at if held else self._week(1)) + timedelta(hours=3)
        thread = [
            (after_first + timedelta(hours=n), side, text) for n, (side, text) in enumerate(THANKS)
        ]
        thread += [
            (self._week(week) + timedelta(hours=9 + n), side, text)
            for n, (week, side, text) in enumerate(story.messages)
        ]
        for when, side, text in thread:
            message = message_post(pair=pair, actor=self._side(pair, side), text=self._say(text))
            backdate(Message, message.pk, when, notified_at=when)

    def _move_goals(self, pair: Pair, goals: list[Goal], story: Story, held: list[Session]) -> None:
        if not held:
            return
        for goal, outcome in zip(goals, story.goal_outcomes, strict=True):
            author = self._side(pair, goal.owner)
            steps = (
                (held[min(1, len(held) - 1)], IN_PROGRESS, MIDWAY_PROGRESS),
                (held[-1], outcome, FINAL_PROGRESS[outcome]),
            )
            for session, status, text in steps:
                update = goal_update_status(goal=goal, actor=author, status=status, text=text)
                backdate(GoalUpdate, update.pk, session.starts_at + timedelta(hours=2))

    def _learn(self, pair: Pair, held: list[Session], index: int) -> None:
        if not held:
            return
        learnings = (
            (pair.mentee, held[len(held) // 2], MENTEE_LEARNINGS[index % len(MENTEE_LEARNINGS)]),
            (pair.mentor, held[-1], MENTOR_LEARNINGS[index % len(MENTOR_LEARNINGS)]),
        )
        for author, session, text in learnings:
            learning = learning_add(pair=pair, actor=author, session=session, text=text)
            backdate(Learning, learning.pk, session.starts_at + timedelta(hours=2))

    # At the program's end both reflect; a pair ended early was closed by the manager first.
    def _close(self, pair: Pair, story: Story) -> None:
        if story.ended_early is not None:
            week, reason = story.ended_early
            closed_at = self._week(week) + timedelta(days=1, hours=11)
            pair_close_by_manager(
                pair=pair, actor=self.manager, reason=self._say(reason), now=closed_at
            )
            first_reflection = closed_at + timedelta(days=3)
        else:
            first_reflection = at(self.program.ends_on + timedelta(days=1), time(10, 0))
        for number, (side, continues, text) in enumerate(story.reflections):
            when = first_reflection + timedelta(days=3 * number)
            author = self._side(pair, side)
            gain = 0 if story is DRIFTED else 1 if story.ended_early else 2
            reflection = pair_close_with_reflection(
                pair=pair,
                actor=author,
                text=self._say(text),
                continue_informally=continues,
                overall_value=max(1, gain + 2) if continues or gain else 2,
                recommend=min(10, 5 + 2 * gain + number),
                after_ratings=closing_ratings(author, gain=gain),
                now=when,
            )
            backdate(Reflection, reflection.pk, when)
