"""The worked example of docs/api.md, and the people import job, through the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from upward.api.models import JobStatus
from upward.matching.tests.runs_fixtures import bulk_program
from upward.pairs.tests.optin_fixtures import in_matching
from upward.people.models import Person

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "sample-people.csv"


def test_start_a_match_run_poll_it_read_the_reasons_and_publish(api_as, program_manager):
    program = in_matching(managers=[program_manager])
    bulk_program(program, mentors=6, mentees=6)
    client = api_as(program_manager)
    started = client.post(
        f"/api/v1/programs/{program.pk}/match-runs",
        {"label": "February run"},
        headers={"Idempotency-Key": "run-1"},
    )
    assert started.status_code == 202, started.content
    run_id = started.json()["id"]
    again = client.post(
        f"/api/v1/programs/{program.pk}/match-runs",
        {"label": "February run"},
        headers={"Idempotency-Key": "run-1"},
    )
    assert again.json()["id"] == run_id  # a retried POST did not start a second run
    status = client.get(f"/api/v1/programs/{program.pk}/match-runs/{run_id}").json()
    assert status["status"] == "done"
    proposals = client.get(
        f"/api/v1/programs/{program.pk}/match-runs/{run_id}/proposals", limit=4
    ).json()
    assert len(proposals["results"]) == 4 and proposals["next_cursor"]
    assert proposals["results"][0]["reasons"]
    rest = client.get(
        f"/api/v1/programs/{program.pk}/match-runs/{run_id}/proposals",
        cursor=proposals["next_cursor"],
    ).json()
    first_ids = {p["id"] for p in proposals["results"]}
    assert first_ids.isdisjoint({p["id"] for p in rest["results"]})
    published = client.post(f"/api/v1/programs/{program.pk}/match-runs/{run_id}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["published"] == 6


def test_a_garbled_cursor_is_a_400_naming_it(api_as, program_manager):
    response = api_as(program_manager).get("/api/v1/programs", cursor="not-a-cursor!")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("cursor:")


def test_an_administrator_uploads_the_hr_file_and_reads_the_job(
    administrator, django_capture_on_commit_callbacks
):
    from upward.api.tests.conftest import token_for

    client = Client(headers={"Authorization": f"Bearer {token_for(administrator)}"})
    with SAMPLE.open("rb") as upload, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/people/imports", {"file": upload})
    assert response.status_code == 202, response.content
    assert response.json()["status"] == JobStatus.QUEUED  # the worker imports it
    job = client.get(f"/api/v1/people/imports/{response.json()['id']}").json()
    assert job["status"] == JobStatus.SUCCEEDED
    assert job["report"]["created"] > 10
    assert Person.objects.filter(email="helena.okafor@example.com").exists()


def test_a_bad_hr_file_gives_row_level_errors(
    administrator, tmp_path, django_capture_on_commit_callbacks
):
    from upward.api.tests.conftest import token_for

    bad = tmp_path / "bad.csv"
    lines = SAMPLE.read_text().splitlines()
    header, first = lines[0], lines[1].split(",")
    first[2] = "not-an-email"
    bad.write_text("\n".join([header, ",".join(first)]) + "\n")
    client = Client(headers={"Authorization": f"Bearer {token_for(administrator)}"})
    with bad.open("rb") as upload, django_capture_on_commit_callbacks(execute=True):
        queued = client.post("/api/v1/people/imports", {"file": upload}).json()
    job = client.get(f"/api/v1/people/imports/{queued['id']}").json()
    assert job["status"] == JobStatus.FAILED
    assert job["errors"][0]["line"] == 2
    assert job["errors"][0]["field"] == "email"
