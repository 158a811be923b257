"""manage.py import_people: the report on the terminal, exit status 1 on bad rows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from upward.core.models import AuditEntry
from upward.people.models import Person
from upward.people.tests.importing_helpers import company, person_row, to_csv

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def hr_file(tmp_path: Path):
    def write(rows) -> str:
        path = tmp_path / "hr.csv"
        path.write_bytes(to_csv(rows))
        return str(path)

    return write


def test_a_good_file_is_imported_and_summed_up(hr_file):
    out, _ = run(hr_file(company(5)))

    assert "5 created" in out
    assert Person.objects.count() == 5
    assert AuditEntry.objects.get().data["source"] == "import_people hr.csv"


def test_every_bad_row_is_printed_and_the_exit_status_is_1(hr_file):
    rows = [*company(20), person_row(21, manager=1, Email="bob@"), person_row(22, Level="high")]
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_people", hr_file(rows), stdout=io.StringIO(), stderr=err)

    assert caught.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "line 22 (HR00021): email: 'bob@' is not a valid email address",
        "line 23 (HR00022): level: 'high' is not an integer",
    ]
    assert "nothing was imported" in str(caught.value)
    assert not Person.objects.exists()


def test_by_default_people_missing_from_the_file_are_kept(hr_file):
    run(hr_file(company(5)))

    run(hr_file([person_row(6, manager=1)]))

    assert Person.objects.filter(is_active=True).count() == 6


def test_partial_is_still_accepted_and_is_the_default(hr_file):
    run(hr_file(company(5)))

    run(hr_file([person_row(6, manager=1)]), "--partial")

    assert Person.objects.filter(is_active=True).count() == 6


def test_full_sync_deactivates_people_missing_from_the_file(hr_file):
    run(hr_file(company(20)))

    out, _ = run(hr_file(company(19)), "--full-sync")

    assert "1 deactivated" in out
    assert Person.objects.filter(is_active=False).count() == 1


def test_a_mass_deactivation_is_refused_without_the_flag(hr_file):
    run(hr_file(company(20)))
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command(
            "import_people", hr_file(company(2)), "--full-sync", stdout=io.StringIO(), stderr=err
        )

    assert caught.value.returncode == 1
    assert "would deactivate 18 of 20 active people (90% of the directory)" in err.getvalue()
    assert "--allow-mass-deactivation" in err.getvalue()
    assert Person.objects.filter(is_active=True).count() == 20

    out, _ = run(hr_file(company(2)), "--full-sync", "--allow-mass-deactivation")

    assert "18 deactivated" in out


def test_dry_run_saves_nothing(hr_file):
    out, _ = run(hr_file(company(5)), "--dry-run")

    assert out.startswith("Dry run, nothing saved. 5 rows: 5 created")
    assert not Person.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read .*nowhere.csv: No such file"):
        run(str(tmp_path / "nowhere.csv"))
