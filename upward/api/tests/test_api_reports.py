"""KPIs and report tables through the API: the report page's figures and suppression,
its managers only; `kpi.off_target` once when a KPI falls behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from upward.api.sweeps import kpis_off_target_announce
from upward.core import events
from upward.core.models import AuditEntry
from upward.pairs.tests.space_fixtures import live_pair, running_program
from upward.programs.models import Kpi, Objective, Program, SelfIdentification

pytestmark = pytest.mark.django_db


@pytest.fixture
def inclusion_program(program_manager):
    program = running_program(managers=[program_manager])
    Program.objects.filter(pk=program.pk).update(objectives=[Objective.INCLUSION])
    for number in range(12):
        pair = live_pair(program=program)
        for registration in (pair.mentor, pair.mentee):
            SelfIdentification.objects.create(
                registration=registration,
                consent_given_at=timezone.now(),
                purpose_version="2025-1",
                answers={"disability": "yes" if number < 2 else "no"},
            )
    Kpi.objects.create(
        program=program,
        kind="custom",
        measure="at_risk",
        name="Pairs we worry about",
        comparator="lte",
        target=Decimal("10"),
        unit="%",
    )
    return program


def test_kpis_and_tables_match_the_report_with_small_groups_hidden(
    api_as, program_manager, inclusion_program
):
    client = api_as(program_manager, "read")
    kpis = client.get(f"/api/v1/programs/{inclusion_program.pk}/kpis").json()
    assert kpis[0]["name"] == "Pairs we worry about"
    assert kpis[0]["status"] in {"met", "on_track", "behind", "missed", "not_measured"}
    keys = client.get(f"/api/v1/programs/{inclusion_program.pk}/report").json()
    assert {"kpis", "funnel", "inclusion-disability"} <= set(keys)
    table = client.get(
        f"/api/v1/programs/{inclusion_program.pk}/report/inclusion-disability"
    ).json()
    yes = next(row for row in table["rows"] if row[0] == "Yes")
    assert yes[1:] == ["fewer than 5", "fewer than 5", "fewer than 5"]
    assert AuditEntry.objects.filter(action="report.inclusion_viewed").count() == 1
    assert client.get(f"/api/v1/programs/{inclusion_program.pk}/report/nope").status_code == 404


@pytest.mark.parametrize("who", ["mentor", "outsider", "other_manager"])
def test_nobody_but_its_managers_reads_a_programs_figures(
    request, api_as, inclusion_program, who, django_user_model
):
    from upward.accounts.models import Role

    if who == "other_manager":
        user = django_user_model.objects.create_user(
            "else@example.com", "pw-12345678", role=Role.PROGRAM_MANAGER
        )
    else:
        user = request.getfixturevalue(who)
    client = api_as(user, "read")
    for path in ("kpis", "report", "report/funnel", "report/inclusion-disability"):
        assert client.get(f"/api/v1/programs/{inclusion_program.pk}/{path}").status_code == 404
    assert not AuditEntry.objects.filter(action="report.inclusion_viewed").exists()


def _health(pair, state):
    from upward.feedback.models import PairHealth

    PairHealth.objects.update_or_create(
        pair=pair,
        defaults={"state": state, "score": 20, "reasons": [], "computed_at": timezone.now()},
    )


def test_a_kpi_falling_behind_is_announced_once(
    program_manager, administrator, settings, monkeypatch
):
    from upward.api.webhooks.services import webhook_endpoint_create

    settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = True
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
    pairs = [live_pair(program=program) for _ in range(4)]
    for pair in pairs:
        _health(pair, "at_risk")  # 100 % at risk against at most 10 %: behind
    heard: list[tuple] = []
    monkeypatch.setattr(events, "_listeners", [lambda *args: heard.append(args)])
    assert kpis_off_target_announce() == 0  # nobody subscribed: not even computed
    with transaction.atomic():
        webhook_endpoint_create(
            actor=administrator, url="http://127.0.0.1:9/x", events=["kpi.off_target"]
        )
    assert kpis_off_target_announce() == 1
    assert kpis_off_target_announce() == 0
    for pair in pairs:
        _health(pair, "on_track")
    assert kpis_off_target_announce() == 0  # back on target: forgotten
    for pair in pairs:
        _health(pair, "at_risk")
    assert kpis_off_target_announce() == 1
    assert [args[0] for args in heard] == ["kpi.off_target", "kpi.off_target"]
    data = heard[0][1]
    assert data["kpi_name"] == "Pairs we worry about" and data["status"] == "behind"
    assert heard[0][2] == program.pk
