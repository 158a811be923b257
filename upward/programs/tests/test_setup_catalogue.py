"""The ready-made templates are complete enough to run a program from day one."""

from __future__ import annotations

import pytest

from upward.programs.catalogue import KPI_CATALOGUE, PROGRAM_TEMPLATES
from upward.programs.models import Objective
from upward.programs.services.setup import MAX_KPIS, MIN_KPIS

TEMPLATES = list(PROGRAM_TEMPLATES.values())
VARIABLES = ("{program}", "{cadence}", "{session_minutes}", "{starts_on}", "{ends_on}")


def test_there_are_at_least_three_templates() -> None:
    assert len(PROGRAM_TEMPLATES) >= 3


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_each_template_is_complete(template) -> None:
    assert template.objectives and set(template.objectives) <= set(Objective.values)
    assert MIN_KPIS <= len(template.kpis) <= MAX_KPIS
    assert all(kind in KPI_CATALOGUE for kind, _ in template.kpis)
    assert 6 <= template.duration_months <= 12
    assert template.cadence_weeks >= 1 and template.session_minutes >= 15
    assert 5 <= len(template.agendas) <= 8
    assert template.agendas[0].title == "Getting to know each other"
    assert all(agenda.steps for agenda in template.agendas)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_agreement_uses_every_variable_and_covers_confidentiality(template) -> None:
    for variable in VARIABLES:
        assert variable in template.agreement_text
    assert "Confidentiality" in template.agreement_text
    assert "off-limits" in template.agreement_text.lower()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_guides_are_short_enough_to_read(template) -> None:
    for guide in (template.mentor_guide, template.mentee_guide):
        assert 200 <= len(guide.body.split()) <= 400, guide.title
