"""A closed program's pages show its records without the links that lead to changes
(the services refuse every change once a program is closed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from upward.programs.models import ProgramStatus
from upward.programs.tests.factories import AgendaTemplateFactory, ProgramFactory

pytestmark = pytest.mark.django_db

EDIT_LINKS = (
    "Edit settings and dates",
    "Edit KPIs",
    "Edit the agreement",
    "Add or remove managers",
    "Edit eligibility",
)


def test_a_closed_programs_overview_offers_no_edits_and_no_invitations(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(status=ProgramStatus.CLOSED, managers=[program_manager])
    page = program_manager_client.get(reverse("programs:overview", args=[program.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "nothing can change any more" in html
    for label in (*EDIT_LINKS, "Invite people"):
        assert label not in html, label


def test_an_open_programs_overview_keeps_its_edit_and_invite_links(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])  # recruiting, registration open
    html = program_manager_client.get(reverse("programs:overview", args=[program.pk])).content
    for label in (*EDIT_LINKS, "Invite people"):
        assert label.encode() in html, label


def test_a_closed_programs_agendas_are_listed_without_edit_or_delete(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(status=ProgramStatus.CLOSED, managers=[program_manager])
    AgendaTemplateFactory(program=program, title="Getting to know each other")
    url = reverse("programs:agendas", args=[program.pk])
    html = program_manager_client.get(url).content.decode()
    assert "Getting to know each other" in html
    assert "Delete" not in html and ">Edit<" not in html and "Add agenda" not in html
