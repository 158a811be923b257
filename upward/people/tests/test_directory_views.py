"""The directory (search, filters, pages, live search) and the person page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upward.core.tests.test_pages import form_control_count, unlabelled_fields
from upward.people.models import Person
from upward.people.tests.factories import DepartmentFactory, PersonFactory

DIRECTORY = reverse("people:directory")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "directory-results"}


def _names_listed(response) -> list[str]:
    """The names in the results table, in order."""
    html = response.content.decode()
    return re.findall(r'<th scope="row" class="cell-primary">\s*<a href="[^"]+">([^<]+)</a>', html)


def _queries(client, url: str, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries)


def _org(size: int, *, start: int = 0) -> list[Person]:
    """`size` people, each managed by an earlier one, across departments and cities."""
    people: list[Person] = []
    for number in range(start, start + size):
        manager = people[number // 3 - start] if people and number // 3 >= start else None
        people.append(
            PersonFactory(
                name=f"Person {number:04d}",
                manager=manager,
                department=DepartmentFactory(name=f"Department {number % 7}"),
                location=f"City {number % 5}",
                level=1 + number % 6,
            )
        )
    return people


@pytest.fixture
def sales(db):
    return DepartmentFactory(name="Sales")


@pytest.fixture
def people(sales):
    engineering = DepartmentFactory(name="Engineering")
    return {
        "kim": PersonFactory(
            name="Kim Park",
            email="kim.park@example.com",
            title="Account Executive",
            department=sales,
            level=3,
            location="Paris",
            employee_id="E-4242",
        ),
        "lee": PersonFactory(
            name="Lee Wong",
            title="Staff Engineer",
            department=engineering,
            level=5,
            location="Lisbon",
        ),
        "max": PersonFactory(
            name="Max Left",
            title="Account Manager",
            department=sales,
            level=3,
            location="Paris",
            is_active=False,
            leave_date=date(2024, 1, 31),
        ),
    }


DASH = "\u2013"  # the en dash between the numbers of "Showing 1-50"


# --- who may use it -------------------------------------------------------------


@pytest.mark.django_db
def test_a_program_manager_sees_the_directory(program_manager_client, people):
    response = program_manager_client.get(DIRECTORY)
    assert response.status_code == 200
    assert "Kim Park" in _names_listed(response)


@pytest.mark.django_db
def test_a_member_is_refused_the_directory_even_as_a_live_search(mentor_client):
    assert mentor_client.get(DIRECTORY).status_code == 403
    assert mentor_client.get(DIRECTORY, **HTMX).status_code == 403


# --- search and filters -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["kim", "KIM.PARK@", "account exec", "E-4242"])
def test_search_finds_by_name_email_title_or_employee_id(program_manager_client, people, query):
    response = program_manager_client.get(DIRECTORY, {"q": query})
    assert _names_listed(response) == ["Kim Park"]


@pytest.mark.django_db
def test_filters_by_department_level_and_location(program_manager_client, people, sales):
    by_department = program_manager_client.get(DIRECTORY, {"department": sales.pk})
    by_level = program_manager_client.get(DIRECTORY, {"level": 5})
    by_location = program_manager_client.get(DIRECTORY, {"location": "Paris"})
    combined = program_manager_client.get(
        DIRECTORY, {"department": sales.pk, "level": 3, "location": "Paris", "q": "kim"}
    )
    assert _names_listed(by_department) == ["Kim Park"]
    assert _names_listed(by_level) == ["Lee Wong"]
    assert _names_listed(by_location) == ["Kim Park"]
    assert _names_listed(combined) == ["Kim Park"]


@pytest.mark.django_db
def test_people_who_have_left_are_hidden_unless_an_administrator_asks(
    administrator_client, program_manager_client, people
):
    assert "Max Left" not in _names_listed(administrator_client.get(DIRECTORY))
    shown = administrator_client.get(DIRECTORY, {"include_inactive": "on"})
    assert "Max Left" in _names_listed(shown)
    assert ">Left</span>" in shown.content.decode()
    # A program manager has no such filter; the parameter is ignored.
    refused = program_manager_client.get(DIRECTORY, {"include_inactive": "on"})
    assert "Max Left" not in _names_listed(refused)
    assert 'name="include_inactive"' not in refused.content.decode()


@pytest.mark.django_db
def test_filter_choices_come_from_the_directory(program_manager_client, people, sales):
    html = program_manager_client.get(DIRECTORY).content.decode()
    assert f'<option value="{sales.pk}">Sales</option>' in html
    assert '<option value="Paris">Paris</option>' in html
    assert '<option value="5">Level 5</option>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"level": "abc"},
        {"department": "999999"},
        {"department": "sales"},
        {"location": "Atlantis"},
        {"q": "x" * 500},
        {"page": "zzz"},
        {"page": "99999"},
        {"page": "-1"},
        {"level": "3", "department": "nope", "q": "kim"},
    ],
)
def test_bad_parameters_give_a_clear_error_never_a_crash(program_manager_client, people, params):
    response = program_manager_client.get(DIRECTORY, params)
    assert response.status_code == 200
    if set(params) - {"page"}:
        assert "Some filters could not be applied" in response.content.decode()


@pytest.mark.django_db
def test_a_bad_filter_is_ignored_while_the_good_ones_apply(program_manager_client, people):
    response = program_manager_client.get(DIRECTORY, {"level": "abc", "location": "Lisbon"})
    html = response.content.decode()
    assert _names_listed(response) == ["Lee Wong"]
    assert 'href="#id_level">Level</a>' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_no_match_shows_an_empty_state_with_a_way_back(program_manager_client, people):
    html = program_manager_client.get(DIRECTORY, {"q": "nobody-like-this"}).content.decode()
    assert "No one matches these filters" in html
    assert f'<a href="{DIRECTORY}">Clear all filters</a>' in html


# --- pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_results_come_fifty_to_a_page_with_counts(program_manager_client, sales):
    PersonFactory.create_batch(120, department=sales)
    first = program_manager_client.get(DIRECTORY, {"department": sales.pk})
    html = first.content.decode()
    assert len(_names_listed(first)) == 50
    assert f"Showing <strong>1{DASH}50</strong> of <strong>120</strong> people" in html
    last = program_manager_client.get(DIRECTORY, {"department": sales.pk, "page": 3})
    assert len(_names_listed(last)) == 20
    assert f"Showing <strong>101{DASH}120</strong> of <strong>120</strong>" in last.content.decode()


@pytest.mark.django_db
def test_page_links_keep_the_filters_and_mark_the_current_page(program_manager_client, sales):
    PersonFactory.create_batch(60, department=sales, location="Paris")
    html = program_manager_client.get(
        DIRECTORY, {"department": sales.pk, "location": "Paris", "page": 2}
    ).content.decode()
    links = re.findall(r'<a[^>]*href="(\?[^"]*page=\d[^"]*)"', html)
    assert links
    for link in links:
        assert f"department={sales.pk}" in link and "location=Paris" in link
    assert re.search(r'href="\?[^"]*page=2"[^>]*aria-current="page"', html)
    assert 'rel="prev"' in html


# --- live search (htmx) ------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_works_without_javascript_and_with_htmx(program_manager_client, people):
    html = program_manager_client.get(DIRECTORY).content.decode()
    assert f'<form method="get" action="{DIRECTORY}"' in html
    assert 'hx-get="' in html and 'hx-target="#directory-results"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-trigger="submit, input changed delay:300ms, change"' in html
    assert '<button type="submit">Search</button>' in html


@pytest.mark.django_db
def test_a_live_search_gets_only_the_results(program_manager_client, people):
    response = program_manager_client.get(DIRECTORY, {"q": "kim"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert _names_listed(response) == ["Kim Park"]
    # The count lives outside the swapped region (a live region), so it travels out of band.
    assert 'id="directory-summary" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]


@pytest.mark.django_db
def test_other_htmx_requests_get_the_whole_page(program_manager_client, people):
    response = program_manager_client.get(DIRECTORY, HTTP_HX_REQUEST="true")
    assert "<html" in response.content.decode()


# --- accessibility -----------------------------------------------------------------


@pytest.mark.django_db
def test_every_directory_field_has_a_label(administrator_client, people):
    html = administrator_client.get(DIRECTORY, {"level": "abc"}).content.decode()
    assert form_control_count(html) == 5  # search, department, level, location, include left
    assert unlabelled_fields(html) == []


@pytest.mark.django_db
def test_the_results_table_has_a_caption_and_header_cells(program_manager_client, people):
    html = program_manager_client.get(DIRECTORY).content.decode()
    assert "<caption" in html
    assert html.count('<th scope="col"') == 6
    assert 'role="status"' in html  # the count, announced as it changes


# --- query counts ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_directory_costs_the_same_queries_for_10_or_200_people(program_manager_client):
    _org(10)
    program_manager_client.get(DIRECTORY)  # warm caches (content types, session)
    small = _queries(program_manager_client, DIRECTORY)
    _org(190, start=10)
    large = _queries(program_manager_client, DIRECTORY)
    assert small == large
    filtered = _queries(
        program_manager_client, DIRECTORY + "?q=person&level=2&location=City+1&page=2"
    )
    live = _queries(program_manager_client, DIRECTORY + "?q=person", **HTMX)
    assert filtered <= large and live <= large


@pytest.mark.django_db
def test_the_person_page_costs_the_same_queries_however_deep_or_wide(administrator_client):
    top = PersonFactory(name="Top")
    shallow = PersonFactory(manager=top)
    PersonFactory(manager=shallow)
    chain = [top]
    for _ in range(8):
        chain.append(PersonFactory(manager=chain[-1]))
    deep = chain[-1]
    PersonFactory.create_batch(30, manager=deep)

    def cost(person: Person) -> int:
        return _queries(administrator_client, reverse("people:detail", args=[person.pk]))

    cost(shallow)  # warm up
    assert cost(shallow) == cost(deep)


# --- the person page ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_person_page_shows_the_reporting_line_from_the_top(program_manager_client):
    ceo = PersonFactory(name="Cleo Chief", title="CEO")
    vp = PersonFactory(name="Val Vice", title="VP", manager=ceo)
    person = PersonFactory(name="Pia Person", manager=vp, timezone="Asia/Tokyo")
    PersonFactory(name="Rae Report", manager=person)
    PersonFactory(name="Gone Report", manager=person, is_active=False)
    html = program_manager_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    line = html[html.index('class="reporting-line"') :]
    assert line.index("Cleo Chief") < line.index("Val Vice") < line.index("Pia Person")
    assert f'href="{reverse("people:detail", args=[vp.pk])}"' in html  # the manager, linked
    assert "Rae Report" in html and "Gone Report" not in html
    assert "Asia/Tokyo" in html and "Local time now" in html and "(UTC+0900)" in html


@pytest.mark.django_db
def test_birth_year_is_shown_to_administrators_only(
    administrator_client, program_manager_client, mentor_client, mentor, person_of
):
    me = person_of(mentor)
    me.birth_year = 1999
    me.save(update_fields=["birth_year"])
    url = reverse("people:detail", args=[me.pk])
    assert "1999" in administrator_client.get(url).content.decode()
    assert "1999" not in program_manager_client.get(url).content.decode()
    assert "1999" not in mentor_client.get(url).content.decode()


@pytest.mark.django_db
def test_a_member_sees_their_own_page_without_links_to_others(mentor_client, mentor, person_of):
    boss = PersonFactory(name="Bo Boss")
    me = person_of(mentor)
    me.manager = boss
    me.line_path = f"/{boss.pk}/{me.pk}/"
    me.save(update_fields=["manager", "line_path"])
    response = mentor_client.get(reverse("people:detail", args=[me.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bo Boss" in html
    assert reverse("people:detail", args=[boss.pk]) not in html  # it would only 404
    assert f'href="{reverse("people:directory")}"' not in html


@pytest.mark.django_db
def test_a_person_who_left_is_marked_so(administrator_client, people):
    html = administrator_client.get(
        reverse("people:detail", args=[people["max"].pk])
    ).content.decode()
    assert "Left on 31 Jan 2024" in html


@pytest.mark.django_db
def test_an_unknown_time_zone_does_not_break_the_page(administrator_client):
    person = PersonFactory(timezone="Mars/Olympus_Mons")
    response = administrator_client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    assert "Not a time zone we recognise" in response.content.decode()
