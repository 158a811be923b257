"""Reads for the pair's space (issue 6): who may open it and what its page shows.

A pair is a space once it is live, and stays readable (not writable) after it
ended or completed; proposals and declined pairs are not a space. Only its two
people open the space. A program's managers reach a pair through the program
guard and `get_program_pair`; their page shows dates and status only: never the
agreement text, goals' content, notes or messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from upward.pairs.models import (
    AgreementVersion,
    Goal,
    GoalOwner,
    GoalUpdate,
    Pair,
    PairStatus,
    Reflection,
    Session,
    SessionStatus,
)
from upward.programs.models import AgendaTemplate, ParticipantRole, PreparationGuide, Registration

SPACE_STATUSES = (PairStatus.LIVE, PairStatus.ENDED, PairStatus.COMPLETED)


@dataclass(frozen=True)
class PairSpace:
    """A pair as one of its two people sees it."""

    pair: Pair
    me: Registration
    partner: Registration
    my_role: str  # ParticipantRole value: "mentor" or "mentee"

    @property
    def partner_role(self) -> str:
        return ParticipantRole.MENTEE if self.my_role == ParticipantRole.MENTOR else "mentor"

    @property
    def is_live(self) -> bool:
        return self.pair.status == PairStatus.LIVE

    @property
    def my_goal_owner(self) -> str:
        return GoalOwner.MENTOR if self.my_role == ParticipantRole.MENTOR else GoalOwner.MENTEE


def _spaces() -> QuerySet[Pair]:
    return Pair.objects.filter(status__in=SPACE_STATUSES).select_related(
        "program", "mentor__person__department", "mentee__person__department"
    )


def _person_of(user: Any) -> Any:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def _space_of(pair: Pair, person_id: int) -> PairSpace:
    if pair.mentor.person_id == person_id:
        return PairSpace(pair=pair, me=pair.mentor, partner=pair.mentee, my_role="mentor")
    return PairSpace(pair=pair, me=pair.mentee, partner=pair.mentor, my_role="mentee")


def get_pair_space_for_user(user: Any, pair_id: int) -> PairSpace:
    """The space of a live, ended or completed pair the user is the mentor or mentee of.

    404 for anyone else, including managers and administrators: they have their own page.
    """
    person = _person_of(user)
    if person is None:
        raise Http404("No such pair")
    try:
        pair = _spaces().get(Q(mentor__person=person) | Q(mentee__person=person), pk=pair_id)
    except Pair.DoesNotExist:
        raise Http404("No such pair") from None
    return _space_of(pair, person.pk)


def spaces_for_user(user: Any, *, live_only: bool = False) -> list[PairSpace]:
    """The user's pairs that are a space, live ones first, newest first."""
    person = _person_of(user)
    if person is None:
        return []
    pairs = _spaces().filter(Q(mentor__person=person) | Q(mentee__person=person))
    if live_only:
        pairs = pairs.filter(status=PairStatus.LIVE)
    spaces = [_space_of(pair, person.pk) for pair in pairs.order_by("-live_at", "-id")]
    return sorted(spaces, key=lambda space: not space.is_live)


# --- The pair page ----------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool


@dataclass
class PairPage:
    """Everything the space's own sections show, fetched in a fixed number of queries."""

    space: PairSpace
    versions: list[AgreementVersion]
    mentee_goals: list[Goal]
    mentor_goals: list[Goal]
    has_booked_session: bool
    reflections: list[Reflection]
    checklist: list[ChecklistItem] = field(default_factory=list)

    @property
    def latest(self) -> AgreementVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def in_force(self) -> bool:
        return self.latest is not None and self.latest.in_force

    @property
    def last_in_force(self) -> AgreementVersion | None:
        """The newest version both accepted (may be older than the latest proposal)."""
        return next((v for v in reversed(self.versions) if v.in_force), None)

    @property
    def i_accepted_latest(self) -> bool:
        latest = self.latest
        if latest is None:
            return False
        return getattr(latest, f"{self.space.my_role}_accepted_at") is not None

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.checklist if item.done)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done_count / len(self.checklist)) if self.checklist else 0

    @property
    def my_reflection(self) -> Reflection | None:
        return next((r for r in self.reflections if r.author_id == self.space.me.pk), None)

    @property
    def both_continue(self) -> bool:
        return len(self.reflections) == 2 and all(r.continue_informally for r in self.reflections)


def _goals(pair: Pair) -> list[Goal]:
    updates = GoalUpdate.objects.select_related("author__person").order_by("created_at", "id")
    return list(
        Goal.objects.filter(pair=pair)
        .prefetch_related(Prefetch("updates", queryset=updates))
        .order_by("created_at", "id")
    )


def _has_booked_session(pair: Pair) -> bool:
    """Asks the sessions area (imported late: it builds on this module)."""
    from upward.pairs.selectors.sessions import has_booked_session

    return has_booked_session(pair)


def checklist_for(
    *, in_force: bool, mentee_goals: int, mentor_goals: int, booked: bool
) -> list[ChecklistItem]:
    return [
        ChecklistItem("agreement", "Sign the agreement together", in_force),
        ChecklistItem(
            "goals", "Set goals: at least one each", mentee_goals > 0 and mentor_goals > 0
        ),
        # The cadence is part of the rules of the road: agreed when the agreement is.
        ChecklistItem("cadence", "Agree how often you meet", in_force),
        ChecklistItem("session", "Book your first session", booked),
    ]


def pair_page_data(space: PairSpace) -> PairPage:
    """The space's sections in five queries, however much the pair has written."""
    pair = space.pair
    versions = list(
        AgreementVersion.objects.filter(pair=pair)
        .select_related("proposed_by__person")
        .order_by("number")
    )
    goals = _goals(pair)
    booked = _has_booked_session(pair)
    reflections = list(Reflection.objects.filter(pair=pair).order_by("created_at"))
    page = PairPage(
        space=space,
        versions=versions,
        mentee_goals=[g for g in goals if g.owner == GoalOwner.MENTEE],
        mentor_goals=[g for g in goals if g.owner == GoalOwner.MENTOR],
        has_booked_session=booked,
        reflections=reflections,
    )
    page.checklist = checklist_for(
        in_force=page.in_force,
        mentee_goals=len(page.mentee_goals),
        mentor_goals=len(page.mentor_goals),
        booked=booked,
    )
    return page


def agreement_history(pair: Pair) -> list[AgreementVersion]:
    return list(
        AgreementVersion.objects.filter(pair=pair)
        .select_related("proposed_by__person")
        .order_by("-number")
    )


@dataclass(frozen=True)
class ManagerView:
    """What a program manager may know about a pair: dates and status, no content."""

    pair: Pair
    sessions: list[Session]
    checklist: list[ChecklistItem]
    reflections_written: int
    both_continue: bool


def manager_view(pair: Pair) -> ManagerView:
    sessions = list(
        Session.objects.filter(pair=pair)
        .only("id", "pair_id", "starts_at", "minutes", "status", "cancelled_at")
        .order_by("starts_at")
    )
    latest = (
        AgreementVersion.objects.filter(pair=pair)
        .order_by("-number")
        .only("id", "mentor_accepted_at", "mentee_accepted_at")
        .first()
    )
    owners = list(Goal.objects.filter(pair=pair).values_list("owner", flat=True))
    continues = list(
        Reflection.objects.filter(pair=pair).values_list("continue_informally", flat=True)
    )
    booked = any(s.status in (SessionStatus.BOOKED, SessionStatus.HELD) for s in sessions)
    return ManagerView(
        pair=pair,
        sessions=sessions,
        checklist=checklist_for(
            in_force=latest is not None and latest.in_force,
            mentee_goals=owners.count(GoalOwner.MENTEE),
            mentor_goals=owners.count(GoalOwner.MENTOR),
            booked=booked,
        ),
        reflections_written=len(continues),
        both_continue=len(continues) == 2 and all(continues),
    )


@dataclass(frozen=True)
class Resources:
    program_name: str
    guides: list[PreparationGuide]
    agendas: list[AgendaTemplate]


def program_resources(space: PairSpace) -> Resources:
    """The program's preparation guides (both roles) and agenda templates."""
    program = space.pair.program
    return Resources(
        program_name=program.name,
        guides=sorted(
            PreparationGuide.objects.filter(program=program),
            key=lambda guide: guide.role != space.my_role,
        ),
        agendas=list(AgendaTemplate.objects.filter(program=program).order_by("position", "id")),
    )


def get_space_version(space: PairSpace, version_id: int) -> AgreementVersion:
    """One version of the pair's agreement; 404 for another pair's."""
    version = AgreementVersion.objects.filter(pk=version_id, pair=space.pair).first()
    if version is None:
        raise Http404("No such version")
    return version


def get_space_goal(space: PairSpace, goal_id: int) -> Goal:
    """One goal of the pair; 404 for another pair's."""
    goal = Goal.objects.filter(pk=goal_id, pair=space.pair).first()
    if goal is None:
        raise Http404("No such goal")
    return goal
