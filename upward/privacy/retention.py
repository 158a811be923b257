"""The retention schedule: how long each kind of data is kept, and the daily sweep.

Each data class names what it covers, from when its time counts, how long it is
kept (days, from an environment variable) and what the sweep does when that
time is up. The administrator's page, the dry-run command, the product's
privacy page and docs/privacy.md all read this one list, so what people are
told is what the code does.

Numbers that feed reports stay: a check-in loses its comment, not its ratings;
a closed program's KPIs are read from the final snapshot taken before anything
is deleted (upward.reports.kpis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session as LoginSession
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from upward.core.append_only import allow_audit_rewrite
from upward.core.audit import audit_log
from upward.core.models import AuditEntry


@dataclass(frozen=True)
class DataClass:
    key: str
    label: str
    setting: str  # UPWARD_RETENTION_<KEY>_DAYS
    default_days: int
    counted_from: str  # "after the pair closes"
    what_goes: str  # what the sweep does, in a sentence
    due: Callable[[datetime], QuerySet[Any]]  # rows due at the cutoff
    act: str = "delete"  # or the name of a field to blank

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))

    @property
    def kept_for(self) -> str:
        days = self.days
        if days == 0:
            return "until it expires or is revoked"
        if days % 365 == 0:
            years = days // 365
            return f"{years} year{'s' if years > 1 else ''} {self.counted_from}"
        if days % 30 == 0 or days in (183, 91):
            months = round(days / 30.4)
            return f"{months} month{'s' if months > 1 else ''} {self.counted_from}"
        return f"{days} day{'s' if days > 1 else ''} {self.counted_from}"


def _notes(cutoff: datetime) -> QuerySet[Any]:
    from upward.pairs.models import SessionNote

    return SessionNote.objects.filter(session__pair__closed_at__lt=cutoff)


def _messages(cutoff: datetime) -> QuerySet[Any]:
    from upward.pairs.models import Message

    return Message.objects.filter(pair__closed_at__lt=cutoff)


def _check_in_comments(cutoff: datetime) -> QuerySet[Any]:
    from upward.feedback.models import CheckIn

    return CheckIn.objects.filter(answered_at__lt=cutoff).exclude(comment="")


def _concerns(cutoff: datetime) -> QuerySet[Any]:
    from upward.feedback.models import Concern, ConcernStatus

    return Concern.objects.filter(
        status__in=[ConcernStatus.RESOLVED, ConcernStatus.WITHDRAWN], closed_at__lt=cutoff
    )


def _self_identification(cutoff: datetime) -> QuerySet[Any]:
    from upward.programs.models import ProgramStatus, SelfIdentification

    return SelfIdentification.objects.filter(
        registration__program__status=ProgramStatus.CLOSED,
        registration__program__ends_on__lt=cutoff.date(),
    )


def _invitations(cutoff: datetime) -> QuerySet[Any]:
    from upward.programs.models import Invitation, InvitationStatus

    return Invitation.objects.filter(created_at__lt=cutoff).exclude(
        status=InvitationStatus.REGISTERED
    )


def _audit(cutoff: datetime) -> QuerySet[Any]:
    return AuditEntry.objects.filter(created_at__lt=cutoff)


def _sign_ins(cutoff: datetime) -> QuerySet[Any]:
    from upward.accounts.models import SignIn

    return SignIn.objects.filter(at__lt=cutoff)


def _task_results(cutoff: datetime) -> QuerySet[Any]:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(finished_at__lt=cutoff)


def _exports(cutoff: datetime) -> QuerySet[Any]:
    from upward.privacy.models import DataExport

    return DataExport.objects.filter(created_at__lt=cutoff)


def _sessions(cutoff: datetime) -> QuerySet[Any]:
    return LoginSession.objects.filter(expire_date__lt=cutoff)


def _tokens(cutoff: datetime) -> QuerySet[Any]:
    from upward.api.models import ApiToken

    return ApiToken.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))


def _calendar_feeds(cutoff: datetime) -> QuerySet[Any]:
    from upward.pairs.models import CalendarFeed

    return CalendarFeed.objects.filter(revoked_at__lt=cutoff)


def _email_changes(cutoff: datetime) -> QuerySet[Any]:
    from upward.accounts.models import EmailChange

    return EmailChange.objects.filter(Q(applied_at__lt=cutoff) | Q(cancelled_at__lt=cutoff))


DATA_CLASSES: tuple[DataClass, ...] = (
    DataClass(
        "private_notes",
        "Session notes (private and shared)",
        "UPWARD_RETENTION_NOTES_DAYS",
        183,
        "after the pair closes",
        "deleted",
        _notes,
    ),
    DataClass(
        "messages",
        "Messages between partners",
        "UPWARD_RETENTION_MESSAGES_DAYS",
        183,
        "after the pair closes",
        "deleted",
        _messages,
    ),
    DataClass(
        "check_in_comments",
        "Check-in comments",
        "UPWARD_RETENTION_CHECK_IN_COMMENTS_DAYS",
        365,
        "after the check-in is answered",
        "the comment is deleted; the answers (took place, usefulness, fit) stay for reports",
        _check_in_comments,
        act="comment",
    ),
    DataClass(
        "concerns",
        "Concerns and their messages",
        "UPWARD_RETENTION_CONCERNS_DAYS",
        730,
        "after the concern is resolved or withdrawn",
        "deleted",
        _concerns,
    ),
    DataClass(
        "self_identification",
        "Self-identification",
        "UPWARD_RETENTION_SELF_IDENTIFICATION_DAYS",
        365,
        "after the program ends",
        "deleted (the program's final KPIs are kept)",
        _self_identification,
    ),
    DataClass(
        "invitations",
        "Invitations not taken up",
        "UPWARD_RETENTION_INVITATIONS_DAYS",
        183,
        "after they were sent",
        "deleted",
        _invitations,
    ),
    DataClass(
        "audit_log",
        "Audit log entries",
        "UPWARD_RETENTION_AUDIT_DAYS",
        730,
        "after they were written",
        "deleted",
        _audit,
    ),
    DataClass(
        "sign_ins",
        "Sign-in history (time and address)",
        "UPWARD_RETENTION_SIGN_INS_DAYS",
        730,
        "after the sign-in",
        "deleted",
        _sign_ins,
    ),
    DataClass(
        "task_results",
        "Background task results",
        "UPWARD_RETENTION_TASK_RESULTS_DAYS",
        30,
        "after the task finished",
        "deleted",
        _task_results,
    ),
    DataClass(
        "exports",
        "Personal data exports (ZIP files)",
        "UPWARD_RETENTION_EXPORTS_DAYS",
        7,
        "after they were made",
        "deleted",
        _exports,
    ),
    DataClass(
        "sessions",
        "Sign-in sessions",
        "UPWARD_RETENTION_SESSIONS_DAYS",
        0,
        "",
        "deleted",
        _sessions,
    ),
    DataClass(
        "tokens",
        "API tokens",
        "UPWARD_RETENTION_TOKENS_DAYS",
        0,
        "",
        "deleted",
        _tokens,
    ),
    DataClass(
        "calendar_feeds",
        "Calendar feed links",
        "UPWARD_RETENTION_CALENDAR_FEEDS_DAYS",
        0,
        "",
        "deleted",
        _calendar_feeds,
    ),
    DataClass(
        "email_changes",
        "Sign-in email changes",
        "UPWARD_RETENTION_EMAIL_CHANGES_DAYS",
        0,
        "",
        "deleted",
        _email_changes,
    ),
)

DATA_CLASSES_BY_KEY = {data_class.key: data_class for data_class in DATA_CLASSES}


def cutoff_of(data_class: DataClass, now: datetime) -> datetime:
    return now - timedelta(days=data_class.days)


def retention_preview(*, now: datetime | None = None) -> dict[str, int]:
    """How many rows of each class the next run would delete (or blank)."""
    now = now or timezone.now()
    return {dc.key: dc.due(cutoff_of(dc, now)).count() for dc in DATA_CLASSES}


def retention_run(*, now: datetime | None = None) -> Any:
    """Delete what is due, class by class, each in its own transaction; audit the run."""
    from upward.privacy.models import RetentionRun
    from upward.reports.services import kpi_snapshots_week

    now = now or timezone.now()
    # A closed program's final KPIs are taken before any row they rest on goes.
    kpi_snapshots_week(now=now)
    deleted: dict[str, int] = {}
    for data_class in DATA_CLASSES:
        with transaction.atomic():
            deleted[data_class.key] = _sweep(data_class, cutoff_of(data_class, now))
    with transaction.atomic():
        run = RetentionRun.objects.create(started_at=now, deleted=deleted)
        audit_log(
            actor=None,
            action="retention.ran",
            summary=f"Retention sweep: {sum(deleted.values())} rows deleted or blanked",
            data=deleted,
        )
    return run


def _sweep(data_class: DataClass, cutoff: datetime) -> int:
    due = data_class.due(cutoff)
    if data_class.act != "delete":
        return due.update(**{data_class.act: ""})
    # Deleting through the ORM counts cascades too; report the class's own rows.
    pks = list(due.values_list("pk", flat=True))
    if not pks:
        return 0
    with allow_audit_rewrite():
        due.model._default_manager.filter(pk__in=pks).delete()
    return len(pks)
