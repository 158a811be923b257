"""The import page: administrators only, CSRF-protected, every bad row shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from upward.core.models import AuditEntry
from upward.people import forms
from upward.people.importing import AUDIT_ACTION
from upward.people.models import Person, StagedImport
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
    assert response.context["form"]["full_sync"].value() is False  # a partial update by default


def test_administrator_imports_a_file_and_sees_the_counts(administrator_client, administrator):
    response = administrator_client.post(URL, {"file": upload(company(12))})

    assert response.status_code == 200
    assert imported() == 12
    report = response.context["report"]
    assert (report.created, report.deactivated) == (12, 0)
    assert "Import complete" in response.content.decode()
    entry = AuditEntry.objects.get(action=AUDIT_ACTION)
    assert (entry.actor, entry.data["source"]) == (administrator, "upload hr.csv")


def test_a_one_row_file_never_empties_the_directory_by_default(administrator_client):
    administrator_client.post(URL, {"file": upload(company(40))})

    response = administrator_client.post(URL, {"file": upload([person_row(41, manager=1)])})

    assert response.status_code == 200
    assert Person.objects.filter(is_active=True).count() == 42  # 41 and the administrator


def test_a_full_sync_shows_a_preview_then_deactivates_only_once_confirmed(administrator_client):
    administrator_client.post(URL, {"file": upload(company(40))})

    preview = administrator_client.post(URL, {"file": upload(company(39)), "full_sync": "on"})

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Confirm the full sync: nothing is saved yet" in html
    assert "deactivate <strong>2 people</strong>, 5% of the 41 active people" in html
    assert Person.objects.filter(is_active=True).count() == 41  # nothing happened yet
    staged = StagedImport.objects.get()

    done = administrator_client.post(
        reverse("people:import_confirm"), {"staged": staged.pk, "deactivations": 2}
    )

    assert done.status_code == 200
    assert "Import complete" in done.content.decode()
    assert Person.objects.filter(is_active=True).count() == 39
    assert not StagedImport.objects.exists()


def test_a_mass_deactivation_needs_the_number_typed(administrator_client):
    administrator_client.post(URL, {"file": upload(company(40))})

    preview = administrator_client.post(URL, {"file": upload([person_row(1)]), "full_sync": "on"})

    html = preview.content.decode()
    assert "deactivate <strong>40 people</strong>, 98% of the 41 active people" in html
    assert "more than the 10% a full sync may deactivate without a typed confirmation" in html
    assert '<label for="id_deactivations">Type the number of people to deactivate</label>' in html
    staged = StagedImport.objects.get()
    confirm = reverse("people:import_confirm")

    unconfirmed = administrator_client.post(confirm, {"staged": staged.pk})
    mistyped = administrator_client.post(confirm, {"staged": staged.pk, "deactivations": 4})

    assert unconfirmed.status_code == 400
    assert "Type the number of people this sync deactivates." in unconfirmed.content.decode()
    assert mistyped.status_code == 400
    assert "not the 4 you confirmed" in mistyped.content.decode()
    assert Person.objects.filter(is_active=True).count() == 41

    administrator_client.post(confirm, {"staged": staged.pk, "deactivations": 40})

    assert Person.objects.filter(is_active=True).count() == 1


def test_a_full_sync_that_deactivates_nobody_needs_no_confirmation(administrator_client):
    administrator_client.post(URL, {"file": upload(company(5))})
    Person.objects.exclude(employee_id__startswith="HR").update(is_active=False)

    response = administrator_client.post(URL, {"file": upload(company(6)), "full_sync": "on"})

    assert "Import complete" in response.content.decode()
    assert imported() == 6


def test_nobody_else_can_confirm_an_administrators_staged_file(
    administrator_client, administrator, program_manager_client
):
    from upward.accounts.tests.factories import UserFactory

    administrator_client.post(URL, {"file": upload(company(10))})
    administrator_client.post(URL, {"file": upload(company(9)), "full_sync": "on"})
    staged = StagedImport.objects.get()
    other_admin = Client()
    other_admin.force_login(UserFactory(role="administrator"))
    data = {"staged": staged.pk, "deactivations": 2}

    assert program_manager_client.post(reverse("people:import_confirm"), data).status_code == 403
    assert other_admin.post(reverse("people:import_confirm"), data).status_code == 404
    assert imported() == 10


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_written(administrator_client):
    rows = [*company(30), person_row(31, manager=1, Email="bob@"), person_row(32, Level="top")]

    response = administrator_client.post(URL, {"file": upload(rows), "full_sync": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert not StagedImport.objects.exists()
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
