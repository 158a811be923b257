"""The retention schedule: for every data class, kept the day before, gone the day after."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session as LoginSession
from django.core.management import call_command
from django.db import connection
from django.test import Client

from upward.accounts.models import EmailChange, SignIn, User
from upward.api.models import ApiToken
from upward.core.audit import audit_log
from upward.core.models import AuditEntry
from upward.feedback.models import CheckIn, Concern, ConcernCategory, ConcernStatus
from upward.pairs.models import CalendarFeed, Message, NoteVisibility, Pair, SessionNote
from upward.pairs.tests.sessions_fixtures import book
from upward.pairs.tests.space_fixtures import live_pair
from upward.people.models import Person
from upward.privacy.models import DataExport
from upward.privacy.retention import DATA_CLASSES, DATA_CLASSES_BY_KEY, retention_preview
from upward.privacy.retention import retention_run as run
from upward.programs.models import (
    Invitation,
    ProgramStatus,
    SelfIdentification,
)

pytestmark = pytest.mark.django_db

T = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def _pair(mentor: User, mentee: User) -> Pair:
    pair = live_pair(mentor_user=mentor, mentee_user=mentee)
    return pair


def _closed(pair: Pair) -> None:
    Pair.objects.filter(pk=pair.pk).update(status="completed", closed_at=T)


def note(mentor: User, mentee: User) -> Callable[[], bool]:
    pair = _pair(mentor, mentee)
    made = SessionNote.objects.create(
        session=book(pair), author=pair.mentor, visibility=NoteVisibility.PRIVATE, text="n"
    )
    _closed(pair)
    return SessionNote.objects.filter(pk=made.pk).exists


def message(mentor: User, mentee: User) -> Callable[[], bool]:
    pair = _pair(mentor, mentee)
    made = Message.objects.create(pair=pair, author=pair.mentor, text="m")
    _closed(pair)
    return Message.objects.filter(pk=made.pk).exists


def check_in_comment(mentor: User, mentee: User) -> Callable[[], bool]:
    pair = _pair(mentor, mentee)
    made = CheckIn.objects.create(
        session=book(pair),
        pair=pair,
        author=pair.mentor,
        usefulness=3,
        comment="c",
        due_at=T,
        expires_at=T,
        answered_at=T,
    )
    # The comment goes; the answer stays for the reports.
    return lambda: CheckIn.objects.get(pk=made.pk).comment == "c"


def concern(mentor: User, mentee: User) -> Callable[[], bool]:
    pair = _pair(mentor, mentee)
    made = Concern.objects.create(
        program=pair.program,
        pair=pair,
        raised_by=pair.mentor,
        about=pair.mentee,
        category=ConcernCategory.OTHER,
        text="t",
        status=ConcernStatus.RESOLVED,
        closed_at=T,
    )
    return Concern.objects.filter(pk=made.pk).exists


def self_identification(mentor: User, mentee: User) -> Callable[[], bool]:
    pair = _pair(mentor, mentee)
    program = pair.program
    day = (T - timedelta(days=1)).date()
    type(program).objects.filter(pk=program.pk).update(
        status=ProgramStatus.CLOSED,
        registration_opens_on=day - timedelta(days=120),
        registration_closes_on=day - timedelta(days=100),
        matching_on=day - timedelta(days=90),
        starts_on=day - timedelta(days=80),
        ends_on=day,
    )
    made = SelfIdentification.objects.create(
        registration=pair.mentor, consent_given_at=T, purpose_version="1", answers={"a": "b"}
    )
    return SelfIdentification.objects.filter(pk=made.pk).exists


def invitation(mentor: User, mentee: User) -> Callable[[], bool]:
    pair = _pair(mentor, mentee)
    with time_machine.travel(T, tick=False):
        made = Invitation.objects.create(
            program=pair.program,
            person=Person.objects.create(
                employee_id="X1", name="Ivy Invited", email="ivy@example.com", level=1
            ),
            nonce="n",
        )
    return Invitation.objects.filter(pk=made.pk).exists


def audit_entry(mentor: User, mentee: User) -> Callable[[], bool]:
    with time_machine.travel(T, tick=False):
        made = audit_log(actor=mentor, action="test.done", summary="s")
    return AuditEntry.objects.filter(pk=made.pk).exists


def sign_in(mentor: User, mentee: User) -> Callable[[], bool]:
    made = SignIn.objects.create(user=mentor, at=T, ip="127.0.0.1")
    return SignIn.objects.filter(pk=made.pk).exists


def task_result(mentor: User, mentee: User) -> Callable[[], bool]:
    from django_tasks_db.models import DBTaskResult

    made = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="upward.schedule.tasks.housekeeping",
        backend_name="default",
        run_after=T,
        finished_at=T,
    )
    return DBTaskResult.objects.filter(pk=made.pk).exists


def export(mentor: User, mentee: User) -> Callable[[], bool]:
    made = DataExport.objects.create(
        subject=Person.objects.get(user=mentor), requested_by=mentor, created_at=T
    )
    return DataExport.objects.filter(pk=made.pk).exists


def login_session(mentor: User, mentee: User) -> Callable[[], bool]:
    LoginSession.objects.create(session_key="k" * 32, session_data="", expire_date=T)
    return LoginSession.objects.filter(session_key="k" * 32).exists


def token(mentor: User, mentee: User) -> Callable[[], bool]:
    made = ApiToken.objects.create(
        user=mentor, name="t", prefix="abcdefgh", token_hash="h" * 64, expires_at=T
    )
    return ApiToken.objects.filter(pk=made.pk).exists


def calendar_feed(mentor: User, mentee: User) -> Callable[[], bool]:
    made = CalendarFeed.objects.create(user=mentor, token="f" * 40, revoked_at=T)
    return CalendarFeed.objects.filter(pk=made.pk).exists


def email_change(mentor: User, mentee: User) -> Callable[[], bool]:
    made = EmailChange.objects.create(
        user=mentor,
        old_email="a@example.com",
        new_email="b@example.com",
        confirm_hash="c" * 64,
        cancel_hash="d" * 64,
        requested_at=T,
        takes_effect_at=T,
        cancelled_at=T,
    )
    return EmailChange.objects.filter(pk=made.pk).exists


BUILDERS: dict[str, Callable[[User, User], Callable[[], bool]]] = {
    "private_notes": note,
    "messages": message,
    "check_in_comments": check_in_comment,
    "concerns": concern,
    "self_identification": self_identification,
    "invitations": invitation,
    "audit_log": audit_entry,
    "sign_ins": sign_in,
    "task_results": task_result,
    "exports": export,
    "sessions": login_session,
    "tokens": token,
    "calendar_feeds": calendar_feed,
    "email_changes": email_change,
}


def test_every_data_class_has_a_test():
    assert set(BUILDERS) == {data_class.key for data_class in DATA_CLASSES}


@pytest.mark.parametrize("key", list(BUILDERS))
def test_kept_the_day_before_and_gone_the_day_after(key, mentor, mentee):
    data_class = DATA_CLASSES_BY_KEY[key]
    still_there = BUILDERS[key](mentor, mentee)
    due_at = T + timedelta(days=data_class.days)
    with time_machine.travel(due_at - timedelta(days=1), tick=False):
        assert retention_preview()[key] == 0
        run()
    assert still_there()
    with time_machine.travel(due_at + timedelta(days=1), tick=False):
        assert retention_preview()[key] == 1
        done = run()
    assert done.deleted[key] == 1
    assert not still_there()


def test_a_run_is_audited_and_the_dry_run_command_deletes_nothing(mentor, mentee, capsys):
    still_there = note(mentor, mentee)
    with time_machine.travel(T + timedelta(days=400), tick=False):
        call_command("retention", "--dry-run")
        printed = capsys.readouterr().out
        assert "Session notes (private and shared)" in printed
        assert "rows would go" in printed
        assert still_there()
        call_command("retention")
    assert not still_there()
    assert AuditEntry.objects.filter(action="retention.ran").exists()


def test_the_administrators_page_shows_the_schedule_and_the_next_runs_counts(
    administrator, mentor, mentee
):
    note(mentor, mentee)
    with time_machine.travel(T + timedelta(days=400), tick=False):
        client = Client()
        client.force_login(administrator)
        page = client.get("/privacy/retention/")
    assert page.status_code == 200
    for data_class in DATA_CLASSES:
        assert data_class.setting.encode() in page.content
    assert b"The next sweep would delete or blank" in page.content


@pytest.mark.parametrize("persona", ["program_manager_client", "mentor_client"])
def test_only_administrators_see_the_retention_page(request, persona):
    assert request.getfixturevalue(persona).get("/privacy/retention/").status_code == 403


def test_the_privacy_notice_names_every_data_class_and_its_period(client):
    page = client.get("/privacy/").content.decode()
    for data_class in DATA_CLASSES:
        assert f'data-class="{data_class.key}"' in page
        assert data_class.label in page
        assert data_class.kept_for in page


def test_the_audit_log_refuses_rewrites_outside_erasure_and_retention(mentor):
    import pgtrigger

    entry = audit_log(actor=mentor, action="test.done", summary="s")
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(summary="changed")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
    else:
        # SQLite has no trigger; the rule is declared on the model for PostgreSQL.
        names = [trigger.name for _model, trigger in pgtrigger.registered()]
        assert "append_only" in names
    assert AuditEntry.objects.get(pk=entry.pk).summary == "s"
