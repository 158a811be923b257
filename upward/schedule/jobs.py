"""Every periodic job of Upward, in one list: what runs, and when (UTC).

The scheduler only enqueues: the work itself runs on a task worker, where each
sweep claims its rows atomically, so a job enqueued twice does nothing twice.
Times are spread so two heavy jobs never start in the same minute.

Why not django-crontask: it needs Django 6 and Python 3.12, and without Redis it
has no lock, so two schedulers would both enqueue. Here the schedule is cron
expressions (croniter) and each occurrence is claimed in the database we
already have (upward.schedule.services).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from upward.accounts import tasks as accounts
from upward.api import tasks as api
from upward.feedback import tasks as feedback
from upward.matching import tasks as matching
from upward.pairs import tasks as pairs
from upward.privacy import tasks as privacy
from upward.programs import tasks as programs
from upward.reports import tasks as reports
from upward.schedule import tasks as housekeeping
from upward.schedule.timing import Cron


@dataclass(frozen=True)
class Job:
    name: str
    task: Any  # a django_tasks Task without arguments
    when: Cron  # in UTC
    what: str  # one line for the operator (run_scheduler --list, docs/production.md)


JOBS: tuple[Job, ...] = (
    Job(
        "webhook-retries",
        api.deliver_due_webhooks,
        Cron("* * * * *"),
        "webhook deliveries due for another attempt",
    ),
    Job(
        "message-digests",
        pairs.send_message_digests,
        Cron("*/5 * * * *"),
        "emails about new messages",
    ),
    Job(
        "check-in-prompts",
        feedback.prompt_check_ins,
        Cron("*/15 * * * *"),
        "check-ins after sessions end",
    ),
    Job(
        "email-changes",
        accounts.apply_email_changes,
        Cron("*/5 * * * *"),
        "login-email changes confirmed and past their hold",
    ),
    Job(
        "stuck-match-runs",
        matching.fail_stuck_match_runs,
        Cron("*/15 * * * *"),
        "ends match runs stuck",
    ),
    Job(
        "invitation-reminders",
        programs.send_invitation_reminders,
        Cron("0 * * * *"),
        "reminders to invitees who have not answered",
    ),
    Job(
        "pair-answer-reminders",
        pairs.send_pair_answer_reminders,
        Cron("5 * * * *"),
        "reminders to answer a proposed pairing; managers told after the deadline",
    ),
    Job(
        "session-reminders",
        pairs.send_session_reminders,
        Cron("10 * * * *"),
        "a reminder before each booked session",
    ),
    Job(
        "concern-escalation",
        feedback.escalate_concerns,
        Cron("20 * * * *"),
        "concerns unacknowledged for 3 working days go to the administrators",
    ),
    Job(
        "pair-health",
        feedback.recompute_health,
        Cron("30 1 * * *"),
        "every live pair's health, for what time alone changes",
    ),
    Job(
        "health-snapshot",
        feedback.snapshot_health,
        Cron("30 2 * * mon"),
        "this week's health of each pair, for the trend charts",
    ),
    Job(
        "kpi-snapshot",
        reports.snapshot_kpis,
        Cron("30 3 * * mon"),
        "each program's KPIs this week, for the trends; a closed program's final figures",
    ),
    Job(
        "nudges",
        feedback.send_nudges,
        Cron("0 9 * * *"),
        "reminders to drifting pairs; managers told a week later",
    ),
    Job(
        "webhook-watch",
        api.announce_watched_events,
        Cron("25,55 * * * *"),
        "check_in.overdue and pair.at_risk webhook events, once each",
    ),
    Job(
        "api-housekeeping",
        api.api_housekeeping,
        Cron("15 3 * * *"),
        "forgets Idempotency-Key replies after a day, finished webhook deliveries after 30 days",
    ),
    Job(
        "housekeeping",
        housekeeping.housekeeping,
        Cron("0 3 * * *"),
        "deletes HR files staged for an import and never confirmed",
    ),
    Job(
        "retention",
        privacy.retention_sweep,
        Cron("45 3 * * *"),
        "deletes personal data past its keeping time (the retention schedule)",
    ),
)

JOBS_BY_NAME = {job.name: job for job in JOBS}
