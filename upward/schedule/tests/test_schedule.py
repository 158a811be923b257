"""The scheduler: each job enqueued when due, exactly once, whoever else is running."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session as LoginSession
from django.core.management import call_command
from django.utils import timezone

from upward.core.testing.races import run_together
from upward.feedback.models import CheckIn
from upward.people.models import StagedImport
from upward.schedule.jobs import JOBS, JOBS_BY_NAME
from upward.schedule.models import ScheduledJob
from upward.schedule.services import schedule_tick
from upward.schedule.timing import Cron

MONDAY_NOON = datetime(2026, 12, 7, 12, 0, 30, tzinfo=UTC)  # a Monday


def test_a_cron_expression_names_the_next_moment_strictly_after() -> None:
    at = MONDAY_NOON
    assert Cron("*/5 * * * *").next_after(at) == at.replace(minute=5, second=0)
    assert Cron("*/15 * * * *").next_after(at.replace(minute=44)) == at.replace(minute=45, second=0)
    assert Cron("0 * * * *").next_after(at) == at.replace(hour=13, minute=0, second=0)
    assert Cron("0 9 * * *").next_after(at) == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    assert Cron("30 2 * * mon").next_after(at) == datetime(2026, 12, 14, 2, 30, tzinfo=UTC)


def test_a_typo_in_a_schedule_fails_at_start_up_not_at_midnight() -> None:
    with pytest.raises(ValueError, match="Not a cron expression"):
        Cron("61 * * * *")


def test_job_names_are_unique() -> None:
    assert len(JOBS_BY_NAME) == len(JOBS)


@pytest.mark.django_db
def test_a_new_server_enqueues_everything_once_then_each_job_on_its_own_rhythm() -> None:
    assert schedule_tick(now=MONDAY_NOON) == [job.name for job in JOBS]
    assert schedule_tick(now=MONDAY_NOON) == []

    five_past = MONDAY_NOON.replace(minute=5)
    assert schedule_tick(now=five_past) == [
        "webhook-retries",
        "message-digests",
        "email-changes",
        "pair-answer-reminders",
    ]
    quarter_past = MONDAY_NOON.replace(minute=15)
    assert schedule_tick(now=quarter_past) == [
        "webhook-retries",
        "message-digests",
        "check-in-prompts",
        "email-changes",  # due at :10, while nobody ticked
        "stuck-match-runs",
        "session-reminders",  # due at :10, while nobody ticked
    ]
    next_night = datetime(2026, 12, 8, 1, 30, 5, tzinfo=UTC)
    assert "pair-health" in schedule_tick(now=next_night)
    assert "health-snapshot" not in schedule_tick(now=next_night + timedelta(days=1))


@pytest.mark.django_db
def test_a_scheduler_stopped_for_a_day_runs_each_missed_job_once() -> None:
    schedule_tick(now=MONDAY_NOON)

    later = schedule_tick(now=MONDAY_NOON + timedelta(days=1, minutes=1))

    assert sorted(later) == sorted(
        job.name for job in JOBS if job.name not in ("health-snapshot", "kpi-snapshot")
    )  # the weekly ones are not due until next Monday
    assert ScheduledJob.objects.get(name="message-digests").next_due_at == datetime(
        2026, 12, 8, 12, 5, tzinfo=UTC
    )


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_each_job_exactly_once() -> None:
    schedule_tick(now=MONDAY_NOON)
    hour_later = MONDAY_NOON + timedelta(hours=1)
    enqueued: dict[str, list[str]] = {}

    def scheduler(name: str):
        return lambda: enqueued.setdefault(name, schedule_tick(now=hour_later))

    outcomes = run_together({"a": scheduler("a"), "b": scheduler("b")})

    assert outcomes == {"a": "ok", "b": "ok"}
    both = enqueued["a"] + enqueued["b"]
    assert sorted(both) == sorted(set(both))
    assert "invitation-reminders" in both and "pair-answer-reminders" in both


@pytest.mark.django_db
def test_an_enqueued_job_does_its_work(pair) -> None:
    """A session that ended gets its check-ins from the scheduled prompt job."""
    from upward.pairs.tests.sessions_fixtures import book, in_days

    session = book(pair, in_days(1))
    schedule_tick(now=timezone.now())
    ended = session.starts_at + timedelta(minutes=session.minutes, hours=1)

    with time_machine.travel(ended, tick=False):
        assert "check-in-prompts" in schedule_tick()

    assert CheckIn.objects.filter(session=session).count() == 2


@pytest.mark.django_db
def test_housekeeping_deletes_forgotten_staged_imports_and_retention_expired_logins(
    admin_user,
) -> None:
    LoginSession.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    LoginSession.objects.create(
        session_key="live", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    StagedImport.objects.create(uploaded_by=admin_user, file_name="hr.csv", content=b"x")
    StagedImport.objects.update(created_at=timezone.now() - timedelta(days=2))

    JOBS_BY_NAME["housekeeping"].task.call()
    assert not StagedImport.objects.exists()
    JOBS_BY_NAME["retention"].task.call()
    assert list(LoginSession.objects.values_list("session_key", flat=True)) == ["live"]


@pytest.mark.django_db
def test_the_command_lists_the_jobs_and_runs_one_tick() -> None:
    listing = StringIO()
    call_command("run_scheduler", "--list", stdout=listing)
    assert "nudges" in listing.getvalue() and "at the first tick" in listing.getvalue()

    once = StringIO()
    call_command("run_scheduler", "--once", stdout=once)
    assert once.getvalue().count("enqueued") == len(JOBS)

    listing = StringIO()
    call_command("run_scheduler", "--list", stdout=listing)
    assert "last never" not in listing.getvalue()
