"""The demo's monitor half: check-ins, health, a concern, nudges, and a person flagged twice.

Runs after demo.pair_space, on the running program ("AI and social media for
leaders") and the closed cohort. Everything goes through the feedback services
with the time it happened (`now=`), and the rows they stamp with the real time
are moved back with demo.history's `backdate`, as in the other demo modules.

What a manager finds on the monitoring board:
- every held session has both people's check-ins, answered within a day or two,
  except a few left unanswered; Maya's check-in about her session five days
  ago still waits on her home page;
- two pairs at risk for different reasons: the "drifting" pair (no session for
  five weeks, reminded by the nudge sweep 13 days ago, its managers told a
  week later) and the "slipping" pair (the senior cancelled three of the last
  four sessions); the program manager nudged another quiet pair three days ago,
  and it booked a session the next day;
- one pair whose two check-ins about the same session disagree (one says it
  took place, the other that the partner did not come);
- the senior who came back from the closed cohort's drifted pair: their
  mentor then rated the fit "not working", and their new mentor has raised a
  concern about them (open). The senior's own line manager co-manages the
  running program, so the concern goes around them to Priya alone. The senior
  is listed under "Patterns across pairs" for Priya and the administrator;
- weekly health snapshots back to the program's start, for the trend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from upward.accounts.models import Role, User
from upward.demo.closed_cohort import drifted_pair
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.history import at, backdate
from upward.demo.programs import CLOSED_NAME, RUNNING_NAME
from upward.feedback.models import CheckIn, Concern, ConcernCategory, Fit, Nudge, TookPlace
from upward.feedback.services.check_ins import check_in_answer, check_ins_create
from upward.feedback.services.concerns import concern_raise
from upward.feedback.services.health import health_recompute_all, health_snapshots_backfill
from upward.feedback.services.nudges import nudge_if_drifting, nudge_send
from upward.pairs.models import Pair, PairStatus, Session, SessionStatus
from upward.pairs.services.sessions import session_accept, session_propose
from upward.people.services import person_link_user
from upward.programs.models import Program, ProgramStatus
from upward.programs.services.setup import program_manager_add

# Each held session's two check-ins come back this long after it, unless left unanswered.
ANSWERED_AFTER: Final = (timedelta(hours=3), timedelta(days=1, hours=2))
CONCERN_TEXT: Final = (
    'In our last two sessions {mentee} talked over me and called my ideas "the intern\'s view" '
    "in front of their team. I don't feel I can push back myself. I'd like someone to know, "
    "and I don't want this to reach their department."
)


@dataclass
class DemoMonitoringResult:
    check_ins: int = 0
    concerns: int = 0
    nudges: int = 0
    snapshots: int = 0
    flagged: str = ""
    skipped: bool = False
    notes: list[str] = field(default_factory=list)


def _program(name: str, status: str) -> Program | None:
    return Program.objects.filter(
        name=name,
        status=status,
        manager_links__user__email__iexact=PERSONA_BY_KEY["program_manager"].email,
    ).first()


@transaction.atomic
def demo_monitoring_seed(*, today: date) -> DemoMonitoringResult:
    """Seed the monitor half once; a program that has check-ins already is left alone."""
    result = DemoMonitoringResult()
    running = _program(RUNNING_NAME, ProgramStatus.RUNNING)
    closed = _program(CLOSED_NAME, ProgramStatus.CLOSED)
    if running is None:
        result.notes.append("No running demo program.")
        return result
    if CheckIn.objects.filter(pair__program=running).exists():
        result.skipped = True
        return result
    manager = User.objects.get(email__iexact=PERSONA_BY_KEY["program_manager"].email)
    now = at(today, time(8, 0))
    live = list(
        Pair.objects.filter(program=running, status=PairStatus.LIVE)
        .select_related("program", "mentor__person__user", "mentee__person__user")
        .order_by("pk")
    )
    stories = _Stories(live, closed)
    for pair in live:
        result.check_ins += _check_ins(pair, now, stories)
    if closed is not None:
        for pair in Pair.objects.filter(program=closed).order_by("pk"):
            result.check_ins += _check_ins(pair, now, stories)
    result.nudges = _nudges(stories, manager, now)
    if stories.returning is not None:
        _co_manager_in_line(stories.returning, manager)
        _concern(stories.returning, today)
        result.concerns = 1
        result.flagged = stories.returning.mentee.person.name
    health_recompute_all(now=timezone.now())
    weeks = max(1, (today - running.starts_on).days // 7)
    result.snapshots = health_snapshots_backfill(weeks=weeks, now=timezone.now())
    return result


class _Stories:
    """Which pair plays which part, read from the pairs the demo built."""

    def __init__(self, live: list[Pair], closed: Program | None) -> None:
        by_cancels = {
            pair.pk: Session.objects.filter(
                pair=pair, status=SessionStatus.CANCELLED, changed_by=pair.mentee
            ).count()
            for pair in live
        }
        self.slipping = max(live, key=lambda p: (by_cancels[p.pk], -p.pk), default=None)
        if self.slipping is not None and by_cancels[self.slipping.pk] < 3:
            self.slipping = None
        self.drifting = self._quietest(live)
        self.quiet = self._quietest([p for p in live if p != self.drifting])
        earlier = drifted_pair(closed) if closed is not None else None
        self.earlier = earlier
        self.returning = next(
            (
                p
                for p in live
                if earlier is not None and p.mentee.person_id == earlier.mentee.person_id
            ),
            None,
        )
        taken = {p.pk for p in (self.slipping, self.drifting, self.returning) if p is not None}
        personas = {PERSONA_BY_KEY[key].email.lower() for key in ("mentor", "mentee")}
        self.disagreeing = next(
            (
                p
                for p in live
                if p.pk not in taken
                and p.mentor.person.email.lower() not in personas
                and p.mentee.person.email.lower() not in personas
                and by_cancels[p.pk] == 0
                and Session.objects.filter(pair=p, status=SessionStatus.HELD).count() >= 3
                and Session.objects.filter(
                    pair=p, status=SessionStatus.BOOKED, starts_at__gt=timezone.now()
                ).exists()
            ),
            None,
        )

    @staticmethod
    def _quietest(live: list[Pair]) -> Pair | None:
        """The live pair with nothing ahead and the longest time since it last met."""
        best, longest = None, timedelta(0)
        for pair in live:
            sessions = Session.objects.filter(pair=pair)
            if sessions.filter(status=SessionStatus.BOOKED, starts_at__gt=timezone.now()).exists():
                continue
            last = sessions.filter(status=SessionStatus.HELD).order_by("-starts_at").first()
            quiet = timezone.now() - (last.starts_at if last else pair.live_at or pair.created_at)
            if quiet > longest:
                best, longest = pair, quiet
        return best


def _answers(pair: Pair, stories: _Stories, number: int, last: bool) -> dict[str, dict[str, Any]]:
    """Each side's answers about the pair's `number`th held session (0 is the first)."""
    mentor = {
        "took_place": TookPlace.HELD,
        "usefulness": 3 + (number + pair.pk) % 2,
        "fit": Fit.WORKING,
    }
    mentee = {"took_place": TookPlace.HELD, "usefulness": 4 - number % 2, "fit": Fit.GETTING_THERE}
    if number >= 2:
        mentee["fit"] = Fit.WORKING
    if pair in (stories.slipping, stories.drifting):
        mentor.update(usefulness=2, fit=Fit.NOT_SURE)
    if stories.earlier is not None and pair.pk == stories.earlier.pk and number >= 3:
        mentor.update(usefulness=1, fit=Fit.NOT_WORKING)
    if pair == stories.returning and last:
        mentor.update(usefulness=1, fit=Fit.NOT_WORKING)
    if pair == stories.disagreeing and last:
        mentee.update(took_place=TookPlace.NO_SHOW)
    return {"mentor": mentor, "mentee": mentee}


def _check_ins(pair: Pair, now: datetime, stories: _Stories) -> int:
    """Both check-ins of each held session, answered a little after it, through the services."""
    held = list(Session.objects.filter(pair=pair, status=SessionStatus.HELD).order_by("starts_at"))
    written = 0
    maya = PERSONA_BY_KEY["mentor"].email.lower()
    # Only her latest session's check-in waits, whatever the hour the demo is seeded at
    # (two recent sessions left two waiting when seeding ran after the later one ended).
    ended = [n for n, s in enumerate(held) if s.starts_at + timedelta(minutes=s.minutes) <= now]
    latest_ended = ended[-1] if ended else -1
    for number, session in enumerate(held):
        ends = session.starts_at + timedelta(minutes=session.minutes)
        if ends > now:
            continue
        ids = check_ins_create(session=session, now=ends)
        answers = _answers(pair, stories, number, last=number == len(held) - 1)
        for check_in in CheckIn.objects.filter(pk__in=ids).select_related("author__person"):
            side = "mentor" if check_in.author_id == pair.mentor_id else "mentee"
            backdate(CheckIn, check_in.pk, ends, tap_nonce="")
            recent = now - ends < timedelta(days=14)
            is_maya = check_in.author.person.email.lower() == maya
            if number == latest_ended and recent and is_maya:
                continue  # waits on Maya's home page
            last = number == len(held) - 1
            # Some are never answered; never Maya's, whose one waiting check-in the demo
            # promises (the rule reads the pair's id, which differs from one database to
            # the next).
            skipped = (number + pair.pk + (side == "mentee")) % 7 == 0
            if skipped and not recent and not last and not is_maya:
                continue
            answer = answers[side]
            when = ends + ANSWERED_AFTER[side == "mentee"]
            check_in.refresh_from_db()
            check_in_answer(
                check_in=check_in,
                actor=check_in.author,
                took_place=answer["took_place"],
                usefulness=answer["usefulness"] if answer["took_place"] == TookPlace.HELD else None,
                fit=answer["fit"] if check_in.asks_fit else None,
                now=min(when, now),
            )
            backdate(CheckIn, check_in.pk, ends)
            written += 1
    return written


def _nudges(stories: _Stories, manager: User, now: datetime) -> int:
    sent = 0
    if stories.drifting is not None:
        # 22 days quiet is past 1.5 x the two-week rhythm; a week later, still nothing.
        reminded, still_quiet = now - timedelta(days=13), now - timedelta(days=6)
        for moment in (reminded, still_quiet):
            if nudge_if_drifting(pair_id=stories.drifting.pk, now=moment):
                latest = Nudge.objects.filter(pair=stories.drifting).latest("pk")
                backdate(Nudge, latest.pk, moment)
                sent += 1
    if stories.quiet is not None:
        nudge = nudge_send(
            pair=stories.quiet,
            actor=manager,
            note="It has been a few weeks: can you find a slot that really works for both?",
            now=now - timedelta(days=3),
        )
        backdate(Nudge, nudge.pk, now - timedelta(days=3))
        sent += 1
        _book_after_the_nudge(stories.quiet, now)
    return sent


def _book_after_the_nudge(pair: Pair, now: datetime) -> None:
    """The nudge worked: the mentor proposed a time the next day and the senior accepted."""
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=now + timedelta(days=6))
    session = session_accept(session=session, actor=pair.mentee)
    backdate(Session, session.pk, now - timedelta(days=2))


def _co_manager_in_line(pair: Pair, manager: User) -> None:
    """The senior's own line manager co-manages the program: concerns about them go around."""
    boss = pair.mentee.person.manager
    if boss is None:
        return
    user = getattr(boss, "user", None)
    if user is None:
        user = User.objects.create_user(
            boss.email, None, full_name=boss.name, role=Role.PROGRAM_MANAGER
        )
        person_link_user(user=user)
    elif user.role == Role.MEMBER:
        User.objects.filter(pk=user.pk).update(role=Role.PROGRAM_MANAGER)
    if not pair.program.manager_links.filter(user=user).exists():
        program_manager_add(actor=manager, program=pair.program, user=user)


def _concern(pair: Pair, today: date) -> Concern:
    """The returning senior's new mentor raises a concern about them, yesterday."""
    concern = concern_raise(
        pair=pair,
        actor=pair.mentor,
        category=ConcernCategory.BEHAVIOUR,
        text=CONCERN_TEXT.format(mentee=pair.mentee.person.name.split()[0]),
    )
    backdate(Concern, concern.pk, at(today - timedelta(days=1), time(18, 40)))
    return concern
