"""The retention sweep years later: the demo's closed program keeps its KPIs (issue 13)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from upward.demo.programs import CLOSED_NAME, demo_programs
from upward.feedback.models import CheckIn
from upward.pairs.models import Message, SessionNote
from upward.privacy.retention import retention_run
from upward.programs.models import SelfIdentification
from upward.reports.kpis import program_kpi_values


def _kpis(program) -> dict[str, object]:
    return {
        value.kpi.name: (value.measured.value, value.status)
        for value in program_kpi_values(program, timezone.now())
    }


def test_a_closed_programs_kpis_survive_the_sweep_of_what_they_were_measured_on(seeded):
    program = demo_programs().get(name=CLOSED_NAME)
    registrations = program.registrations.all()
    assert SelfIdentification.objects.filter(registration__in=registrations).exists()
    before = _kpis(program)
    assert any(value is not None for value, _status in before.values())

    with time_machine.travel(timezone.now() + timedelta(days=3 * 365), tick=False):
        done = retention_run()
    assert done.deleted["self_identification"] > 0
    assert done.deleted["private_notes"] > 0
    assert not SelfIdentification.objects.filter(registration__in=registrations).exists()
    assert not SessionNote.objects.filter(session__pair__program=program).exists()
    assert not Message.objects.filter(pair__program=program).exists()
    assert not CheckIn.objects.filter(pair__program=program).exclude(comment="").exists()

    assert _kpis(program) == before
