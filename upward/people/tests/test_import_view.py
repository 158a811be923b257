"""The import page: administrators only, CSRF-protected, every bad row shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from upward.core.models import AuditEntry
from upward.people import forms
from upward.people.importing import AUDIT_ACTION
from upward.people.models import Person
from upward.people.tests.importing_helpers import company, person_row, to_csv

pytestmark = pytest.mark.django_db

URL = reverse("people:import")


def upload(rows, name: str = "hr.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, to_csv(rows), content_type="text/csv")


def imported() -> int:
    return Person.objects.filter(employee_id__startswith="HR").count()


def test_anonymous_is_redirected_to_login(client: Client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "persona", ["mentor_client", "mentee_client", "outsider_client", "program_manager_client"]
)
def test_participant_gets_403_on_import_page(request, persona):
    client = request.getfixturevalue(persona)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(company(3))}).status_code == 403
    assert imported() == 0


def test_administrator_sees_the_upload_form_with_labels(administrator_client):
    response = administrator_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">HR export (CSV)</label>' in html
    assert "Full sync: deactivate everyone missing from this file" in html
    assert response.context["form"]["full_sync"].value() is True  # ticked by default


def test_administrator_imports_a_file_and_sees_the_counts(administrator_client, administrator):
    response = administrator_client.post(URL, {"file": upload(company(12)), "full_sync": "on"})

    assert response.status_code == 200
    assert imported() == 12
    report = response.context["report"]
    assert (report.created, report.deactivated) == (12, 1)  # the administrator's own old entry
    assert "Import complete" in response.content.decode()
    entry = AuditEntry.objects.get(action=AUDIT_ACTION)
    assert (entry.actor, entry.data["source"]) == (administrator, "upload hr.csv")


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_written(administrator_client):
    rows = [*company(30), person_row(31, manager=1, Email="bob@"), person_row(32, Level="top")]

    response = administrator_client.post(URL, {"file": upload(rows), "full_sync": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    bad_email = "&#x27;bob@&#x27; is not a valid email address"
    assert f"<td>32</td><td>HR00031</td><td>email</td><td>{bad_email}</td>" in html
    assert "<td>33</td><td>HR00032</td><td>level</td>" in html
    assert imported() == 0


def test_a_partial_import_from_the_page_keeps_everyone_else(administrator_client):
    response = administrator_client.post(URL, {"file": upload([person_row(1)])})

    assert response.context["report"].deactivated == 0
    assert Person.objects.filter(is_active=True).count() == 2  # the administrator and HR00001


def test_a_dry_run_from_the_page_saves_nothing(administrator_client):
    response = administrator_client.post(
        URL, {"file": upload(company(5)), "full_sync": "on", "dry_run": "on"}
    )

    assert response.status_code == 200
    assert "Dry run: nothing was saved" in response.content.decode()
    assert response.context["report"].created == 5
    assert imported() == 0


def test_a_file_over_the_size_limit_is_refused(administrator_client, monkeypatch):
    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 100)

    response = administrator_client.post(URL, {"file": upload(company(5))})

    assert response.status_code == 400
    assert "the limit is 100" in response.content.decode()
    assert imported() == 0


def test_posting_without_a_file_is_a_form_error(administrator_client):
    response = administrator_client.post(URL, {"full_sync": "on"})

    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_the_upload_needs_a_csrf_token(administrator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)

    response = client.post(URL, {"file": upload(company(3))})

    assert response.status_code == 403
    assert imported() == 0
