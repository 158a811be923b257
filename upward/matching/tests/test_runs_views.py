"""Match-run pages: who may see them, what they show, what they cost."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upward.core.statistics import tables_analyze
from upward.core.testing.statistics import statistics_as_if_analyzed_empty
from upward.core.testing.urls import routes
from upward.matching.models import MatchRun, PairConstraint, Proposal, RunStatus
from upward.matching.tests.runs_fixtures import register
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory
from upward.programs.models import Program, Registration
from upward.programs.tests.factories import ProgramFactory, make_manager

pytestmark = [pytest.mark.planner_statistics, pytest.mark.django_db]


# Every manager page of a program's matching (the participant's suggestions page aside).
RUN_ROUTES = [
    route
    for route in routes()
    if route.name.startswith("matching:") and "program_id" in route.kwargs
]


def url_kwargs(route, program: Program, run: MatchRun, constraint_id: int) -> dict[str, int]:
    kwargs = {"program_id": program.pk}
    if "run_id" in route.kwargs:
        kwargs["run_id"] = run.pk
    if "constraint_id" in route.kwargs:
        kwargs["constraint_id"] = constraint_id
    return kwargs


@pytest.fixture
def small_run(program_manager: Any, matching_program: Program) -> MatchRun:
    for _ in range(3):
        register(matching_program, PersonFactory(level=1), "mentor")
        register(matching_program, PersonFactory(level=7), "mentee")
    client_run = MatchRun.objects.create(program=matching_program, status=RunStatus.DONE)
    return client_run


def test_the_manager_runs_a_preview_and_reads_pairs_and_reasons(
    program_manager_client, matching_program, small_run
):
    response = program_manager_client.post(
        reverse("matching:run_new", args=[matching_program.pk]), {"label": "first try"}
    )
    run = MatchRun.objects.exclude(pk=small_run.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "matching:run_detail", args=[matching_program.pk, run.pk]
    )
    page = program_manager_client.get(response["Location"]).content.decode()
    assert "Proposed pairs (3)" in page
    assert "Score distribution" in page and 'id="histogram-data"' in page
    assert 'class="contrib-bar"' in page and "Availability" in page


def test_another_programs_manager_gets_404_on_every_matching_url(matching_program, small_run):
    stranger = make_manager(ProgramFactory())
    constraint = PairConstraint.objects.create(
        program=matching_program,
        mentor=Registration.objects.filter(role="mentor").first(),
        mentee=Registration.objects.filter(role="mentee").first(),
        kind="forbid",
    )
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    for route in RUN_ROUTES:
        url = reverse(
            route.name, kwargs=url_kwargs(route, matching_program, small_run, constraint.pk)
        )
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code in (404, 405), url
        # 405 only where a GET or POST is simply not the method; the other one is 404.
        assert 404 in (client.get(url).status_code, client.post(url).status_code), url


@pytest.mark.parametrize("persona", ["outsider_client", "mentor_client", "mentee_client"])
def test_participants_and_outsiders_are_turned_away(request, persona, matching_program, small_run):
    client = request.getfixturevalue(persona)
    for route in RUN_ROUTES:
        url = reverse(route.name, kwargs=url_kwargs(route, matching_program, small_run, 1))
        assert client.get(url).status_code in (403, 404, 405), url
        assert client.post(url).status_code in (403, 404, 405), url


def _fill(run: MatchRun, program: Program, n: int) -> None:
    mentors = [
        Registration(program=program, person=PersonFactory(level=1), role="mentor", timezone="UTC")
        for _ in range(2)
    ]
    Registration.objects.bulk_create(mentors)
    people = PersonFactory.create_batch(n, level=7)
    mentees = [
        Registration(program=program, person=p, role="mentee", timezone="UTC") for p in people
    ]
    Registration.objects.bulk_create(mentees)
    mentors = list(Registration.objects.filter(program=program, role="mentor"))
    mentees = list(Registration.objects.filter(program=program, role="mentee"))
    Proposal.objects.bulk_create(
        Proposal(
            run=run,
            mentor=mentors[k % 2],
            mentee=m,
            score=50 + k % 50,
            contributions={"skills": 30.0, "availability": 20.0},
            reasons=["Teaches what they want", "Both free Tuesday 9-11 UTC"],
        )
        for k, m in enumerate(mentees)
    )
    # As the run service does after storing its proposals (upward.core.statistics); the
    # people and registrations stand for rows autovacuum has long analyzed.
    tables_analyze(Person, Registration, Proposal, rows_written=n)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_proposals_page_costs_the_same_queries_for_20_or_2000_pairs(
    program_manager, program_manager_client
):
    # On PostgreSQL, from the statistics a default cluster's autovacuum can leave (issue
    # 16: this page then sat 16 minutes in one SELECT); the statement timeout fails it.
    statistics_as_if_analyzed_empty(Person, Registration, Proposal)
    small_program = ProgramFactory(status="matching", managers=[program_manager])
    large_program = ProgramFactory(status="matching", managers=[program_manager])
    small = MatchRun.objects.create(program=small_program, status=RunStatus.DONE)
    large = MatchRun.objects.create(program=large_program, status=RunStatus.DONE)
    _fill(small, small_program, 20)
    _fill(large, large_program, 2000)
    small_url = reverse("matching:run_detail", args=[small_program.pk, small.pk])
    large_url = reverse("matching:run_detail", args=[large_program.pk, large.pk])
    _queries(program_manager_client, small_url)  # warm the session and caches
    assert _queries(program_manager_client, small_url) == _queries(
        program_manager_client, large_url
    )
    assert _queries(program_manager_client, f"{large_url}?page=20") == _queries(
        program_manager_client, small_url
    )


def test_a_running_run_shows_progress_that_polls_every_second(
    program_manager_client, matching_program
):
    run = MatchRun.objects.create(
        program=matching_program,
        status=RunStatus.RUNNING,
        progress=40,
        progress_message="Scoring every possible pair",
    )
    page = program_manager_client.get(
        reverse("matching:run_detail", args=[matching_program.pk, run.pk])
    ).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page and "Scoring every possible pair" in page
    run.status = RunStatus.DONE
    run.save()
    fragment = program_manager_client.get(
        reverse("matching:run_progress", args=[matching_program.pk, run.pk]),
        headers={"HX-Request": "true"},
    )
    assert fragment["HX-Refresh"] == "true"
    assert "every 1s" not in fragment.content.decode()


def test_settings_page_explains_every_rule_and_saves(program_manager_client, matching_program):
    url = reverse("matching:match_settings", args=[matching_program.pk])
    page = program_manager_client.get(url).content.decode()
    assert "Never in the same reporting line" in page and "speak freely" in page
    response = program_manager_client.post(
        url,
        {
            "objective": "fair",
            "min_level_gap": "2",
            "exclude_same_reporting_line": "on",
            "require_common_language": "on",
            "difference_attributes": ["department"],
            "weight_skills": "3",
            "weight_goals": "1",
            "weight_availability": "4",
            "weight_difference": "1",
            "self_service": "on",
            "response_days": "10",
        },
    )
    assert response.status_code == 302
    matching_program.match_settings.refresh_from_db()
    assert matching_program.match_settings.weights["availability"] == 4
    assert matching_program.match_settings.rules["min_level_gap"] == 2
    assert matching_program.match_settings.self_service is True
    assert matching_program.match_settings.response_days == 10


def test_self_service_and_the_answer_window_have_controls(program_manager_client, matching_program):
    url = reverse("matching:match_settings", args=[matching_program.pk])
    page = program_manager_client.get(url).content.decode()

    assert '<label for="id_self_service">' in page
    assert '<label for="id_response_days">Days to answer a proposal</label>' in page
    assert "Stated preferences" not in page  # nobody can state one: not offered


def test_an_answer_window_out_of_range_is_a_clear_error(program_manager_client, matching_program):
    url = reverse("matching:match_settings", args=[matching_program.pk])
    data = {
        "objective": "optimal",
        "min_level_gap": "1",
        "weight_skills": "3",
        "weight_goals": "1",
        "weight_availability": "2",
        "weight_difference": "1",
        "response_days": "0",
    }

    response = program_manager_client.post(url, data)

    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()


@pytest.fixture
def finished_run(program_manager_client, matching_program, small_run) -> MatchRun:
    program_manager_client.post(reverse("matching:run_new", args=[matching_program.pk]))
    return MatchRun.objects.exclude(pk=small_run.pk).get()


def test_the_manager_finds_two_people_by_name_and_assigns_them_by_hand(
    program_manager_client, matching_program, finished_run
):
    proposal = finished_run.proposals.select_related("mentor__person", "mentee__person").first()
    other_mentor = (
        Registration.objects.filter(program=matching_program, role="mentor")
        .exclude(pk=proposal.mentor_id)
        .select_related("person")
        .first()
    )
    Registration.objects.filter(pk=other_mentor.pk).update(capacity=2)
    url = reverse("matching:run_assign", args=[matching_program.pk, finished_run.pk])

    found = program_manager_client.get(
        url,
        {"mentor_q": other_mentor.person.name[:6], "mentee_q": proposal.mentee.person.name},
        headers={"HX-Request": "true", "HX-Target": "assign-results"},
    )
    html = found.content.decode()
    assert found.status_code == 200
    assert "<html" not in html  # the fragment only
    assert f'name="mentor" value="{other_mentor.pk}"' in html
    assert f'name="mentee" value="{proposal.mentee_id}"' in html

    response = program_manager_client.post(
        url, {"mentor": other_mentor.pk, "mentee": proposal.mentee_id, "override_reason": ""}
    )

    assert response.status_code == 302, response.content.decode().split("assign-results")[-1][:1500]
    assigned = finished_run.proposals.get(mentee_id=proposal.mentee_id)
    assert (assigned.mentor_id, assigned.origin) == (other_mentor.pk, "manual")
    assert PairConstraint.objects.filter(
        program=matching_program, mentor=other_mentor, mentee_id=proposal.mentee_id, kind="pin"
    ).exists()


def test_assigning_without_choosing_says_what_is_missing(
    program_manager_client, matching_program, finished_run
):
    url = reverse("matching:run_assign", args=[matching_program.pk, finished_run.pk])

    response = program_manager_client.post(url, {"mentor_q": "zz", "mentee_q": "zz"})

    assert response.status_code == 400
    assert "Choose a mentor from the search results." in response.content.decode()


def test_someone_from_another_program_cannot_be_assigned(
    program_manager_client, matching_program, finished_run
):
    elsewhere = register(ProgramFactory(status="matching"), PersonFactory(level=1), "mentor")
    mentee = finished_run.proposals.first().mentee_id
    url = reverse("matching:run_assign", args=[matching_program.pk, finished_run.pk])

    response = program_manager_client.post(url, {"mentor": elsewhere.pk, "mentee": mentee})

    assert response.status_code == 400
    assert finished_run.proposals.get(mentee_id=mentee).mentor_id != elsewhere.pk


def test_the_run_page_does_not_list_every_participant(program_manager, program_manager_client):
    """The assign form searches: the page's size does not grow with the program."""
    sizes = []
    for n in (20, 400):
        program = ProgramFactory(status="matching", managers=[program_manager])
        run = MatchRun.objects.create(program=program, status=RunStatus.DONE)
        _fill(run, program, n)
        html = program_manager_client.get(
            reverse("matching:run_detail", args=[program.pk, run.pk])
        ).content
        assert b"<option" not in html.split(b'id="assign-heading"')[1]
        sizes.append(len(html))
    # One page of 100 pairs against 20 pairs: the difference is the table, not the people.
    per_row = (sizes[1] - sizes[0]) / 80
    assert per_row < 2500


def test_forbidding_a_pair_removes_it_and_says_so_in_plain_words(
    program_manager_client, matching_program, finished_run
):
    proposal = finished_run.proposals.select_related("mentor__person", "mentee__person").first()

    response = program_manager_client.post(
        reverse("matching:run_forbid", args=[matching_program.pk, finished_run.pk]),
        {"proposal": proposal.pk, "reason": "they know each other"},
        follow=True,
    )

    html = response.content.decode()
    assert "Pair forbidden: no later run will propose it." in html
    assert f"the pair with {proposal.mentor.person.name} was forbidden" in html.replace(
        "The pair", "the pair"
    )
    assert "{}" not in html
    assert not finished_run.proposals.filter(pk=proposal.pk).exists()
    assert PairConstraint.objects.get(kind="forbid").reason == "they know each other"
