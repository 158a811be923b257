"""Each kind of bad row, and the file shapes HR tools really produce."""

from __future__ import annotations

import io

import pytest

from upward.core.errors import ApplicationError
from upward.people.importing import ImportReport, ImportRowError, people_import_csv
from upward.people.models import Person
from upward.people.tests.importing_helpers import HEADER, company, person_row, to_csv

pytestmark = pytest.mark.django_db


def import_bytes(data: bytes, **options) -> ImportReport:
    options.setdefault("full_sync", True)  # the strictest checks: the file is everybody
    return people_import_csv(file=io.BytesIO(data), actor=None, **options)


def errors_for(data: bytes, **options) -> list[ImportRowError]:
    with pytest.raises(ApplicationError) as caught:
        import_bytes(data, **options)
    assert not Person.objects.exists()
    return caught.value.extra["report"].errors


def one_bad_row(**changes: str) -> bytes:
    """Three good rows, then employee 4 with `changes`, on line 5."""
    return to_csv([*company(3), person_row(4, manager=1, **changes)])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"Email": "bob@"}, "email", "'bob@' is not a valid email address"),
        ({"Email": "bob smith@corp.example"}, "email", "is not a valid email address"),
        ({"Email": ""}, "email", "is required"),
        ({"Name": ""}, "name", "is required"),
        ({"Employee ID": ""}, "employee_id", "is required"),
        ({"Name": "x" * 201}, "name", "is longer than 200 characters"),
        ({"Level": "senior"}, "level", "'senior' is not an integer"),
        ({"Level": "3.5"}, "level", "'3.5' is not an integer"),
        ({"Level": "0"}, "level", "0 is outside 1..99"),
        ({"Level": "100"}, "level", "100 is outside 1..99"),
        ({"Time zone": "Europe/Londres"}, "time_zone", "'Europe/Londres' is not a known time zone"),
        ({"Time zone": "CET+1"}, "time_zone", "is not a known time zone"),
        ({"Time zone": ""}, "time_zone", "is required"),
        ({"Hire date": "15/01/2020"}, "hire_date", "is not a date in the form YYYY-MM-DD"),
        ({"Hire date": "20200115"}, "hire_date", "is not a date in the form YYYY-MM-DD"),
        ({"Hire date": "2023-02-30"}, "hire_date", "'2023-02-30' is not a real date"),
        ({"Leave date": "soon"}, "leave_date", "is not a date in the form YYYY-MM-DD"),
        ({"Leave date": "2019-12-31"}, "leave_date", "is before the hire date 2020-01-15"),
        ({"Birth year": "1850"}, "birth_year", "1850 is not a plausible birth year"),
        ({"Birth year": "2024"}, "birth_year", "2024 is not a plausible birth year"),
        ({"Birth year": "nineteen"}, "birth_year", "'nineteen' is not a year"),
        (
            {"Manager ID": "HR99999"},
            "manager_id",
            "unknown manager id 'HR99999' (not in this file)",
        ),
        (
            {"Employee ID": "HR00002"},
            "employee_id",
            "duplicate employee id 'HR00002' (first on line 3)",
        ),
        ({"Email": "PERSON2@corp.example"}, "email", "duplicate email 'person2@corp.example'"),
    ],
)
def test_each_kind_of_bad_value_is_reported_on_its_line(changes, field, message):
    [error] = errors_for(one_bad_row(**changes))

    assert (error.line, error.field) == (5, field)
    assert message in error.message


def test_a_bad_row_names_its_employee_id():
    [error] = errors_for(one_bad_row(Level="x"))

    assert error.employee_id == "HR00004"
    assert str(error) == "line 5 (HR00004): level: 'x' is not an integer"


def test_a_missing_column_is_reported_on_the_header_line():
    header = [column for column in HEADER if column != "Time zone"]
    data = to_csv([{k: v for k, v in row.items() if k in header} for row in company(3)], header)

    assert errors_for(data) == [ImportRowError(1, "", "time_zone", "missing column")]


def test_a_row_with_too_few_values_is_reported_as_missing_columns():
    lines = to_csv(company(2)).decode().splitlines()
    lines[2] = ",".join(lines[2].split(",")[:9])  # stops after Manager ID

    [error] = errors_for("\n".join(lines).encode())

    assert (error.line, error.field) == (3, "hire_date")
    assert error.message == "missing columns: hire_date, birth_year, leave_date"


def test_a_row_with_more_values_than_columns_is_refused():
    lines = to_csv(company(2)).decode().splitlines()
    lines[2] += ",surprise"

    [error] = errors_for("\n".join(lines).encode())

    assert (error.line, error.field) == (3, "row")


def test_a_column_given_twice_is_refused():
    data = b"Employee ID,Name,Email,email\n"

    errors = errors_for(data)

    assert errors[0] == ImportRowError(1, "", "email", "column 'email' appears twice")


def test_an_empty_file_is_refused():
    assert errors_for(b"") == [ImportRowError(1, "", "file", "the file is empty")]


def test_a_file_that_is_not_utf8_is_refused_with_the_line_of_the_first_bad_byte():
    data = to_csv([person_row(1), person_row(2, manager=1, Name="Zoë Ünal")])

    [error] = errors_for(data.decode().encode("latin-1"))

    assert (error.line, error.field) == (3, "file")
    assert "not UTF-8" in error.message


# --- Shapes of file that are fine --------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        [column.lower().replace(" ", "_") for column in HEADER],
        [column.upper() for column in HEADER],
        [f"  {column} " for column in HEADER],
        [column.replace(" ", "-") for column in HEADER],
    ],
)
def test_headers_are_read_whatever_their_case_spaces_or_separators(header):
    rows = [dict(zip(header, row.values(), strict=True)) for row in company(3)]

    report = import_bytes(to_csv(rows, header))

    assert report.created == 3


def test_a_byte_order_mark_from_excel_is_ignored():
    report = import_bytes(b"\xef\xbb\xbf" + to_csv(company(3)))

    assert report.created == 3


def test_semicolon_separated_files_are_read():
    data = to_csv(company(3)).decode().replace(",", ";")

    assert import_bytes(data.encode()).created == 3


def test_a_text_stream_is_read_as_well_as_bytes():
    data = "\ufeff" + to_csv(company(3)).decode()

    report = people_import_csv(file=io.StringIO(data), actor=None)

    assert report.created == 3


def test_line_numbers_count_lines_inside_quoted_values_and_blank_lines():
    header_and_first = to_csv([person_row(1, Title="Head of\nEverything")]).decode()  # lines 1-3
    bad = to_csv([person_row(2, manager=1, Level="x")]).decode().split("\n", 1)[1]
    data = header_and_first + "\n" + ",,,,,,,,,,,\n" + bad  # a blank line 4, empty cells on 5

    [error] = errors_for(data.encode())

    assert (error.line, error.employee_id) == (6, "HR00002")


def test_unknown_columns_are_ignored_and_listed():
    header = [*HEADER, "Cost centre"]
    rows = [{**row, "Cost centre": "CC-1"} for row in company(2)]

    report = import_bytes(to_csv(rows, header))

    assert report.ignored_columns == ["Cost centre"]


def test_time_zones_are_stored_under_their_canonical_name():
    import_bytes(to_csv([person_row(1, **{"Time zone": "america/new_york"})]))

    assert Person.objects.get().timezone == "America/New_York"


def test_emails_are_stored_in_lower_case():
    import_bytes(to_csv([person_row(1, Email="Ana.Lopez@Corp.Example")]))

    assert Person.objects.get().email == "ana.lopez@corp.example"


def test_a_file_that_is_not_valid_csv_is_refused_with_the_line():
    good = to_csv(company(2)).decode()
    data = good + 'HR00003,"Una "Quoted" Name",x@corp.example\n'

    [error] = errors_for(data.encode())

    assert (error.line, error.field) == (4, "file")
    assert error.message.startswith("the file is not valid CSV")
