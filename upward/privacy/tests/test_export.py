"""A person's export (GDPR Articles 15 and 20): theirs, whole, and nobody else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from upward.core.models import AuditEntry
from upward.people.models import Person
from upward.privacy.models import DataExport

pytestmark = pytest.mark.django_db


def _export_through_pages(client: Client, captured) -> tuple[DataExport, zipfile.ZipFile]:
    with captured(execute=True):  # the worker's job runs when the request commits
        answer = client.post("/settings/my-data/export/")
    assert answer.status_code == 302
    export = DataExport.objects.latest("pk")
    page = client.get(answer["Location"])
    assert b"Download the ZIP file" in page.content
    download = client.get(f"/settings/my-data/exports/{export.pk}/download/")
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "no-store"
    return export, zipfile.ZipFile(io.BytesIO(download.content))


def test_a_person_downloads_everything_upward_holds_about_them(
    marked_mentor, mentor_client, django_capture_on_commit_callbacks
):
    _export, archive = _export_through_pages(mentor_client, django_capture_on_commit_callbacks)
    assert sorted(archive.namelist()) == ["README.txt", "upward-data.html", "upward-data.json"]
    data = json.loads(archive.read("upward-data.json"))
    text = archive.read("upward-data.json").decode()
    html = archive.read("upward-data.html").decode()
    for mark in marked_mentor.mine.values():
        assert mark in text, mark
        assert mark in html, mark
    assert data["directory_entry"]["name"] == "Jo Junior"
    assert data["pairs"][0]["my_role"] == "mentor"
    assert data["self_identification"][0]["answers"] == {"ethnicity": marked_mentor.mine["self_id"]}
    assert data["account"]["sign_ins"], "the sign-in of the test client is listed"


def test_the_export_leaves_out_the_partners_private_data_and_concerns_about_them(
    marked_mentor, mentor_client, django_capture_on_commit_callbacks
):
    _export, archive = _export_through_pages(mentor_client, django_capture_on_commit_callbacks)
    text = archive.read("upward-data.json").decode() + archive.read("upward-data.html").decode()
    for place in ("private_note", "check_in", "concern", "message"):
        assert marked_mentor.partners[place] not in text, place
    data = json.loads(archive.read("upward-data.json"))
    assert "mentee_answer" not in json.dumps(data["pairs"])
    assert len(data["concerns_raised"]) == 1


def test_an_administrator_exports_on_request_with_an_audit_entry_and_only_they_download(
    marked_mentor,
    mentor,
    administrator_client,
    mentor_client,
    program_manager_client,
    django_capture_on_commit_callbacks,
):
    person = Person.objects.get(user=mentor)
    with django_capture_on_commit_callbacks(execute=True):
        administrator_client.post(f"/privacy/people/{person.pk}/export/")
    export = DataExport.objects.get()
    url = f"/settings/my-data/exports/{export.pk}/download/"
    download = administrator_client.get(url)
    assert download.status_code == 200
    assert "jo-junior" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    data = json.loads(archive.read("upward-data.json"))
    # What only the person may read is in their own export alone.
    assert data["made_by"] == "an administrator, on request"
    assert "self_identification" in data["left_out"] and "self_identification" not in data
    text = archive.read("upward-data.json").decode() + archive.read("upward-data.html").decode()
    for place in ("private_note", "shared_note", "message", "check_in", "self_id", "concern"):
        assert marked_mentor.mine[place] not in text, place
    assert data["directory_entry"]["name"] == "Jo Junior"
    for other in (mentor_client, program_manager_client):
        assert other.get(url).status_code == 404
        assert other.get(f"/settings/my-data/exports/{export.pk}/").status_code == 404
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"person.export_requested", "person.export_downloaded"} <= actions


def test_someone_elses_own_export_is_a_404_even_for_an_administrator(
    marked_mentor, mentor_client, administrator_client, django_capture_on_commit_callbacks
):
    export, _archive = _export_through_pages(mentor_client, django_capture_on_commit_callbacks)
    assert administrator_client.get(f"/settings/my-data/exports/{export.pk}/").status_code == 404
    assert (
        administrator_client.get(f"/settings/my-data/exports/{export.pk}/download/").status_code
        == 404
    )


def test_anonymous_people_are_sent_to_sign_in(marked_mentor, client):
    for url in ("/settings/my-data/", "/settings/my-data/exports/1/download/"):
        answer = client.get(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert client.post("/settings/my-data/export/").status_code == 302
    assert not DataExport.objects.exists()


@pytest.mark.parametrize("persona", ["program_manager_client", "mentor_client", "outsider_client"])
def test_only_administrators_reach_a_persons_privacy_page(request, persona, mentee):
    person = Person.objects.get(user=mentee)
    client = request.getfixturevalue(persona)
    assert client.get(f"/privacy/people/{person.pk}/").status_code == 403
    assert client.post(f"/privacy/people/{person.pk}/export/").status_code == 403
    assert not DataExport.objects.exists()


def test_an_unfinished_export_shows_progress_and_polls(mentor, mentor_client):
    person = Person.objects.get(user=mentor)
    from django.utils import timezone

    export = DataExport.objects.create(
        subject=person, requested_by=mentor, created_at=timezone.now(), progress=40, step="pairs"
    )
    page = mentor_client.get(f"/settings/my-data/exports/{export.pk}/")
    assert b'<progress max="100" value="40"' in page.content
    assert b'hx-trigger="every 2s"' in page.content
    fragment = mentor_client.get(f"/settings/my-data/exports/{export.pk}/", HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert mentor_client.get(f"/settings/my-data/exports/{export.pk}/download/").status_code == 302


def test_the_export_costs_the_same_queries_for_few_or_many_records(marked_mentor, mentor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from upward.pairs.models import Message, SessionNote
    from upward.privacy.export import person_data

    person = Person.objects.get(user=mentor)
    with CaptureQueriesContext(connection) as few:
        person_data(person)
    pair = marked_mentor.pair
    session = SessionNote.objects.filter(author=pair.mentor).first().session
    SessionNote.objects.bulk_create(
        SessionNote(session=session, author=pair.mentor, visibility="private", text=f"n{i}")
        for i in range(50)
    )
    Message.objects.bulk_create(
        Message(pair=pair, author=pair.mentor, text=f"m{i}") for i in range(50)
    )
    with CaptureQueriesContext(connection) as many:
        data = person_data(person)
    assert len(data["written"]["notes"]) == 52
    assert len(many) == len(few)
