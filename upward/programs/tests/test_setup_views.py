"""Program set-up pages: who may open them, and what they do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import Role
from upward.accounts.tests.factories import UserFactory
from upward.core.testing.urls import url_names_of
from upward.people.tests.factories import PersonFactory
from upward.programs.models import Program, ProgramStatus
from upward.programs.services.setup import program_create
from upward.programs.tests.factories import (
    AgendaTemplateFactory,
    EligibilityFactory,
    KpiFactory,
    PreparationGuideFactory,
    ProgramFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
    make_manager,
)

pytestmark = pytest.mark.django_db


def program_urls(program: Program) -> list[tuple[str, str]]:
    """(method, url) for every set-up URL about `program`: one per URL name."""
    agenda = AgendaTemplateFactory(program=program)
    guide = PreparationGuideFactory(program=program)
    question = RegistrationQuestionFactory(program=program)
    manager = program.manager_links.first()
    pk = program.pk
    urls = [
        ("get", reverse("programs:overview", args=[pk])),
        ("post", reverse("programs:transition", args=[pk])),
        ("post", reverse("programs:transition_confirm", args=[pk, "closed"])),
        ("get", reverse("programs:settings", args=[pk])),
        ("post", reverse("programs:settings", args=[pk])),
        ("get", reverse("programs:kpis", args=[pk])),
        ("get", reverse("programs:eligibility", args=[pk])),
        ("post", reverse("programs:eligibility_preview", args=[pk, "mentor"])),
        ("get", reverse("programs:eligible_people", args=[pk, "mentee"])),
        ("get", reverse("programs:managers", args=[pk])),
        ("get", reverse("programs:manager_remove", args=[pk, manager.user_id])),
        ("post", reverse("programs:manager_remove", args=[pk, manager.user_id])),
    ]
    for kind, item in (("agenda", agenda), ("guide", guide), ("question", question)):
        urls += [
            ("get", reverse(f"programs:{kind}s", args=[pk])),
            ("get", reverse(f"programs:{kind}_create", args=[pk])),
            ("get", reverse(f"programs:{kind}_edit", args=[pk, item.pk])),
            ("get", reverse(f"programs:{kind}_delete", args=[pk, item.pk])),
            ("post", reverse(f"programs:{kind}_delete", args=[pk, item.pk])),
        ]
    return urls


def test_every_content_url_name_is_covered() -> None:
    names = url_names_of("upward.programs.views.content")
    assert names == {
        f"{kind}{suffix}"
        for kind in ("agenda", "guide", "question")
        for suffix in ("s", "_create", "_edit", "_delete")
    }


def test_every_program_url_name_is_covered() -> None:
    covered = {
        "overview",
        "transition",
        "transition_confirm",
        "settings",
        "kpis",
        "eligibility",
        "eligibility_preview",
        "eligible_people",
        "managers",
        "manager_remove",
    }
    names = (
        url_names_of("upward.programs.views.setup")
        | url_names_of("upward.programs.views.setup_status")
    ) - {"list", "create"}
    assert names == covered


def test_a_manager_of_program_a_gets_404_on_every_url_of_program_b(
    program_manager, program_manager_client
) -> None:
    ProgramFactory(managers=[program_manager])
    other = ProgramFactory(name="B", status=ProgramStatus.DRAFT)
    make_manager(other)
    before = other.updated_at
    for method, url in program_urls(other):
        response = getattr(program_manager_client, method)(url, {"status": "recruiting"})
        assert response.status_code == 404, (method, url)
    other.refresh_from_db()
    assert (other.status, other.updated_at) == (ProgramStatus.DRAFT, before)
    assert other.agendas.exists() and other.manager_links.exists()


@pytest.mark.parametrize("persona", ["mentor_client", "mentee_client", "outsider_client"])
def test_members_are_refused_every_manager_page(request, persona) -> None:
    client = request.getfixturevalue(persona)
    program = ProgramFactory()
    make_manager(program)
    urls = [("get", reverse("programs:list")), ("get", reverse("programs:create"))]
    for method, url in urls + program_urls(program):
        assert getattr(client, method)(url).status_code in (403, 404), (method, url)


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    program = ProgramFactory()
    make_manager(program)
    for method, url in [("get", reverse("programs:list")), *program_urls(program)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


def test_administrators_can_open_every_program_page(administrator_client) -> None:
    program = ProgramFactory()
    make_manager(program)
    for method, url in program_urls(program):
        if method == "get":
            assert administrator_client.get(url).status_code == 200, url


def test_manager_creates_a_program_from_a_template(program_manager, program_manager_client) -> None:
    response = program_manager_client.post(
        reverse("programs:create"),
        {"template": "inclusive-leadership", "name": "Inclusive leaders 2026", "starts_on": ""},
    )
    program = Program.objects.get(name="Inclusive leaders 2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:overview", args=[program.pk])
    assert program.template_key == "inclusive-leadership"
    page = program_manager_client.get(response["Location"])
    assert page.status_code == 200
    assert b"Open recruiting" in page.content


def test_new_program_page_offers_every_template(program_manager_client) -> None:
    response = program_manager_client.get(reverse("programs:create"))
    assert response.status_code == 200
    for key in ("digital-leadership", "inclusive-leadership", "new-generation", "blank"):
        assert f'value="{key}"'.encode() in response.content


def test_transition_buttons_move_the_program_and_refusals_are_explained(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager], status=ProgramStatus.RUNNING)
    url = reverse("programs:transition", args=[program.pk])
    response = program_manager_client.post(url, {"status": "recruiting"}, follow=True)
    assert "A running program can only be closed." in response.content.decode()
    confirm = reverse("programs:transition_confirm", args=[program.pk, "closed"])
    # Closing has no way back: the plain button only leads to its confirmation page.
    assert program_manager_client.post(url, {"status": "closed"})["Location"] == confirm
    program.refresh_from_db()
    assert program.status == ProgramStatus.RUNNING
    assert program_manager_client.post(confirm).status_code == 302
    program.refresh_from_db()
    assert program.status == ProgramStatus.CLOSED


def test_settings_form_saves_and_explains_bad_dates(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    url = reverse("programs:settings", args=[program.pk])
    form = program_manager_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["cadence_weeks"] = 4
    data["ends_on"] = (program.starts_on - timedelta(days=1)).isoformat()
    response = program_manager_client.post(url, data)
    assert "The program must end after it starts." in response.content.decode()
    data["ends_on"] = (program.starts_on + timedelta(days=200)).isoformat()
    assert program_manager_client.post(url, data).status_code == 302
    program.refresh_from_db()
    assert program.cadence_weeks == 4


def _kpi_post(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    data = {"kpi-TOTAL_FORMS": "5", "kpi-INITIAL_FORMS": "0"}
    for index in range(5):
        kind, target, name = rows[index] if index < len(rows) else ("", "", "")
        data |= {
            f"kpi-{index}-kind": kind,
            f"kpi-{index}-target": target,
            f"kpi-{index}-name": name,
            f"kpi-{index}-comparator": "gte",
            f"kpi-{index}-measure": "sessions_per_month" if kind == "custom" else "",
        }
    return data


def test_kpi_page_needs_two_to_five(program_manager, program_manager_client) -> None:
    program = ProgramFactory(managers=[program_manager])
    url = reverse("programs:kpis", args=[program.pk])
    response = program_manager_client.post(url, _kpi_post([("usefulness", "3", "")]))
    assert "Choose 2 to 5 KPIs; you chose 1." in response.content.decode()
    response = program_manager_client.post(
        url, _kpi_post([("usefulness", "3", ""), ("custom", "2", "Ideas adopted")])
    )
    assert response.status_code == 302
    assert list(program.kpis.values_list("name", flat=True)) == [
        "Average usefulness rating",
        "Ideas adopted",
    ]


def test_eligibility_page_saves_and_previews_counts(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    PersonFactory.create_batch(3, level=7)
    PersonFactory.create_batch(2, level=2)
    data = {"role": "mentee", "mentee-min_level": "6", "mentee-min_tenure_months": "0"}
    preview = program_manager_client.post(
        reverse("programs:eligibility_preview", args=[program.pk, "mentee"]), data
    )
    # The program manager persona (level 4) is in the directory too.
    assert "<strong>3</strong> people" in preview.content.decode()
    response = program_manager_client.post(reverse("programs:eligibility", args=[program.pk]), data)
    assert response.status_code == 302
    assert program.eligibility.get(role="mentee").min_level == 6
    overview = program_manager_client.get(reverse("programs:overview", args=[program.pk]))
    assert "Level 6 or above" in overview.content.decode()


def test_managers_page_adds_and_removes(program_manager, program_manager_client) -> None:
    program = ProgramFactory(managers=[program_manager])
    colleague = UserFactory(role=Role.PROGRAM_MANAGER, full_name="Cleo Colleague")
    url = reverse("programs:managers", args=[program.pk])
    assert program_manager_client.post(url, {"user": colleague.pk}).status_code == 302
    assert set(program.managers.all()) == {program_manager, colleague}
    remove = reverse("programs:manager_remove", args=[program.pk, colleague.pk])
    assert program_manager_client.post(remove).status_code == 302
    last = reverse("programs:manager_remove", args=[program.pk, program_manager.pk])
    response = program_manager_client.post(last, follow=True)
    assert "at least one manager" in response.content.decode()


def test_content_pages_add_edit_and_delete_an_agenda(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    new = reverse("programs:agenda_create", args=[program.pk])
    data = {
        "title": "Generative AI at work",
        "summary": "",
        "outline": "Try it\nCheck it",
        "minutes": 45,
    }
    assert program_manager_client.post(new, data).status_code == 302
    agenda = program.agendas.get()
    edit = reverse("programs:agenda_edit", args=[program.pk, agenda.pk])
    program_manager_client.post(edit, data | {"minutes": 60})
    agenda.refresh_from_db()
    assert agenda.minutes == 60
    page = program_manager_client.get(reverse("programs:agendas", args=[program.pk]))
    assert "Check it" in page.content.decode()
    program_manager_client.post(reverse("programs:agenda_delete", args=[program.pk, agenda.pk]))
    assert not program.agendas.exists()


def test_overview_shows_panels_only_when_their_templates_exist(
    program_manager, program_manager_client, settings
) -> None:
    program = ProgramFactory(managers=[program_manager])
    response = program_manager_client.get(reverse("programs:overview", args=[program.pk]))
    assert response.status_code == 200


# --- Fixed query counts -----------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_programs(manager, count: int) -> None:
    for _ in range(count):
        program = ProgramFactory(managers=[manager])
        KpiFactory.create_batch(2, program=program)
        RegistrationFactory.create_batch(2, program=program)


def test_program_list_costs_the_same_for_2_or_12_programs(
    program_manager, program_manager_client
) -> None:
    url = reverse("programs:list")
    _add_programs(program_manager, 2)
    small = _queries(program_manager_client, url)
    _add_programs(program_manager, 10)
    assert _queries(program_manager_client, url) == small


def test_eligible_people_costs_the_same_for_5_or_60_people(
    program_manager, program_manager_client
) -> None:
    program = ProgramFactory(managers=[program_manager])
    EligibilityFactory(program=program, role="mentor", max_level=3)
    url = reverse("programs:eligible_people", args=[program.pk, "mentor"])
    PersonFactory.create_batch(5, level=2)
    small = _queries(program_manager_client, url)
    PersonFactory.create_batch(55, level=2)
    assert _queries(program_manager_client, url) == small


def test_overview_costs_the_same_however_many_kpis_and_managers(
    program_manager, program_manager_client
) -> None:
    program = program_create(
        actor=program_manager,
        name="X",
        template_key="new-generation",
        starts_on=timezone.localdate() + timedelta(days=40),
    )
    url = reverse("programs:overview", args=[program.pk])
    small = _queries(program_manager_client, url)
    for _ in range(3):
        make_manager(program)
    KpiFactory(program=program)
    assert _queries(program_manager_client, url) == small
