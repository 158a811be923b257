"""Concerns: routed around both reporting lines, read by their raiser and handlers only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from upward.accounts.models import Role
from upward.accounts.tests.factories import UserFactory
from upward.core.models import AuditEntry
from upward.core.testing.crawl import crawl
from upward.feedback.models import (
    Concern,
    ConcernContact,
    ConcernHandler,
    ConcernStatus,
    HandlerReason,
)
from upward.feedback.services.concerns import (
    concern_acknowledge,
    concern_raise,
    concern_resolve,
    concerns_escalate,
)
from upward.people.models import Person
from upward.people.tests.factories import PersonFactory
from upward.programs.tests.factories import make_manager

pytestmark = pytest.mark.django_db
MARKER = "CONCERN-MARKER-7f3a"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _user_over(person: Person, role: str = Role.MEMBER):
    """A login for a new person who manages `person` (directly)."""
    user = UserFactory(role=role)
    boss = PersonFactory(user=user, email=user.email, level=8)
    Person.objects.filter(pk=person.pk).update(manager=boss, line_path=f"/{boss.pk}/{person.pk}/")
    return user


def test_a_concern_goes_to_the_contacts_never_the_partner_nor_their_managers(pair, program_manager):
    mentee_boss = _user_over(pair.mentee.person, Role.PROGRAM_MANAGER)
    make_manager(pair.program, mentee_boss)  # a manager of the program, and the senior's boss
    neutral = make_manager(pair.program)
    pair.mentee.person.refresh_from_db()
    mail.outbox.clear()

    concern = concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text=MARKER)

    handlers = set(ConcernHandler.objects.filter(concern=concern).values_list("user_id", flat=True))
    assert handlers == {program_manager.pk, neutral.pk}
    assert mentee_boss.pk not in handlers and pair.mentee.person.user_id not in handlers
    assert concern.about == pair.mentee


def test_the_email_says_a_concern_exists_and_nothing_more(
    pair, program_manager, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text=MARKER)

    (message,) = mail.outbox
    assert message.to == [program_manager.email]
    assert (
        MARKER not in message.body
        and "Jo Junior" not in message.body
        and "Sam Senior" not in message.body
    )
    assert "A confidential concern was raised in" in message.subject


def test_named_contacts_replace_the_managers(pair, program_manager):
    contact = UserFactory(role=Role.PROGRAM_MANAGER)
    ConcernContact.objects.create(program=pair.program, user=contact)

    concern = concern_raise(pair=pair, actor=pair.mentee, category="commitment", text="x")

    assert list(concern.handlers.values_list("user_id", flat=True)) == [contact.pk]


def test_with_nobody_neutral_left_it_goes_to_an_administrator_outside_both_lines(
    pair, program_manager, administrator
):
    Person.objects.filter(user=program_manager).update(level=9)
    boss = Person.objects.get(user=program_manager)
    Person.objects.filter(pk=pair.mentor.person_id).update(
        line_path=f"/{boss.pk}/{pair.mentor.person_id}/"
    )

    concern = concern_raise(pair=pair, actor=pair.mentee, category="other", text="x")

    rows = list(concern.handlers.values_list("user_id", "reason"))
    assert rows == [(administrator.pk, HandlerReason.ADMINISTRATOR)]


def test_open_acknowledged_resolved_with_the_raiser_told_the_outcome(
    pair, program_manager, mentor_client
):
    concern = concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text=MARKER)

    concern_acknowledge(concern=concern, actor=program_manager)
    concern_resolve(
        concern=concern, actor=program_manager, outcome="Spoke with both; new rules agreed"
    )

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.RESOLVED
    page = mentor_client.get(reverse("feedback:concern", args=[concern.pk])).content.decode()
    assert "Spoke with both; new rules agreed" in page
    actions = list(
        AuditEntry.objects.filter(target_type="feedback.concern").values_list("action", flat=True)
    )
    assert {"concern.raised", "concern.acknowledged", "concern.resolved"} <= set(actions)
    assert not AuditEntry.objects.filter(summary__contains=MARKER).exists()
    assert not any(
        MARKER in str(data) for data in AuditEntry.objects.values_list("data", flat=True)
    )


def test_the_raiser_and_handlers_write_to_each_other_and_the_raiser_may_withdraw(
    pair, program_manager, mentor_client, program_manager_client
):
    concern = concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text="x")
    url = reverse("feedback:concern_message", args=[concern.pk])

    mentor_client.post(url, {"text": "It happened again on Tuesday"})
    program_manager_client.post(url, {"text": "Thank you, I will call you"})
    withdrawn = mentor_client.post(reverse("feedback:concern_withdraw", args=[concern.pk]))

    page = mentor_client.get(reverse("feedback:concern", args=[concern.pk])).content.decode()
    assert "It happened again on Tuesday" in page and "Thank you, I will call you" in page
    assert withdrawn.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.WITHDRAWN


def test_not_acknowledged_in_three_working_days_it_escalates_to_the_administrators(
    pair, program_manager, administrator
):
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(friday, tick=False):
        concern = concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text="x")
    with time_machine.travel(friday + timedelta(days=4), tick=False):  # Tuesday: 2 working days
        assert concerns_escalate() == 0
    with time_machine.travel(friday + timedelta(days=5, hours=1), tick=False):  # Wednesday
        assert concerns_escalate() == 1
        assert concerns_escalate() == 0

    reasons = dict(concern.handlers.values_list("user_id", "reason"))
    assert reasons == {
        program_manager.pk: HandlerReason.CONTACT,
        administrator.pk: HandlerReason.ESCALATION,
    }


@pytest.mark.parametrize(
    "who", ["partner", "partners_manager", "other_manager", "administrator", "outsider"]
)
def test_nobody_else_ever_learns_that_a_concern_exists(request, pair, program_manager, who):
    concern = concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text=MARKER)
    if who == "partner":
        user = pair.mentee.person.user
    elif who == "partners_manager":
        user = _user_over(pair.mentee.person)
    elif who == "other_manager":
        from upward.pairs.tests.space_fixtures import running_program

        user = make_manager(running_program())
    else:
        user = request.getfixturevalue(who)
    client = _login(user)

    assert client.get(reverse("feedback:concern", args=[concern.pk])).status_code == 404
    assert (
        client.post(
            reverse("feedback:concern_message", args=[concern.pk]), {"text": "hi"}
        ).status_code
        == 404
    )
    pages = crawl(client, "/", limit=120)
    for extra in (reverse("feedback:concerns"), reverse("pairs:detail", args=[pair.pk])):
        pages += crawl(client, extra, limit=20)
    leaks = [
        page.url for page in pages if MARKER in page.body or "concern about this pair" in page.body
    ]
    assert leaks == []
    assert Concern.objects.get().status == ConcernStatus.OPEN


def test_raising_a_concern_about_a_pair_i_am_not_in_is_a_404(pair, outsider_client):
    response = outsider_client.post(
        reverse("feedback:concern_new", args=[pair.pk]), {"category": "other", "text": "x"}
    )
    assert response.status_code == 404
    assert not Concern.objects.exists()


def test_the_handler_sees_the_concern_weigh_on_the_board_and_others_do_not(
    pair, program_manager_client
):
    other_manager = make_manager(pair.program)
    concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text="x")
    ConcernHandler.objects.filter(user=other_manager).delete()

    mine = program_manager_client.get(reverse("feedback:board", args=[pair.program_id]))
    theirs = _login(other_manager).get(reverse("feedback:board", args=[pair.program_id]))

    assert "A concern about this pair is open" in mine.content.decode()
    assert "concern about this pair" not in theirs.content.decode()


def test_for_the_handler_the_concern_moves_the_pair_in_the_counts_filters_and_order(
    pair, program_manager, program_manager_client
):
    from upward.feedback.services.health import pair_health_refresh

    pair_health_refresh(pair_id=pair.pk)  # on track (too early, score 100 minus 12)
    concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text="x")
    url = reverse("feedback:board", args=[pair.program_id])

    attention = program_manager_client.get(url + "?state=needs_attention").content.decode()
    on_track = program_manager_client.get(url + "?state=on_track").content.decode()
    assert pair.mentor.person.name in attention
    assert pair.mentor.person.name not in on_track

    other = make_manager(pair.program)
    theirs = _login(other).get(url + "?state=needs_attention").content.decode()
    assert pair.mentor.person.name not in theirs


def test_the_confidential_route_is_at_the_top_of_every_page_of_the_pair(pair, mentor_client):
    new = reverse("feedback:concern_new", args=[pair.pk])
    for name in (
        "pairs:detail",
        "pairs:sessions",
        "pairs:messages",
        "pairs:notes",
        "pairs:learnings",
    ):
        page = mentor_client.get(reverse(name, args=[pair.pk])).content.decode()
        assert new in page, name
        assert page.index(new) < page.index("<h1"), name


def test_each_step_of_the_thread_is_announced_without_a_word_of_it(
    pair, program_manager, django_capture_on_commit_callbacks
):
    from upward.feedback.services.concerns import concern_message_post

    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_raise(pair=pair, actor=pair.mentor, category="behaviour", text=MARKER)
    mail.outbox.clear()
    raiser = pair.mentor.person.user

    with django_capture_on_commit_callbacks(execute=True):
        concern_acknowledge(concern=concern, actor=program_manager)
        concern_message_post(concern=concern, actor=program_manager, text=MARKER + " reply")
        concern_message_post(concern=concern, actor=raiser, text=MARKER + " answer")
        concern_resolve(concern=concern, actor=program_manager, outcome=MARKER + " outcome")

    to_raiser = [m for m in mail.outbox if m.to == [raiser.email]]
    to_handler = [m for m in mail.outbox if m.to == [program_manager.email]]
    assert len(to_raiser) == 3 and len(to_handler) == 1
    assert all(MARKER not in m.body and MARKER not in m.subject for m in mail.outbox)
    assert all(f"/concerns/{concern.pk}/" in m.body for m in mail.outbox)
    assert pair.mentee.person.email not in [m.to[0] for m in mail.outbox]
