"""The program report: measured right, a fixed cost, aggregates only, for the right people."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.core.models import AuditEntry
from upward.feedback.models import CheckIn, Fit
from upward.feedback.services.concerns import concern_raise
from upward.feedback.services.health import health_recompute_all
from upward.pairs.models import NoteVisibility, Pair, Reflection, SessionNote
from upward.pairs.tests.sessions_fixtures import book, in_days
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.programs.models import (
    Kpi,
    Objective,
    ParticipantRole,
    Program,
    SelfIdentification,
)
from upward.programs.tests.factories import SkillFactory, make_manager
from upward.reports.kpis import Status, program_kpi_values
from upward.reports.measures import MEASURES

pytestmark = pytest.mark.django_db
MARKER = "PRIVATE-MARKER-91c2"


def _url(program: Program, name: str = "program_report", **kwargs: str) -> str:
    return reverse(f"reports:{name}", kwargs={"program_id": program.pk, **kwargs})


def _csv(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _pairs_with_check_ins(program: Program, count: int) -> list[Pair]:
    pairs = [live_pair(program=program) for _ in range(count)]
    for number, pair in enumerate(pairs):
        session = book(pair, in_days(2))
        for author, usefulness in ((pair.mentor, 3 + number % 2), (pair.mentee, 4)):
            CheckIn.objects.create(
                session=session,
                pair=pair,
                author=author,
                due_at=session.starts_at,
                expires_at=session.starts_at + timedelta(days=14),
                took_place="held",
                usefulness=usefulness,
                fit=Fit.WORKING,
                answered_at=session.starts_at,
                comment=MARKER,
            )
    health_recompute_all()
    return pairs


def test_every_catalogue_kpi_has_a_measure() -> None:
    from upward.programs.catalogue import CUSTOM_KPI, KPI_CATALOGUE

    assert set(KPI_CATALOGUE) - {CUSTOM_KPI, "mentor_retention"} <= set(MEASURES)


def test_usefulness_is_the_mean_of_every_rating_and_needs_ten(program_manager) -> None:
    program = running_program(managers=[program_manager])
    Kpi.objects.create(program=program, kind="usefulness", name="Use", target=Decimal("3"))
    _pairs_with_check_ins(program, 4)  # 8 ratings: not enough yet

    (value,) = program_kpi_values(program, timezone.now())
    assert value.status == Status.NOT_MEASURED
    assert "8 check-ins rated, 10 needed" in value.measured.reason

    _pairs_with_check_ins(program, 2)  # 12 ratings: 6 x 4 + 3 x 3 + 3 x 4
    (value,) = program_kpi_values(program, timezone.now())
    assert value.measured.value == Decimal("3.8")
    assert value.status == Status.MET


def test_a_custom_kpi_takes_its_value_from_its_measure(program_manager) -> None:
    program = running_program(managers=[program_manager])
    Kpi.objects.create(
        program=program,
        kind="custom",
        measure="at_risk",
        name="Pairs we worry about",
        comparator="lte",
        target=Decimal("10"),
        unit="%",
    )
    _pairs_with_check_ins(program, 4)

    (value,) = program_kpi_values(program, timezone.now())
    assert value.measured.value == Decimal("0.0")
    assert value.status == Status.MET
    assert value.definition.startswith("Live pairs whose health is 'at risk'")


def test_the_report_costs_the_same_queries_and_bytes_for_4_or_24_pairs(
    program_manager, program_manager_client
) -> None:
    program = running_program(managers=[program_manager])
    Kpi.objects.create(program=program, kind="usefulness", name="Use", target=Decimal("3"))
    Kpi.objects.create(program=program, kind="cadence_kept", name="Rhythm", target=Decimal("80"))
    _pairs_with_check_ins(program, 4)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = program_manager_client.get(_url(program))
        assert response.status_code == 200
        return len(queries), len(response.content)

    queries_small, size_small = measure()
    _pairs_with_check_ins(program, 20)
    queries_large, size_large = measure()

    assert queries_large == queries_small
    assert abs(size_large - size_small) < 400  # digits grow, nothing per pair


def test_no_private_words_reach_the_report_or_its_csvs(pair, program_manager_client) -> None:
    session = book(pair, in_days(3))
    SessionNote.objects.create(
        session=session, author=pair.mentor, visibility=NoteVisibility.PRIVATE, text=MARKER
    )
    CheckIn.objects.create(
        session=session,
        pair=pair,
        author=pair.mentee,
        due_at=session.starts_at,
        expires_at=session.starts_at + timedelta(days=14),
        took_place="held",
        usefulness=3,
        comment=MARKER,
        share_comment=True,
        answered_at=session.starts_at,
    )
    concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text=MARKER)
    Reflection.objects.create(pair=pair, author=pair.mentor, text=MARKER, recommend=9)

    page = program_manager_client.get(_url(pair.program)).content.decode()
    assert MARKER not in page
    for key in ("kpis", "funnel", "check-in-ratings", "closing-survey", "learnings", "retention"):
        rows = _csv(program_manager_client, _url(pair.program, "report_csv", key=key))
        assert MARKER not in str(rows)


def test_cells_that_look_like_formulas_are_neutralised(
    program_manager, program_manager_client
) -> None:
    program = running_program(managers=[program_manager])
    skill = SkillFactory(name='=HYPERLINK("http://evil.example","x")')
    pair = live_pair(program=program)
    pair.mentee.skill_links.create(skill=skill, priority=0)

    rows = _csv(program_manager_client, _url(program, "report_csv", key="learnings"))

    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert any("HYPERLINK" in cell for cell in cells)


def test_an_unknown_table_is_a_404(pair, program_manager_client) -> None:
    assert (
        program_manager_client.get(_url(pair.program, "report_csv", key="nope")).status_code == 404
    )


@pytest.mark.parametrize("who", ["mentor", "mentee", "outsider", "other_manager"])
def test_nobody_but_its_managers_reads_a_programs_report(request, pair, who) -> None:
    user = (
        make_manager(running_program()) if who == "other_manager" else request.getfixturevalue(who)
    )
    client = Client()
    client.force_login(user)
    assert client.get(_url(pair.program)).status_code == 404
    assert client.get(_url(pair.program, "report_csv", key="funnel")).status_code == 404


def test_inclusion_tables_hide_small_groups_and_every_view_is_audited(
    program_manager, program_manager_client
) -> None:
    program = running_program(managers=[program_manager])
    Program.objects.filter(pk=program.pk).update(objectives=[Objective.INCLUSION])
    program.refresh_from_db()
    for number in range(12):
        pair = live_pair(program=program)
        for registration in (pair.mentor, pair.mentee):
            SelfIdentification.objects.create(
                registration=registration,
                consent_given_at=timezone.now(),
                purpose_version="2025-1",
                answers={"disability": "yes" if number < 2 else "no"},
            )

    page = program_manager_client.get(_url(program)).content.decode()
    rows = _csv(program_manager_client, _url(program, "report_csv", key="inclusion-disability"))

    yes = next(row for row in rows if row[0] == "Yes")
    assert yes[1:] == ["fewer than 5", "fewer than 5", "fewer than 5"]
    # "Did not answer" (0 each) is hidden too, so the two hidden rows only ever add up together.
    silent = next(row for row in rows if row[0] == "Did not answer")
    assert silent[1:] == ["fewer than 5", "fewer than 5", "fewer than 5"]
    assert next(row for row in rows if row[0] == "No") == ["No", "10", "10", "20"]
    assert "I consider myself to have a disability" in page
    assert AuditEntry.objects.filter(action="report.inclusion_viewed").count() == 2


def test_the_overview_lists_what_each_may_see(
    program_manager, program_manager_client, admin_client, mentor_client
) -> None:
    mine = running_program(managers=[program_manager])
    theirs = running_program()

    page = program_manager_client.get(reverse("reports:overview")).content.decode()
    assert mine.name in page and theirs.name not in page
    everything = admin_client.get(reverse("reports:overview")).content.decode()
    assert mine.name in everything and theirs.name in everything
    assert mentor_client.get(reverse("reports:overview")).status_code == 404
    assert mentor_client.get(reverse("reports:overview_csv")).status_code == 404


def test_the_roles_are_mentor_junior_and_mentee_senior_in_the_before_after_table(
    program_manager, program_manager_client
) -> None:
    program = running_program(managers=[program_manager])
    rows = _csv(program_manager_client, _url(program, "report_csv", key="before-after"))
    assert rows[1][:2] == ["Mentees", "Every skill they asked for"]
    assert any(row[:2] == ["Mentors", "Every development area"] for row in rows)
    assert ParticipantRole.MENTOR.label.startswith("Mentor (junior")


def test_the_weekly_snapshot_keeps_each_kpi_and_a_closed_programs_final_figures(
    program_manager,
) -> None:
    from upward.programs.models import ProgramStatus
    from upward.reports.models import KpiSnapshot
    from upward.reports.services import kpi_snapshots_week

    program = running_program(managers=[program_manager])
    Kpi.objects.create(program=program, kind="usefulness", name="Use", target=Decimal("3"))
    _pairs_with_check_ins(program, 6)

    assert kpi_snapshots_week() == 1
    assert kpi_snapshots_week() == 1  # the same week again: updated, not doubled
    snapshot = KpiSnapshot.objects.get()
    assert snapshot.value == Decimal("3.8") and not snapshot.final

    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.CLOSED)
    assert kpi_snapshots_week() == 1
    assert KpiSnapshot.objects.get().final
    assert kpi_snapshots_week() == 0  # closed and final: left alone


@pytest.mark.parametrize("paper, width_points", [("a4", 595), ("letter", 612)])
def test_the_pdf_holds_the_report_on_the_paper_asked(
    program_manager, program_manager_client, paper, width_points
) -> None:
    from pypdf import PdfReader

    program = running_program(managers=[program_manager])
    Kpi.objects.create(program=program, kind="usefulness", name="Use it", target=Decimal("3"))
    _pairs_with_check_ins(program, 6)

    response = program_manager_client.get(_url(program, "report_pdf") + f"?paper={paper}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert program.name in text
    assert "KPIs against their targets" in text and "Use it" in text
    assert "From eligible to completed" in text
    assert MARKER not in text  # check-in comments never reach the report
    assert round(float(reader.pages[0].mediabox.width)) == width_points


def test_a_long_pdf_repeats_each_tables_header_on_every_page(
    program_manager, program_manager_client
) -> None:
    from pypdf import PdfReader

    program = running_program(managers=[program_manager])
    Program.objects.filter(pk=program.pk).update(
        registration_opens_on=program.starts_on - timedelta(days=800),
        registration_closes_on=program.starts_on - timedelta(days=760),
        matching_on=program.starts_on - timedelta(days=750),
        starts_on=program.starts_on - timedelta(days=740),
    )
    live_pair(program=program)

    response = program_manager_client.get(_url(program, "report_pdf"))

    reader = PdfReader(io.BytesIO(response.content))
    week_pages = [p.extract_text() for p in reader.pages if "Sessions held" in p.extract_text()]
    assert len(reader.pages) > 3
    assert len(week_pages) >= 2  # the weekly table spans pages, its header on each


def _program_started_months_ago(program_manager, months: int) -> Program:
    from upward.programs.services.program_defaults import add_months

    program = running_program(managers=[program_manager])
    start = add_months(timezone.localdate(), -months)
    Program.objects.filter(pk=program.pk).update(
        registration_opens_on=start - timedelta(days=60),
        registration_closes_on=start - timedelta(days=30),
        matching_on=start - timedelta(days=20),
        starts_on=start,
        ends_on=start + timedelta(days=330),
    )
    program.refresh_from_db()
    return program


def test_retention_and_promotion_are_compared_with_like_colleagues(program_manager) -> None:
    from upward.people.models import DirectoryChange
    from upward.people.tests.factories import DepartmentFactory, PersonFactory
    from upward.programs.tests.factories import RegistrationFactory
    from upward.reports.retention import retention

    program = _program_started_months_ago(program_manager, 13)
    start = program.starts_on
    sales = DepartmentFactory(name="Sales")
    hired = start - timedelta(days=400)  # tenure band 1-3 years at the start
    mentors = [PersonFactory(level=2, department=sales, hire_date=hired) for _ in range(6)]
    others = [PersonFactory(level=2, department=sales, hire_date=hired) for _ in range(12)]
    for person in mentors:
        RegistrationFactory(program=program, person=person, role=ParticipantRole.MENTOR)
    type(others[0]).objects.filter(pk=others[0].pk).update(
        leave_date=start + timedelta(days=90), is_active=False
    )
    for person in mentors[:2] + others[:1]:
        DirectoryChange.objects.create(
            person=person,
            field=DirectoryChange.Field.LEVEL,
            old_level=2,
            new_level=3,
            changed_on=start + timedelta(days=200),
        )
    PersonFactory(level=7, hire_date=hired)  # not comparable: another stratum

    now = timezone.now()
    stayed = retention(program, months=6, role=ParticipantRole.MENTOR, now=now)
    promoted = retention(
        program, months=12, role=ParticipantRole.MENTOR, now=now, outcome="promoted"
    )
    too_soon = retention(program, months=24, role=ParticipantRole.MENTOR, now=now)

    assert (stayed.participants, stayed.comparison) == (6, 12)
    assert (stayed.participants_rate, stayed.comparison_rate) == (100.0, 91.7)
    assert stayed.difference == 8.3 and stayed.low < stayed.difference < stayed.high
    assert (promoted.participants_rate, promoted.comparison_rate, promoted.difference) == (
        33.3,
        8.3,
        25.0,
    )
    assert not too_soon.measured and "not measured yet" in too_soon.reason


def test_an_import_records_a_level_or_leave_date_change_with_its_date(administrator) -> None:
    from upward.people.importing import people_import_rows
    from upward.people.models import DirectoryChange, Person
    from upward.people.tests.importing_helpers import employee_id, person_row

    people_import_rows(rows=[person_row(1, Level="2")], actor=administrator)
    people_import_rows(rows=[person_row(1, Level="3")], actor=administrator)
    people_import_rows(
        rows=[person_row(1, Level="3", Leave_date="2026-11-30")], actor=administrator
    )

    changes = DirectoryChange.objects.filter(person=Person.objects.get(employee_id=employee_id(1)))
    assert [(c.field, c.old_level, c.new_level) for c in changes if c.field == "level"] == [
        ("level", 2, 3)
    ]
    assert changes.filter(field="leave_date").get().new_date.isoformat() == "2026-11-30"
    assert all(c.changed_on == timezone.localdate() for c in changes)
