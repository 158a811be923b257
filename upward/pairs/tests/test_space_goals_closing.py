"""Goals of both kinds, progress over time, resources, and closing with a reflection."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.pairs.models import Goal, GoalOwner, GoalStatus, Pair, PairStatus, Reflection
from upward.pairs.services.closing import pair_close_by_manager, pair_close_with_reflection
from upward.pairs.services.goals import goal_create, goal_update_status
from upward.pairs.tests.space_fixtures import live_pair
from upward.programs.models import AgendaTemplate, ParticipantRole, PreparationGuide


def test_each_person_adds_goals_of_their_side_and_both_see_both(
    space_pair: Pair,
    mentor_client: Client,
    mentee_client: Client,
) -> None:
    url = reverse("pairs:goal_add", args=[space_pair.pk])
    mentee_client.post(url, {"title": "Understand TikTok", "target_date": "2030-01-31"})
    mentor_client.post(url, {"title": "Present to executives"})

    learning = Goal.objects.get(title="Understand TikTok")
    development = Goal.objects.get(title="Present to executives")
    assert learning.owner == GoalOwner.MENTEE and learning.target_date == date(2030, 1, 31)
    assert development.owner == GoalOwner.MENTOR
    for client in (mentor_client, mentee_client):
        page = client.get(reverse("pairs:detail", args=[space_pair.pk]))
        assert [g.title for g in page.context["page"].mentee_goals] == ["Understand TikTok"]
        assert [g.title for g in page.context["page"].mentor_goals] == ["Present to executives"]


def test_a_goal_without_a_title_is_a_400(space_pair: Pair, mentee_client: Client) -> None:
    response = mentee_client.post(reverse("pairs:goal_add", args=[space_pair.pk]), {"title": ""})
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_progress_is_kept_over_time_and_only_the_owner_moves_it(
    space_pair: Pair,
    mentee_client: Client,
    mentor_client: Client,
) -> None:
    goal = goal_create(pair=space_pair, actor=space_pair.mentee, title="Post weekly")
    url = reverse("pairs:goal_update", args=[space_pair.pk, goal.pk])
    mentee_client.post(url, {"status": GoalStatus.IN_PROGRESS, "text": "First post"})
    mentee_client.post(url, {"status": GoalStatus.ACHIEVED, "text": ""})
    assert mentor_client.post(url, {"status": GoalStatus.DROPPED}).status_code == 400

    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert [u.status for u in goal.updates.order_by("created_at")] == ["in_progress", "achieved"]
    html = mentor_client.get(reverse("pairs:detail", args=[space_pair.pk])).content.decode()
    assert "First post" in html and "Achieved" in html


def test_a_goal_of_another_pair_is_a_404(space_pair: Pair, mentee_client: Client) -> None:
    other = live_pair()
    goal = goal_create(pair=other, actor=other.mentee, title="Theirs")
    url = reverse("pairs:goal_update", args=[space_pair.pk, goal.pk])
    assert mentee_client.post(url, {"status": GoalStatus.ACHIEVED}).status_code == 404


def test_goal_audit_never_holds_the_words(space_pair: Pair) -> None:
    goal = goal_create(pair=space_pair, actor=space_pair.mentor, title="PRIVATE-TITLE")
    goal_update_status(goal=goal, actor=space_pair.mentor, status="in_progress", text="PRIVATE")
    entries = AuditEntry.objects.filter(action__startswith="goal.")
    assert entries.count() == 2
    assert all("PRIVATE" not in f"{e.summary}{e.data}" for e in entries)


def test_resources_show_both_guides_and_the_agenda_templates(
    space_pair: Pair,
    mentee_client: Client,
) -> None:
    program = space_pair.program
    PreparationGuide.objects.create(
        program=program, role=ParticipantRole.MENTOR, title="For mentors", body="Teach"
    )
    PreparationGuide.objects.create(
        program=program, role=ParticipantRole.MENTEE, title="For mentees", body="Learn"
    )
    AgendaTemplate.objects.create(
        program=program, title="Social media 101", outline="Intro\nPractice"
    )
    html = mentee_client.get(reverse("pairs:resources", args=[space_pair.pk])).content.decode()
    assert "For mentors" in html and "For mentees" in html and "Social media 101" in html


def survey(*, topics: int, value: int = 3, recommend: int = 8, rating: int = 4) -> dict:
    """The closing survey's answers: overall value, 0-10, and each starting-point topic."""
    answers = {"overall_value": str(value), "recommend": str(recommend)}
    answers.update({f"after-rate_{i}": str(rating) for i in range(topics)})
    return answers


def test_closing_early_ends_the_pair_and_the_partner_reflects_after(
    space_pair: Pair,
    mentee_client: Client,
    mentor_client: Client,
) -> None:
    response = mentee_client.post(
        reverse("pairs:close", args=[space_pair.pk]),
        {"text": "I learned a lot.", "continue_informally": "on", **survey(topics=1)},
    )
    assert response.status_code == 302
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.ENDED and space_pair.closed_at

    page = mentor_client.get(reverse("pairs:detail", args=[space_pair.pk])).content.decode()
    assert "Write your closing reflection" in page
    assert "I learned a lot." not in page  # each person's reflection is their own
    mentor_client.post(
        reverse("pairs:close", args=[space_pair.pk]),
        {"text": "So did I.", "continue_informally": "on", **survey(topics=4)},
    )
    assert Reflection.objects.filter(pair=space_pair).count() == 2
    page = mentor_client.get(reverse("pairs:detail", args=[space_pair.pk])).content.decode()
    assert "You both want to keep meeting informally" in page


def test_closing_at_the_program_end_completes_the_pair(space_pair: Pair) -> None:
    program = space_pair.program
    type(program).objects.filter(pk=program.pk).update(
        ends_on=timezone.localdate(),
        starts_on=timezone.localdate() - timedelta(days=90),
        matching_on=timezone.localdate() - timedelta(days=95),
        registration_closes_on=timezone.localdate() - timedelta(days=100),
        registration_opens_on=timezone.localdate() - timedelta(days=120),
    )
    space_pair.refresh_from_db()
    pair_close_with_reflection(
        pair=space_pair, actor=space_pair.mentor, text="Done", continue_informally=False
    )
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.COMPLETED


def test_one_reflection_each(space_pair: Pair) -> None:
    pair_close_with_reflection(
        pair=space_pair, actor=space_pair.mentor, text="A", continue_informally=False
    )
    with pytest.raises(ApplicationError):
        pair_close_with_reflection(
            pair=space_pair, actor=space_pair.mentor, text="B", continue_informally=True
        )


def test_the_manager_closes_without_a_reflection(
    space_pair: Pair,
    program_manager_client: Client,
) -> None:
    response = program_manager_client.post(
        reverse("pairs:manager_close", args=[space_pair.program_id, space_pair.pk]),
        {"reason": "Left the company"},
    )
    assert response.status_code == 302
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.ENDED
    assert not Reflection.objects.exists()


def test_the_day_of_the_closing_decides_ended_or_completed(space_pair: Pair) -> None:
    """`now` is when the closing happens (the demo writes last year's history with it)."""
    ends_on = space_pair.program.ends_on
    before_the_end = timezone.make_aware(datetime.combine(ends_on - timedelta(days=30), time(11)))
    pair_close_by_manager(pair=space_pair, actor=None, reason="Moved", now=before_the_end)
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.ENDED
    assert (space_pair.closed_at, space_pair.close_reason) == (before_the_end, "Moved")

    other = live_pair(program=space_pair.program)
    after_the_end = timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), time(10)))
    pair_close_with_reflection(
        pair=other, actor=other.mentee, text="Done", continue_informally=True, now=after_the_end
    )
    other.refresh_from_db()
    assert other.status == PairStatus.COMPLETED and other.closed_at == after_the_end
