"""The HR import service: all or nothing, idempotent, and every bad row reported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings

from upward.accounts.tests.factories import UserFactory
from upward.core.errors import ApplicationError
from upward.core.models import AuditEntry
from upward.people.importing import (
    AUDIT_ACTION,
    DeactivationGuard,
    ImportReport,
    ImportRowError,
    people_import_csv,
    people_import_rows,
)
from upward.people.models import Department, Person
from upward.people.tests.factories import PersonFactory
from upward.people.tests.importing_helpers import (
    HEADER,
    company,
    csv_file,
    employee_id,
    person_row,
    tables,
    to_csv,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.BASE_DIR) / "docs" / "sample-people.csv"


def import_rows(rows, **options) -> ImportReport:
    """A full sync unless told otherwise: most tests here are about what a sync changes."""
    options.setdefault("full_sync", True)
    options.setdefault("guard", DeactivationGuard(allow_mass=True))
    return people_import_csv(file=csv_file(rows), actor=None, **options)


def refused(rows, **options) -> ImportReport:
    with pytest.raises(ApplicationError) as caught:
        import_rows(rows, **options)
    report = caught.value.extra["report"]
    assert isinstance(report, ImportReport)
    assert not report.ok
    return report


def person(n: int) -> Person:
    return Person.objects.get(employee_id=employee_id(n))


# --- All or nothing ------------------------------------------------------------


def test_one_bad_row_at_the_end_of_1000_writes_nothing_and_reports_that_row():
    rows = [*company(1000), person_row(1001, manager=1, Email="bob@")]

    report = refused(rows)

    assert report.errors == [
        ImportRowError(1002, employee_id(1001), "email", "'bob@' is not a valid email address")
    ]
    assert (
        str(report.errors[0]) == "line 1002 (HR01001): email: 'bob@' is not a valid email address"
    )
    assert not Person.objects.exists()
    assert not Department.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_bad_row_leaves_an_existing_directory_exactly_as_it_was():
    import_rows(company(50))
    before = tables()
    rows = company(60)
    rows[10]["Title"] = "Changed"
    rows[55]["Level"] = "senior"

    report = refused(rows)

    assert [error.line for error in report.errors] == [57]
    assert tables() == before


def test_every_bad_row_is_reported_with_its_line_number_in_file_order():
    rows = company(20)
    rows[3]["Email"] = "nope"
    rows[3]["Level"] = "x"
    rows[9]["Time zone"] = "Mars/Olympus"
    rows[15]["Hire date"] = "15/01/2020"

    report = refused(rows)

    assert [(error.line, error.field) for error in report.errors] == [
        (5, "email"),
        (5, "level"),
        (11, "time_zone"),
        (17, "hire_date"),
    ]
    assert report.bad_lines == 3
    assert "nothing was imported" in report.summary()


# --- Idempotence ---------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing():
    UserFactory(email="Kwame.Mensah@example.com", full_name="")  # linked on the first import
    people_import_csv(file=io.BytesIO(SAMPLE.read_bytes()), actor=None)
    first = tables()

    report = people_import_csv(file=io.BytesIO(SAMPLE.read_bytes()), actor=None)

    assert tables() == first
    assert (report.created, report.updated, report.deactivated) == (0, 0, 0)
    assert report.unchanged == 15
    assert not report.changed
    assert AuditEntry.objects.filter(action=AUDIT_ACTION).count() == 1


def test_the_sample_file_in_the_docs_imports_cleanly():
    report = people_import_csv(file=io.BytesIO(SAMPLE.read_bytes()), actor=None, source="sample")

    assert report.ok
    assert (report.created, report.departments_created) == (15, 7)
    ceo, cto, engineer = (Person.objects.get(employee_id=e) for e in ("E1001", "E1002", "E1009"))
    assert engineer.line_path == f"/{ceo.pk}/{cto.pk}/{engineer.manager_id}/{engineer.pk}/"
    assert Person.objects.get(employee_id="E1007").name == "O'Neill, Siobhan"
    assert not Person.objects.get(employee_id="E1015").is_active  # has a leave date


# --- Reporting lines -----------------------------------------------------------


def test_reporting_line_cycle_is_refused():
    rows = [
        person_row(1),
        person_row(2, manager=4),
        person_row(3, manager=2),
        person_row(4, manager=3),
    ]

    report = refused(rows)

    assert [(error.line, error.field) for error in report.errors] == [
        (3, "manager_id"),
        (4, "manager_id"),
        (5, "manager_id"),
    ]
    assert "reporting line cycle: " in report.errors[0].message
    assert not Person.objects.exists()


def test_a_person_cannot_be_their_own_manager():
    report = refused([person_row(1, manager=1)])

    assert report.errors == [
        ImportRowError(2, employee_id(1), "manager_id", "a person cannot be their own manager")
    ]


def test_a_cycle_ten_thousand_people_long_is_found_without_recursion():
    size = 10_000
    rows = [person_row(n, manager=n % size + 1) for n in range(1, size + 1)]

    report = people_refused_rows(rows)

    assert len(report.errors) == size
    assert f"({size} people)" in report.errors[0].message


def test_a_reporting_line_deeper_than_64_levels_is_refused():
    rows = [person_row(n, manager=n - 1 if n > 1 else None) for n in range(1, 67)]

    report = people_refused_rows(rows)

    assert [error.line for error in report.errors] == [66, 67]
    assert "deeper than 64" in report.errors[0].message


def test_a_64_level_line_is_stored_as_a_path_of_ids():
    import_rows([person_row(n, manager=n - 1 if n > 1 else None) for n in range(1, 65)])

    bottom = person(64)
    assert len(bottom.ancestor_ids) == 63
    assert bottom.line_path.startswith(f"/{person(1).pk}/{person(2).pk}/")


def test_changing_a_manager_moves_the_whole_team_below():
    import_rows(company(31))  # 1 -> 2..6 -> 7..31
    rows = company(31)
    rows[1]["Manager ID"] = employee_id(3)  # 2 and the five below it move under 3

    report = import_rows(rows)

    assert report.updated == 6
    assert person(2).line_path == f"{person(3).line_path}{person(2).pk}/"
    assert person(7).line_path == f"{person(2).line_path}{person(7).pk}/"


def people_refused_rows(rows) -> ImportReport:
    with pytest.raises(ApplicationError) as caught:
        people_import_rows(rows=rows, actor=None)
    return caught.value.extra["report"]


# --- Full sync and partial imports -----------------------------------------------


def test_full_sync_deactivates_missing_people_and_keeps_them():
    import_rows(company(6))
    history = Person.objects.filter(employee_id=employee_id(6)).values().get()

    report = import_rows(company(5))

    assert report.deactivated == 1
    gone = person(6)
    assert not gone.is_active
    assert {k: v for k, v in history.items() if k not in {"is_active", "updated_at"}} == {
        k: v
        for k, v in Person.objects.filter(pk=gone.pk).values().get().items()
        if k not in {"is_active", "updated_at"}
    }
    assert Person.objects.count() == 6


def test_someone_back_in_the_file_is_active_again():
    import_rows(company(6))
    import_rows(company(5))

    report = import_rows(company(6))

    assert person(6).is_active
    assert report.updated == 1


def test_a_leave_date_makes_a_person_inactive():
    import_rows([person_row(1), person_row(2, manager=1, Leave_date="2025-03-31")])

    assert person(1).is_active
    assert not person(2).is_active


def test_partial_import_leaves_people_outside_the_file_alone():
    import_rows(company(10))
    before = {row["employee_id"]: row for row in tables()["people"]}

    report = import_rows(
        [person_row(3, manager=1, Title="Lead"), person_row(11, manager=3)], full_sync=False
    )

    assert (report.created, report.updated, report.deactivated) == (1, 1, 0)
    after = {row["employee_id"]: row for row in tables()["people"]}
    untouched = [e for e in before if e != employee_id(3)]
    assert all(after[e] == before[e] for e in untouched)
    assert person(11).manager == person(3)


def test_partial_import_refuses_a_manager_that_exists_nowhere():
    import_rows(company(3))

    report = refused([person_row(20, manager=99)], full_sync=False)

    assert report.errors[0].message == (
        "unknown manager id 'HR00099' (not in this file or in the directory)"
    )


def test_partial_import_refuses_a_cycle_through_people_outside_the_file():
    import_rows(company(7))  # 7 reports to 2, who reports to 1

    report = refused([person_row(1, manager=7)], full_sync=False)

    assert "reporting line cycle" in report.errors[0].message


def test_partial_import_moves_people_outside_the_file_with_their_manager():
    import_rows(company(31))

    report = import_rows([person_row(2, manager=3)], full_sync=False)

    assert report.updated == 6  # 2, and 7..11 below it, who are not in the file
    assert person(9).line_path == f"{person(3).line_path}{person(2).pk}/{person(9).pk}/"


def test_the_service_is_a_partial_update_unless_told_otherwise():
    import_rows(company(5))

    people_import_csv(file=csv_file([person_row(6, manager=1)]), actor=None)

    assert Person.objects.filter(is_active=True).count() == 6


def test_a_full_sync_over_the_share_is_refused_and_writes_nothing(settings):
    settings.UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT = 10
    import_rows(company(20))
    before = tables()

    report = refused(company(17), guard=DeactivationGuard())

    assert [error.field for error in report.errors] == ["full sync"]
    assert "would deactivate 3 of 20 active people (15% of the directory)" in str(report.errors[0])
    assert tables() == before


def test_a_full_sync_within_the_share_needs_no_permission(settings):
    settings.UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT = 10
    import_rows(company(20))

    report = import_rows(company(18), guard=DeactivationGuard())

    assert report.deactivated == 2


def test_a_confirmed_number_that_no_longer_holds_is_refused():
    import_rows(company(20))

    report = refused(company(18), guard=DeactivationGuard(allow_mass=True, expected=3))

    assert "would now deactivate 2 people, not the 3 you confirmed" in str(report.errors[0])
    assert Person.objects.filter(is_active=True).count() == 20


def test_a_full_sync_with_no_rows_is_refused():
    import_rows(company(3))

    report = refused([])

    assert "would deactivate everybody" in report.errors[0].message
    assert Person.objects.filter(is_active=True).count() == 3


# --- Other writes ----------------------------------------------------------------


def test_departments_are_created_once_whatever_their_case():
    Department.objects.create(name="Sales")
    rows = [person_row(1, Department="sales"), person_row(2, manager=1, Department="Legal")]
    rows.append(person_row(3, manager=1, Department="LEGAL"))

    report = import_rows(rows)

    assert report.departments_created == 1
    assert sorted(Department.objects.values_list("name", flat=True)) == ["Legal", "Sales"]
    assert person(3).department == person(2).department


def test_logins_are_linked_by_email_whatever_its_case():
    user = UserFactory(email="person2@corp.example", full_name="")

    report = import_rows([person_row(1), person_row(2, manager=1, Email="Person2@CORP.example")])

    assert report.users_linked == 1
    assert person(2).user == user
    user.refresh_from_db()
    assert user.full_name == "Person 2"


def test_two_people_can_swap_email_addresses():
    import_rows(company(3))
    rows = company(3)
    rows[1]["Email"], rows[2]["Email"] = rows[2]["Email"], rows[1]["Email"]

    report = import_rows(rows)

    assert report.updated == 2
    assert person(2).email == "person3@corp.example"
    assert person(3).email == "person2@corp.example"


def test_the_email_of_someone_who_left_cannot_be_given_to_someone_else():
    import_rows(company(3))
    rows = [*company(2), person_row(4, manager=1, Email="person3@corp.example")]

    report = refused(rows)

    assert report.errors[0].message == (
        "'person3@corp.example' already belongs to employee HR00003, who is not in this file"
    )


def test_a_column_left_out_keeps_what_the_directory_holds():
    import_rows(company(3))
    header = [column for column in HEADER if column not in {"Birth year", "Leave date"}]
    rows = [{k: v for k, v in row.items() if k in header} for row in company(3)]

    report = people_import_csv(file=csv_file(rows, header), actor=None)

    assert report.unchanged == 3
    assert person(2).birth_year == 1990


def test_one_audit_entry_sums_up_the_import():
    admin = UserFactory(role="administrator")
    import_rows(company(4))

    people_import_csv(
        file=csv_file(company(3)),
        actor=admin,
        source="hr.csv",
        full_sync=True,
        guard=DeactivationGuard(allow_mass=True),
    )

    entry = AuditEntry.objects.filter(action=AUDIT_ACTION).latest("id")
    assert entry.actor == admin
    assert entry.data["deactivated"] == 1
    assert entry.data["source"] == "hr.csv"
    assert "1 deactivated" in entry.summary


def test_a_dry_run_reports_the_counts_and_writes_nothing():
    report = import_rows(company(12), dry_run=True)

    assert (report.created, report.departments_created) == (12, 3)
    assert report.dry_run
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_dry_run_still_reports_bad_rows():
    report = refused([person_row(1, Level="0")], dry_run=True)

    assert report.errors[0].message == "0 is outside 1..99"


# --- Query count ---------------------------------------------------------------


def _count_queries(django_assert_max_num_queries, rows, budget):
    with django_assert_max_num_queries(budget) as captured:
        import_rows(rows)
    return len(captured.captured_queries)


def test_a_first_import_costs_queries_per_batch_never_per_row(django_assert_max_num_queries):
    small = _count_queries(django_assert_max_num_queries, company(10), 20)
    Person.objects.all().delete()
    Department.objects.all().delete()

    # Django's SQLite backend caps a statement at 999 parameters, about 58
    # people: one INSERT more per 50-odd rows there, none on PostgreSQL.
    # One query per row would be 190 more.
    _count_queries(django_assert_max_num_queries, company(200), small + 200 // 50)


def test_a_reimport_costs_the_same_queries_for_10_or_200_people(django_assert_max_num_queries):
    import_rows(company(10))
    small = _count_queries(django_assert_max_num_queries, company(10), 20)
    import_rows(company(200))

    _count_queries(django_assert_max_num_queries, company(200), small)


def test_updating_200_people_costs_queries_per_batch_never_per_row(django_assert_max_num_queries):
    import_rows(company(200))
    rows = company(200)
    for row in rows:
        row["Title"] = "Renamed"

    _count_queries(django_assert_max_num_queries, rows, 20)


def test_only_changed_people_get_a_new_updated_at_and_nobody_a_new_created_at():
    import_rows(company(5))
    before = {row["employee_id"]: row for row in tables()["people"]}
    rows = company(5)
    rows[2]["Title"] = "Lead"

    import_rows(rows)

    after = {row["employee_id"]: row for row in tables()["people"]}
    changed = employee_id(3)
    assert after[changed]["title"] == "Lead"
    assert after[changed]["updated_at"] > before[changed]["updated_at"]
    assert all(after[e]["created_at"] == before[e]["created_at"] for e in before)
    assert all(after[e] == before[e] for e in before if e != changed)


def test_rows_from_a_dict_reader_import_like_the_file_and_keep_line_numbers():
    text = to_csv(company(3)).decode() + "HR00004,Four,four@corp.example,,2,,,UTC,,,,,extra\n"

    with pytest.raises(ApplicationError) as caught:
        people_import_rows(rows=csv.DictReader(io.StringIO(text)), actor=None)

    [error] = caught.value.extra["report"].errors
    assert (error.line, error.field) == (5, "row")
    report = people_import_rows(
        rows=csv.DictReader(io.StringIO(to_csv(company(3)).decode())), actor=None
    )
    assert report.created == 3


def test_new_ids_never_clash_with_people_added_before_between_or_after_imports():
    PersonFactory()
    import_rows(company(5), dry_run=True)
    import_rows(company(5), full_sync=False)
    PersonFactory()
    import_rows(company(9), full_sync=False)
    later = PersonFactory()

    assert Person.objects.count() == 12
    assert later.pk == Person.objects.order_by("pk").last().pk
