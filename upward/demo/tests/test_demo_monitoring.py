"""The demo's monitor half: what a manager, a handler and a participant find."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from upward.accounts.models import User
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.monitoring import demo_monitoring_seed
from upward.demo.pair_space import running_program
from upward.demo.programs import CLOSED_NAME
from upward.feedback.health import HealthState
from upward.feedback.models import (
    CheckIn,
    Concern,
    ConcernHandler,
    ConcernStatus,
    HealthSnapshot,
    Nudge,
    NudgeKind,
    PairHealth,
)
from upward.feedback.selectors.patterns import flagged_people
from upward.pairs.models import Reflection
from upward.programs.models import AssessmentMoment, SelfRating

pytestmark = pytest.mark.django_db


def _login(key: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email__iexact=PERSONA_BY_KEY[key].email))
    return client


def test_two_pairs_are_at_risk_for_different_reasons(seeded) -> None:
    at_risk = list(
        PairHealth.objects.filter(pair__program=running_program(), state=HealthState.AT_RISK)
    )
    assert len(at_risk) == 2
    reasons = " ".join(" ".join(h.reasons) for h in at_risk)
    assert "no session booked and none held for" in reasons
    assert "cancelled 3 of the" in reasons

    board = _login("program_manager").get(reverse("feedback:board", args=[running_program().pk]))
    assert board.status_code == 200
    assert "At risk" in board.content.decode()


def test_one_pair_disagrees_about_a_session(seeded) -> None:
    reasons = PairHealth.objects.filter(pair__program=running_program()).values_list(
        "reasons", flat=True
    )
    assert sum(any("disagree" in r for r in rs) for rs in reasons) == 1


def test_the_drifting_pair_was_reminded_then_its_managers_told_and_one_was_nudged(seeded) -> None:
    kinds = sorted(Nudge.objects.values_list("kind", flat=True))
    assert kinds == sorted([NudgeKind.PAIR, NudgeKind.MANAGERS, NudgeKind.MANUAL])


def test_the_open_concern_goes_around_the_seniors_line_manager(seeded) -> None:
    concern = Concern.objects.select_related("about__person__manager").get()
    assert concern.status == ConcernStatus.OPEN
    handlers = set(
        ConcernHandler.objects.filter(concern=concern).values_list("user__email", flat=True)
    )
    line_manager = concern.about.person.manager
    assert line_manager is not None
    assert concern.program.manager_links.filter(user__email=line_manager.email).exists()
    assert handlers == {PERSONA_BY_KEY["program_manager"].email}


def test_the_returning_senior_is_flagged_across_two_pairs(seeded) -> None:
    priya = User.objects.get(email__iexact=PERSONA_BY_KEY["program_manager"].email)
    flagged = flagged_people(priya)
    assert [f.person.name for f in flagged] == [seeded.monitoring.flagged]
    assert len(flagged[0].pairs) == 2
    programs = set(
        CheckIn.objects.filter(pair__in=flagged[0].pairs).values_list(
            "pair__program__name", flat=True
        )
    )
    assert CLOSED_NAME in programs


def test_maya_has_a_check_in_waiting_on_her_home_page(seeded) -> None:
    page = _login("mentor").get(reverse("home:home")).content.decode()
    assert "check-in" in page.lower()
    assert (
        CheckIn.objects.filter(
            author__person__email__iexact=PERSONA_BY_KEY["mentor"].email, answered_at__isnull=True
        ).count()
        == 1
    )


def test_every_registration_rated_its_start_and_closed_pairs_rated_the_end(seeded) -> None:
    assert SelfRating.objects.filter(moment=AssessmentMoment.BEFORE).exists()
    assert SelfRating.objects.filter(
        moment=AssessmentMoment.AFTER, registration__program__name=CLOSED_NAME
    ).exists()
    surveyed = Reflection.objects.filter(pair__program__name=CLOSED_NAME)
    assert surveyed.exists()
    assert not surveyed.filter(recommend__isnull=True).exists()


def test_weekly_snapshots_go_back_to_the_programs_start(seeded) -> None:
    weeks = set(HealthSnapshot.objects.values_list("week", flat=True))
    assert len(weeks) >= 8


def test_seeding_again_changes_nothing(seeded) -> None:
    before = CheckIn.objects.count(), Nudge.objects.count(), Concern.objects.count()
    again = demo_monitoring_seed(today=running_program().starts_on.today())
    assert again.skipped
    assert (CheckIn.objects.count(), Nudge.objects.count(), Concern.objects.count()) == before
