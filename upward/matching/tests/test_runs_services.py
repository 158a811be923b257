"""Match runs, the problem builder and manual adjustments, as a manager meets them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.matching.models import ConstraintKind, MatchRun, PairConstraint, RunStatus
from upward.matching.services import adjust
from upward.matching.services.match_settings import match_settings_update, validate_weights
from upward.matching.services.problem import NOT_READY, build_problem
from upward.matching.services.runs import (
    match_run_execute,
    match_run_start,
    match_runs_fail_stuck,
    settings_snapshot,
)
from upward.matching.tests.runs_fixtures import bulk_program, register, skill
from upward.pairs.models import Pair, PairStatus
from upward.people.tests.factories import DepartmentFactory, PersonFactory
from upward.programs.models import Program, ProgramStatus, RegistrationSkill
from upward.programs.registration_choices import hourly_slots
from upward.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(matching_program: Program) -> dict[str, Any]:
    """Two mentors and two mentees; Vera manages Ravi (same reporting line)."""
    tiktok, sql = skill("tiktok"), skill("sql", family="data")
    vera = PersonFactory(name="Vera VP", level=7, department=DepartmentFactory(name="Sales"))
    ravi = PersonFactory(name="Ravi Rookie", level=2, manager=vera)
    dana = PersonFactory(name="Dana Director", level=6)
    alex = PersonFactory(name="Alex Analyst", level=1)
    regs = {
        "vera": register(matching_program, vera, "mentee"),
        "dana": register(matching_program, dana, "mentee"),
        "ravi": register(matching_program, ravi, "mentor"),
        "alex": register(matching_program, alex, "mentor"),
    }
    RegistrationSkill.objects.create(registration=regs["ravi"], skill=tiktok)
    RegistrationSkill.objects.create(registration=regs["alex"], skill=sql)
    RegistrationSkill.objects.create(registration=regs["vera"], skill=tiktok)
    RegistrationSkill.objects.create(registration=regs["dana"], skill=sql)
    return regs


def pairs_of(run: Any) -> set[tuple[int, int]]:
    return set(run.proposals.values_list("mentor_id", "mentee_id"))


def test_problem_maps_registrations_with_reporting_lines(matching_program, cohort):
    built = build_problem(matching_program, snapshot=settings_snapshot(matching_program))
    mentors = {m["id"]: m for m in built.data["mentors"]}
    mentees = {m["id"]: m for m in built.data["mentees"]}
    ravi, vera = cohort["ravi"], cohort["vera"]
    assert set(mentors) == {str(ravi.pk), str(cohort["alex"].pk)}
    assert mentors[str(ravi.pk)]["skills"] == ["social-media/TikTok"]
    assert mentors[str(ravi.pk)]["level"] == 2
    # Ravi's manager chain names Vera's registration id, the id the engine compares.
    assert mentors[str(ravi.pk)]["manager_chain"] == [str(vera.pk)]
    assert mentees[str(vera.pk)]["name"] == "Vera VP"


def test_problem_builder_costs_a_fixed_number_of_queries(matching_program, cohort):
    snapshot = settings_snapshot(matching_program)
    with CaptureQueriesContext(connection) as small:
        build_problem(matching_program, snapshot=snapshot)
    bulk_program(matching_program, 60, 60)
    with CaptureQueriesContext(connection) as large:
        built = build_problem(matching_program, snapshot=snapshot)
    assert len(built.data["mentors"]) == 62
    assert len(large) == len(small) <= 4


def test_mentors_who_have_not_read_the_guide_are_left_out_with_the_reason(matching_program, cohort):
    cohort["alex"].guide_read_at = None
    cohort["alex"].save()
    run = match_run_start(actor=None, program=matching_program)
    entry = run.unmatched.get(registration=cohort["alex"])
    assert entry.reason == NOT_READY


def test_preview_never_pairs_across_a_reporting_line_and_explains_the_unmatched(
    program_manager, matching_program, cohort
):
    run = match_run_start(actor=program_manager, program=matching_program)
    assert run.status == RunStatus.DONE
    assert (cohort["ravi"].pk, cohort["vera"].pk) not in pairs_of(run)
    assert run.summary["pairs"] == 2
    assert run.summary["mean_score"] is not None
    assert sum(run.summary["histogram"]) == 2
    # Dana goes to Ravi, Vera to Alex: every proposal has reasons and contributions.
    for p in run.proposals.all():
        assert p.reasons and set(p.contributions) >= {"skills", "availability"}


def test_unmatched_people_get_the_binding_rule(matching_program, cohort):
    match_settings_update(
        actor=None,
        program=matching_program,
        weights={"skills": 3},
        rules={"min_level_gap": 6},
        objective="optimal",
        difference_attributes=[],
    )
    run = match_run_start(actor=None, program=matching_program)
    reasons = dict(run.unmatched.values_list("registration_id", "reason"))
    assert "6 levels below" in reasons[cohort["dana"].pk]


def test_weights_and_rules_are_validated_in_plain_words(matching_program):
    with pytest.raises(ApplicationError, match="At least one weight"):
        validate_weights({"skills": 0})
    with pytest.raises(ApplicationError, match="Skills must be between"):
        validate_weights({"skills": -1})
    with pytest.raises(ApplicationError, match="level gap"):
        match_settings_update(
            actor=None,
            program=matching_program,
            weights={"skills": 1},
            rules={"min_level_gap": "two"},
            objective="optimal",
            difference_attributes=[],
        )


def test_people_with_a_live_pair_elsewhere_are_never_proposed_together(
    program_manager, matching_program, cohort
):
    traditional = ProgramFactory(status=ProgramStatus.RUNNING)
    # In the traditional program the roles are the other way round.
    old_mentor = register(traditional, cohort["vera"].person, "mentor")
    old_mentee = register(traditional, cohort["alex"].person, "mentee")
    Pair.objects.create(
        program=traditional,
        mentor=old_mentor,
        mentee=old_mentee,
        status=PairStatus.LIVE,
        mentor_answer="yes",
        mentee_answer="yes",
    )
    run = match_run_start(actor=program_manager, program=matching_program)
    assert (cohort["alex"].pk, cohort["vera"].pk) not in pairs_of(run)


def test_pins_forbids_and_overrides_survive_a_rerun(program_manager, matching_program, cohort):
    first = match_run_start(actor=program_manager, program=matching_program)
    ravi, vera, dana = (cohort[k] for k in ("ravi", "vera", "dana"))
    dana_pair = first.proposals.get(mentee=dana)
    assert dana_pair.mentor_id == ravi.pk
    adjust.proposal_forbid(actor=program_manager, run=first, proposal_id=dana_pair.pk)
    # Ravi reports to Vera: assigning them breaks a hard rule and needs a reason.
    with pytest.raises(ApplicationError, match="same reporting line"):
        adjust.proposal_assign(
            actor=program_manager, run=first, mentor_id=ravi.pk, mentee_id=vera.pk
        )
    adjust.proposal_assign(
        actor=program_manager,
        run=first,
        mentor_id=ravi.pk,
        mentee_id=vera.pk,
        override_reason="Different business units since the reorganisation",
    )
    entry = AuditEntry.objects.get(action="proposal.assigned")
    assert entry.data["override_reason"].startswith("Different business")
    assert "same reporting line" in entry.data["rule_violations"][0]

    second = match_run_start(actor=program_manager, program=matching_program)
    assert second.status == RunStatus.DONE, second.error
    kept = second.proposals.get(mentee=vera)
    assert kept.mentor_id == ravi.pk and kept.override_reason
    assert (dana_pair.mentor_id, dana.pk) not in pairs_of(second)
    assert PairConstraint.objects.filter(kind=ConstraintKind.FORBID).count() == 1


def test_swap_keeps_every_mentors_load_and_checks_the_rules(
    program_manager, matching_program, cohort
):
    extra_mentor = register(matching_program, PersonFactory(name="Kim", level=1), "mentor")
    extra_mentee = register(matching_program, PersonFactory(name="Lee", level=8), "mentee")
    run = match_run_start(actor=program_manager, program=matching_program)
    a, b = list(run.proposals.exclude(mentee=cohort["vera"]).order_by("id"))[:2]
    before = sorted(run.proposals.values_list("mentor_id", flat=True))
    adjust.proposal_swap(actor=program_manager, run=run, first_id=a.pk, second_id=b.pk)
    assert sorted(run.proposals.values_list("mentor_id", flat=True)) == before
    a.refresh_from_db()
    assert a.mentor_id == b.mentor_id or a.origin == "manual"
    assert extra_mentor.pk and extra_mentee.pk


@override_settings(UPWARD_MATCHING_INLINE_LIMIT=3)
def test_large_runs_go_to_the_background_worker(
    program_manager, matching_program, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = match_run_start(actor=program_manager, program=matching_program)
        assert run.status == RunStatus.QUEUED  # nothing ran inside the request
    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.settings_snapshot["mode"] == "background"
    # The test task backend runs the task at once, on commit.
    assert run.status == RunStatus.DONE and run.progress == 100


def test_a_synchronous_run_of_2000_participants_completes(program_manager, matching_program):
    bulk_program(matching_program, 700, 1300)
    run = match_run_start(actor=program_manager, program=matching_program)
    assert run.settings_snapshot["mode"] == "inline"
    assert run.status == RunStatus.DONE
    assert run.summary["pairs"] == 1300


def test_london_and_new_york_blocks_overlap_by_their_shared_hour():
    """The form's two-hour blocks reach the engine as hours, so a five-hour gap still meets."""
    from upward.matching.engine import solve

    def person(pid: str, level: int, zone: str, block: str) -> dict[str, Any]:
        return {"id": pid, "level": level, "timezone": zone, "availability": hourly_slots([block])}

    result = solve(
        {
            "mentors": [person("maya", 1, "Europe/London", "tue-15")],
            "mentees": [person("richard", 6, "America/New_York", "tue-09")],
            "weights": {"availability": 1},
            "rules": {"require_common_language": False},
        }
    ).to_dict()
    assert result["pairs"][0]["contributions"]["availability"] > 0


def test_an_unexpected_failure_ends_the_run_as_failed_with_the_reason(
    program_manager, matching_program, cohort, django_capture_on_commit_callbacks, settings
):
    settings.UPWARD_MATCHING_INLINE_LIMIT = 0  # the worker path
    with django_capture_on_commit_callbacks(execute=False):
        run = match_run_start(actor=program_manager, program=matching_program)
    # A snapshot this code never writes: reading the pins fails with a plain ValueError.
    MatchRun.objects.filter(pk=run.pk).update(
        settings_snapshot={**run.settings_snapshot, "pins": [{"mentor": "x", "mentee": "y"}]}
    )

    finished = match_run_execute(run_id=run.pk)

    assert finished.status == RunStatus.FAILED
    assert "Something unexpected stopped this run (ValueError)" in finished.error
    assert finished.finished_at is not None and not finished.proposals.exists()


def test_the_sweep_ends_runs_stuck_past_the_timeout_and_leaves_fresh_ones(
    program_manager, matching_program, settings
):
    settings.UPWARD_MATCH_RUN_TIMEOUT_MINUTES = 30
    started = timezone.now()
    stuck_running = MatchRun.objects.create(program=matching_program, status=RunStatus.RUNNING)
    stuck_queued = MatchRun.objects.create(program=matching_program, status=RunStatus.QUEUED)
    fresh = MatchRun.objects.create(program=matching_program, status=RunStatus.RUNNING)
    MatchRun.objects.filter(pk__in=[stuck_running.pk, stuck_queued.pk]).update(
        updated_at=started - timedelta(minutes=31)
    )

    with time_machine.travel(started, tick=False):
        ended = match_runs_fail_stuck()

    assert ended == 2
    stuck_running.refresh_from_db()
    stuck_queued.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck_running.status == stuck_queued.status == RunStatus.FAILED
    assert "stopped without finishing" in stuck_running.error
    assert "Check that a task worker is running" in stuck_queued.error
    assert fresh.status == RunStatus.RUNNING


def test_a_failed_runs_page_stops_polling_and_says_why(program_manager_client, matching_program):
    run = MatchRun.objects.create(
        program=matching_program, status=RunStatus.FAILED, error="No worker started this run"
    )

    page = program_manager_client.get(
        reverse("matching:run_detail", args=[matching_program.pk, run.pk])
    ).content.decode()

    assert "No worker started this run" in page
    assert "every 1s" not in page
