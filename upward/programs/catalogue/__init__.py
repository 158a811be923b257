"""Ready-made content for programs: the KPI catalogue and program templates.

Plain data drawn from the reverse mentoring literature; program_create copies
a template into database rows so a manager can then edit everything.
"""

from __future__ import annotations

from upward.programs.catalogue.digital import DIGITAL_LEADERSHIP
from upward.programs.catalogue.inclusion import INCLUSIVE_LEADERSHIP
from upward.programs.catalogue.kpis import CUSTOM_KPI, KPI_CATALOGUE, kpi_choices
from upward.programs.catalogue.new_generation import NEW_GENERATION
from upward.programs.catalogue.types import (
    AgendaSpec,
    EligibilitySpec,
    GuideSpec,
    KpiSpec,
    ProgramTemplate,
)

PROGRAM_TEMPLATES: dict[str, ProgramTemplate] = {
    template.key: template
    for template in (DIGITAL_LEADERSHIP, INCLUSIVE_LEADERSHIP, NEW_GENERATION)
}

__all__ = [
    "CUSTOM_KPI",
    "KPI_CATALOGUE",
    "PROGRAM_TEMPLATES",
    "AgendaSpec",
    "EligibilitySpec",
    "GuideSpec",
    "KpiSpec",
    "ProgramTemplate",
    "kpi_choices",
]
