"""Erasure (GDPR Article 17): a dump of the whole database holds nothing of the person."""

from __future__ import annotations

import subprocess

import pytest
from django.core import mail
from django.db import connection

from upward.accounts.models import User
from upward.core.models import AuditEntry
from upward.feedback.models import CheckIn
from upward.notifications.email import send_email
from upward.pairs.models import Message, Pair, PairStatus, Reflection
from upward.people.importing.service import people_import_rows
from upward.people.models import ErasedEmployee, Person

pytestmark = pytest.mark.django_db(transaction=True)


def database_dump() -> str:
    """`sqlite3 .dump` (the same statements, from the open connection), or `pg_dump`."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    return subprocess.run(
        [
            "pg_dump",
            "--host",
            settings["HOST"] or "127.0.0.1",
            "--port",
            str(settings["PORT"] or 5432),
            "--username",
            settings["USER"],
            settings["NAME"],
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _erase(client, person: Person):
    return client.post(f"/privacy/people/{person.pk}/erase/", {"employee_id": person.employee_id})


def _row(person: Person) -> dict[str, str]:
    return {
        "employee_id": person.employee_id,
        "name": person.name,
        "email": person.email,
        "title": "Analyst",
        "level": "2",
        "department": "Marketing",
        "location": "",
        "time_zone": "UTC",
        "manager_id": "",
        "hire_date": "",
    }


def test_after_erasure_a_database_dump_holds_no_trace_of_the_person(
    marked_mentor, mentor, administrator_client
):
    person = Person.objects.get(user=mentor)
    identity = [person.name, person.email, person.employee_id, mentor.email]
    before = database_dump().lower()
    assert all(value.lower() in before for value in identity)
    written = {place: mark for place, mark in marked_mentor.mine.items() if place != "self_id"}
    assert all(mark.lower() in before for mark in written.values())
    # Self-identification is encrypted at rest: not even there before erasure.
    assert marked_mentor.mine["self_id"].lower() not in before

    mail.outbox.clear()
    answer = _erase(administrator_client, person)
    assert answer.status_code == 302
    assert all(mentor.email not in message.to for message in mail.outbox)

    after = database_dump().lower()
    for value in [*identity, *marked_mentor.mine.values()]:
        assert value.lower() not in after, value
    # What the partner wrote is theirs and stays (their private note, their messages).
    for mark in marked_mentor.partners.values():
        assert mark.lower() in after, mark


def test_erasure_keeps_the_pair_and_the_numbers_without_identity(
    marked_mentor, mentor, mentee_client, administrator_client
):
    person = Person.objects.get(user=mentor)
    _erase(administrator_client, person)
    pair = Pair.objects.get(pk=marked_mentor.pair.pk)
    # The partner is not left waiting: the pair ends and its sessions ahead are cancelled.
    assert pair.status == PairStatus.ENDED
    assert pair.close_reason == "Your partner left the program."
    assert CheckIn.objects.filter(author=pair.mentor, usefulness=3, comment="").exists()
    assert Reflection.objects.get(author=pair.mentor).recommend == 9
    assert "removed" in Message.objects.get(author=pair.mentor).text
    page = mentee_client.get(f"/pairs/{pair.pk}/")
    assert b"A former participant" in page.content
    assert b"erased.invalid" not in page.content  # no address to write to
    entry = AuditEntry.objects.get(action="person.erased")
    assert entry.data["counts"]["notes"] == 2


def test_an_erased_person_cannot_sign_in_or_be_emailed(
    marked_mentor, mentor, administrator_client, client
):
    person = Person.objects.get(user=mentor)
    _erase(administrator_client, person)
    mentor.refresh_from_db()
    assert not mentor.is_active and not mentor.has_usable_password()
    mail.outbox.clear()
    send_email(
        to=[mentor.email], subject="Hello", template="accounts/email/email_changed", context={}
    )
    assert mail.outbox == []


def test_the_next_import_does_not_bring_an_erased_person_back_until_lifted(
    marked_mentor, mentor, administrator, administrator_client
):
    person = Person.objects.get(user=mentor)
    row = _row(person)
    _erase(administrator_client, person)
    assert ErasedEmployee.objects.count() == 1

    report = people_import_rows(rows=[row], actor=administrator)
    assert report.skipped_erased == 1 and report.created == 0
    assert not Person.objects.filter(employee_id=row["employee_id"]).exists()

    wrong = administrator_client.post("/privacy/erased/", {"employee_id": "nobody"})
    assert b"No erased person has this employee id" in wrong.content
    administrator_client.post("/privacy/erased/", {"employee_id": row["employee_id"]})
    report = people_import_rows(rows=[row], actor=administrator)
    assert report.created == 1
    assert AuditEntry.objects.filter(action="person.tombstone_lifted").exists()


def test_the_confirmation_names_the_effects_and_wants_the_employee_id(
    marked_mentor, mentor, administrator_client
):
    person = Person.objects.get(user=mentor)
    page = administrator_client.get(f"/privacy/people/{person.pk}/erase/")
    assert b"cannot be undone" in page.content
    assert b"A former participant" in page.content
    wrong = administrator_client.post(
        f"/privacy/people/{person.pk}/erase/", {"employee_id": "not-it"}
    )
    assert wrong.status_code == 400
    assert Person.objects.get(pk=person.pk).name == "Jo Junior"


@pytest.mark.parametrize(
    "persona", ["program_manager_client", "mentor_client", "mentee_client", "outsider_client"]
)
def test_only_administrators_erase(request, persona, mentor, mentee):
    person = Person.objects.get(user=mentee)
    client = request.getfixturevalue(persona)
    assert client.get(f"/privacy/people/{person.pk}/erase/").status_code == 403
    assert (
        client.post(
            f"/privacy/people/{person.pk}/erase/", {"employee_id": person.employee_id}
        ).status_code
        == 403
    )
    assert Person.objects.get(pk=person.pk).name == "Sam Senior"


def test_an_administrator_cannot_erase_themselves(administrator, administrator_client):
    person = Person.objects.get(user=administrator)
    answer = _erase(administrator_client, person)
    assert answer.status_code == 400
    assert User.objects.get(pk=administrator.pk).is_active


def test_erasure_deletes_exports_that_hold_the_person_and_their_sign_ins(
    marked_mentor, mentor, mentee, administrator, administrator_client
):
    from django.utils import timezone

    from upward.accounts.models import SignIn
    from upward.privacy.models import DataExport

    person, partner = Person.objects.get(user=mentor), Person.objects.get(user=mentee)
    for subject, asker in ((person, mentor), (partner, mentee), (partner, administrator)):
        DataExport.objects.create(subject=subject, requested_by=asker, created_at=timezone.now())
    SignIn.objects.create(user=mentor, at=timezone.now(), ip="10.0.0.7")
    _erase(administrator_client, person)
    assert not DataExport.objects.exists()
    assert not SignIn.objects.filter(user=mentor).exists()


def test_a_namesakes_records_are_left_alone(
    marked_mentor, mentor, administrator, administrator_client
):
    from upward.core.audit import audit_log
    from upward.people.tests.factories import PersonFactory

    namesake = PersonFactory(name="Jo Junior", employee_id="NAMESAKE-1", email="jo2@example.com")
    audit_log(actor=administrator, action="test.done", summary="Jo Junior (NAMESAKE-1) moved")
    person = Person.objects.get(user=mentor)
    effects = administrator_client.get(f"/privacy/people/{person.pk}/erase/").content.decode()
    assert "their name is shared with someone else" in effects
    _erase(administrator_client, person)
    assert AuditEntry.objects.filter(summary="Jo Junior (NAMESAKE-1) moved").exists()
    assert Person.objects.get(pk=namesake.pk).name == "Jo Junior"
    dump = database_dump()
    assert person.employee_id not in dump and mentor.email not in dump


def test_an_erased_persons_page_offers_no_second_erasure(
    marked_mentor, mentor, administrator_client
):
    person = Person.objects.get(user=mentor)
    _erase(administrator_client, person)
    page = administrator_client.get(f"/people/{person.pk}/").content.decode()
    assert "This person's data was erased." in page
    assert administrator_client.get(f"/privacy/people/{person.pk}/erase/").status_code == 302
    assert administrator_client.get(f"/privacy/people/{person.pk}/").status_code == 302
