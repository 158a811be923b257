"""Publishing a run: proposals become pairs awaiting answers; everyone is emailed once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from upward.accounts.models import User
from upward.core.errors import ApplicationError
from upward.matching.models import MatchRun, MatchSettings, Proposal, RunStatus
from upward.matching.services.publish import match_run_publish
from upward.pairs.models import Pair, PairStatus
from upward.pairs.tests.optin_fixtures import REASON, propose, register
from upward.programs.models import ParticipantRole, Program, ProgramStatus, Registration

pytestmark = pytest.mark.django_db


def _run(program: Program, *pairs: tuple[Registration, Registration]) -> MatchRun:
    run = MatchRun.objects.create(program=program, status=RunStatus.DONE, label="Run 1")
    for mentor, mentee in pairs:
        Proposal.objects.create(run=run, mentor=mentor, mentee=mentee, score=70.0, reasons=[REASON])
    return run


def test_publishing_proposes_each_pair_and_emails_both_people_with_the_reasons(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    MatchSettings.objects.create(program=matching_program, response_days=5)
    run = _run(matching_program, (mentor_registration, mentee_registration))

    with django_capture_on_commit_callbacks(execute=True):
        result = match_run_publish(run_id=run.pk, actor=program_manager)

    assert result.published == 1 and result.skipped == []
    pair = Pair.objects.get()
    assert pair.status == PairStatus.PROPOSED and pair.source_run == run
    assert pair.published_at is not None and pair.respond_by is not None
    assert (pair.respond_by - pair.published_at).days == 5
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {
        mentor_registration.person.email,
        mentee_registration.person.email,
    }
    to_mentor = by_recipient[mentor_registration.person.email]
    assert mentee_registration.person.name in to_mentor.body
    assert REASON in to_mentor.body
    assert reverse("pairs:proposal", args=[pair.pk]) in to_mentor.body


def test_publishing_skips_people_paired_meanwhile_and_refuses_a_second_publish(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager: User,
) -> None:
    other_mentor = register(matching_program, ParticipantRole.MENTOR)
    other_mentee = register(matching_program, ParticipantRole.MENTEE)
    propose(
        other_mentor,
        mentee_registration,
        status=PairStatus.LIVE,
        mentor_answer="yes",
        mentee_answer="yes",
    )
    run = _run(
        matching_program,
        (mentor_registration, mentee_registration),
        (mentor_registration, other_mentee),
    )

    result = match_run_publish(run_id=run.pk, actor=program_manager)

    assert result.published == 1
    assert [why for _, _, why in result.skipped] == [
        f"{mentee_registration.person} already has a proposed or live pair."
    ]
    with pytest.raises(ApplicationError, match="already published"):
        match_run_publish(run_id=run.pk, actor=program_manager)


def test_runs_are_published_only_in_the_matching_phase(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager: User,
) -> None:
    run = _run(matching_program, (mentor_registration, mentee_registration))
    Program.objects.filter(pk=matching_program.pk).update(status=ProgramStatus.RECRUITING)
    with pytest.raises(ApplicationError, match="matching phase"):
        match_run_publish(run_id=run.pk, actor=program_manager)
    assert not Pair.objects.exists()


def test_publish_page_asks_for_confirmation_then_publishes(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager_client: Client,
    outsider_client: Client,
) -> None:
    run = _run(matching_program, (mentor_registration, mentee_registration))
    url = reverse("matching:run_publish", args=[run.program_id, run.pk])

    assert outsider_client.post(url).status_code in (403, 404)
    page = program_manager_client.get(url)
    assert page.status_code == 200 and b"Publish and ask everyone" in page.content
    assert not Pair.objects.exists()

    response = program_manager_client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("pairs:program_pairs", args=[matching_program.pk])
    assert Pair.objects.filter(status=PairStatus.PROPOSED).count() == 1


def test_manager_can_withdraw_a_proposal_from_the_pairs_page(
    matching_program: Program,
    mentor_registration: Registration,
    mentee_registration: Registration,
    program_manager_client: Client,
    outsider_client: Client,
) -> None:
    pair = propose(mentor_registration, mentee_registration)
    url = reverse("pairs:pair_withdraw", args=[pair.program_id, pair.pk])

    assert outsider_client.post(url).status_code in (403, 404)
    assert program_manager_client.post(url, {"reason": "No answer"}).status_code == 302

    pair.refresh_from_db()
    assert pair.status == PairStatus.DECLINED and pair.close_reason == "No answer"
