"""The session pages: who reaches them, times in each person's zone, the .ics download."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from upward.core.tests.test_pages import unlabelled_fields
from upward.pairs.models import Session, SessionStatus
from upward.pairs.services.sessions import session_propose
from upward.pairs.tests.sessions_fixtures import book, in_days, london_new_york_pair
from upward.programs.tests.factories import AgendaTemplateFactory

pytestmark = pytest.mark.django_db


def _list(pair):
    return reverse("pairs:sessions", args=[pair.pk])


def test_the_page_suggests_shared_times_in_both_zones(pair, mentor_client):
    response = mentor_client.get(_list(pair))
    page = response.content.decode()
    assert response.status_code == 200
    # Tuesday 14:00 London is 09:00 New York (or 10:00 in the weeks the clocks differ).
    assert "14:00 your time · 09:00 for Sam" in page or "14:00 your time · 10:00 for Sam" in page
    assert "Europe/London" in page and "America/New_York" in page


def test_each_session_names_the_zone_it_is_shown_in(pair, mentor_client, mentee_client):
    session = book(pair)
    people = (
        (mentor_client, "Europe/London", ("GMT", "BST")),
        (mentee_client, "America/New_York", ("EST", "EDT")),
    )
    for client, zone, abbreviations in people:
        page = client.get(_list(pair)).content.decode()
        assert any(f"your time ({abbreviation})" in page for abbreviation in abbreviations)
        local_start = session.starts_at.astimezone(ZoneInfo(zone)).isoformat()
        assert f'<time datetime="{local_start}">' in page


def test_proposing_a_typed_time_reads_it_in_my_zone(pair, mentee_client):
    AgendaTemplateFactory(program=pair.program, title="Social media 101 for leaders")
    template = pair.program.agendas.get()
    day = (timezone.now() + timedelta(days=10)).date()
    response = mentee_client.post(
        _list(pair),
        {
            "slot": "other",
            "starts_at": f"{day:%Y-%m-%d}T09:30",
            "agenda_template": template.pk,
            "agenda": "",
            "location": "https://meet.example.com/abc",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    local = datetime(day.year, day.month, day.day, 9, 30).replace(
        tzinfo=ZoneInfo("America/New_York")
    )
    assert session.starts_at == local.astimezone(UTC)
    assert session.proposed_by == pair.mentee
    assert session.agenda_template == template


def test_picking_a_suggested_slot_proposes_it(pair, mentor_client):
    page = mentor_client.get(_list(pair))
    choice = page.context["form"].fields["slot"].choices[0][0]
    response = mentor_client.post(_list(pair), {"slot": choice})
    assert response.status_code == 302
    assert Session.objects.get().starts_at == datetime.fromisoformat(choice)


def test_a_time_in_the_past_is_a_400_with_a_message(pair, mentor_client):
    response = mentor_client.post(_list(pair), {"slot": "other", "starts_at": "2001-01-01T10:00"})
    assert response.status_code == 400
    assert "Choose a time in the future." in response.content.decode()
    response = mentor_client.post(_list(pair), {"slot": "other", "starts_at": ""})
    assert response.status_code == 400


def test_accept_cancel_and_held_through_the_pages(pair, mentor_client, mentee_client):
    session = session_propose(pair=pair, actor=pair.mentor, starts_at=in_days(6))
    args = [pair.pk, session.pk]
    page = mentee_client.get(_list(pair)).content.decode()
    assert "Accept" in page
    assert mentee_client.post(reverse("pairs:session_accept", args=args)).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.BOOKED
    cancel = reverse("pairs:session_cancel", args=args)
    assert mentor_client.post(cancel, {"reason": ""}).status_code == 400
    assert mentor_client.post(cancel, {"reason": "Off sick"}).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.changed_by) == (SessionStatus.CANCELLED, pair.mentor)
    assert "Cancelled by you: “Off sick”" in mentor_client.get(_list(pair)).content.decode()
    assert "Cancelled by Jo Junior" in mentee_client.get(_list(pair)).content.decode()


def test_reschedule_page_moves_a_booked_session(pair, mentor_client):
    session = book(pair)
    url = reverse("pairs:session_reschedule", args=[pair.pk, session.pk])
    assert mentor_client.get(url).status_code == 200
    day = (timezone.now() + timedelta(days=12)).date()
    response = mentor_client.post(url, {"starts_at": f"{day:%Y-%m-%d}T15:00", "reason": "Clash"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at.astimezone(ZoneInfo("Europe/London")).hour == 15
    assert session.ical_sequence == 1


def test_held_button_marks_a_past_session(pair, mentee_client):
    session = book(pair)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    response = mentee_client.post(reverse("pairs:session_held", args=[pair.pk, session.pk]))
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.sessions_held == 1


def test_both_people_download_the_ics(pair, mentor_client, mentee_client):
    session = book(pair)
    url = reverse("pairs:session_ics", args=[pair.pk, session.pk])
    for client in (mentor_client, mentee_client):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["UID"]) == session.ical_uid


def test_nobody_else_reaches_a_pairs_sessions(pair, client, outsider, program_manager):
    session = book(pair)
    other = london_new_york_pair()
    other_session = book(other)
    urls = [
        _list(pair),
        reverse("pairs:session_ics", args=[pair.pk, session.pk]),
        reverse("pairs:session_cancel", args=[pair.pk, session.pk]),
        reverse("pairs:session_reschedule", args=[pair.pk, session.pk]),
    ]
    # The manager sees dates and status on their own page; an invite carries the agenda.
    for user in (outsider, program_manager, other.mentor.person.user):
        if user is None:
            continue
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert (
            client.post(reverse("pairs:session_accept", args=[pair.pk, session.pk])).status_code
            == 404
        )
    # A session of another pair through my own pair's URL is a 404 too.
    client.force_login(pair.mentor.person.user)
    url = reverse("pairs:session_ics", args=[pair.pk, other_session.pk])
    assert client.get(url).status_code == 404


def test_the_sessions_panel_shows_next_session_and_cadence(pair, mentor_client):
    book(pair, in_days(4))
    html = mentor_client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert "Next:" in html
    assert "0 of 0 expected so far; none held yet" in html  # the program starts later
    assert "Propose a session" in html


def test_every_session_form_field_has_a_label(pair, mentor_client):
    session = book(pair)
    for url in (
        _list(pair),
        reverse("pairs:session_reschedule", args=[pair.pk, session.pk]),
        reverse("pairs:session_cancel", args=[pair.pk, session.pk]),
        reverse("pairs:calendar_settings"),
    ):
        assert unlabelled_fields(mentor_client.get(url).content.decode()) == [], url


def test_the_sessions_page_costs_the_same_queries_for_2_or_12_sessions(pair, mentor_client):
    for day in (3, 4):
        book(pair, in_days(day), agenda="x")
    with CaptureQueriesContext(connection) as few:
        assert mentor_client.get(_list(pair)).status_code == 200
    for day in range(5, 15):
        session_propose(pair=pair, actor=pair.mentee, starts_at=in_days(day), agenda="y")
    with CaptureQueriesContext(connection) as many:
        assert mentor_client.get(_list(pair)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("typed", ["9999-12-31T23:30", "0001-01-01T00:30"])
def test_a_time_at_the_ends_of_the_calendar_is_a_clear_400(pair, mentee_client, typed):
    # The mentee reads times in New York: 23:30 on 31 December 9999 there is beyond year 9999
    # in UTC; the mentor's London is ahead, so year 1 is tested from the other side too.
    response = mentee_client.post(_list(pair), {"slot": "other", "starts_at": typed})

    assert response.status_code == 400
    html = response.content.decode()
    refusals = ("Choose a time within the next year.", "Choose a time in the future.")
    assert any(refusal in html for refusal in refusals)
    assert not pair.sessions.exists()


def test_a_time_at_the_ends_of_the_calendar_is_refused_on_reschedule_too(pair, mentor_client):
    session = book(pair)
    url = reverse("pairs:session_reschedule", args=[pair.pk, session.pk])

    response = mentor_client.post(url, {"starts_at": "9999-12-31T23:59", "reason": "later"})

    assert response.status_code == 400
    session.refresh_from_db()
    assert session.starts_at.year < 9999
