"""Check-ins: asked of both after each session, answered privately, one tap from the email."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from upward.feedback.models import CheckIn, TookPlace
from upward.feedback.services.check_ins import check_in_answer, check_ins_prompt
from upward.feedback.tests.conftest import after
from upward.pairs.models import Session, SessionStatus
from upward.pairs.services.sessions import session_cancel
from upward.pairs.tests.sessions_fixtures import book, in_days

pytestmark = pytest.mark.django_db
TAP = re.compile(r"https?://[^\s\"]+/check-ins/([\w-]+:[\w:-]+)/")


def _taps(message) -> list[str]:
    return TAP.findall(message.body)


def test_once_a_session_ends_both_people_get_their_own_check_in(
    pair, ended, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with after(ended), django_capture_on_commit_callbacks(execute=True):
        assert check_ins_prompt() == 1
        assert check_ins_prompt() == 0  # once per session

    assert CheckIn.objects.filter(session=ended).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jo.junior@example.com",
        "sam.senior@example.com",
    ]
    for message in mail.outbox:
        assert "(one tap, private)" in message.subject
        assert len(_taps(message)) == 4  # one link per answer to "did it take place?"


def test_a_session_still_running_gets_no_check_in_yet(pair, ended):
    with after(ended, minutes=-10):
        assert check_ins_prompt() == 0


def test_the_one_tap_link_shows_the_answer_then_records_it_once(
    pair, ended, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with after(ended), django_capture_on_commit_callbacks(execute=True):
        check_ins_prompt()
    message = next(m for m in mail.outbox if m.to == ["jo.junior@example.com"])
    token = _taps(message)[0]  # "Yes, it took place"
    url = reverse("feedback:check_in_tap", args=[token])

    with after(ended, hours=2):
        shown = client.get(url)
        mine = CheckIn.objects.get(author=pair.mentor)
        assert shown.status_code == 200 and "Yes, it took place" in shown.content.decode()
        assert mine.answered_at is None  # a GET never writes: mail scanners open links
        recorded = client.post(url)
        again = client.post(url)

    mine.refresh_from_db()
    assert recorded.status_code == 302
    assert recorded["Location"] == reverse("feedback:check_in", args=[pair.pk, mine.pk])
    assert mine.took_place == TookPlace.HELD and mine.answered_at is not None
    ended.refresh_from_db()
    assert ended.status == SessionStatus.HELD  # one "it took place" counts the session held
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_or_tampered_link_records_nothing(
    pair, ended, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with after(ended), django_capture_on_commit_callbacks(execute=True):
        check_ins_prompt()
    token = _taps(mail.outbox[0])[1]

    with after(ended, days=15):
        late = client.post(reverse("feedback:check_in_tap", args=[token]))
    tampered = client.post(reverse("feedback:check_in_tap", args=[token[:-2] + "xx"]))

    assert late.status_code == tampered.status_code == 410
    assert "closed" in late.content.decode() or "expired" in late.content.decode()
    assert not CheckIn.objects.filter(answered_at__isnull=False).exists()


def test_a_check_in_for_a_session_that_was_cancelled_is_refused(
    pair, ended, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with after(ended), django_capture_on_commit_callbacks(execute=True):
        check_ins_prompt()
        session_cancel(session=ended, actor=pair.mentee, reason="We never met")
    token = _taps(next(m for m in mail.outbox if "one tap" in m.subject))[0]

    with after(ended, hours=2):
        response = client.post(reverse("feedback:check_in_tap", args=[token]))

    assert response.status_code == 410
    assert "This session was cancelled" in response.content.decode()


def test_the_form_records_usefulness_fit_and_a_private_comment(pair, ended, mentor_client):
    with after(ended):
        check_ins_prompt()
        mine = CheckIn.objects.get(author=pair.mentor)
        url = reverse("feedback:check_in", args=[pair.pk, mine.pk])
        page = mentor_client.get(url).content.decode()
        response = mentor_client.post(
            url,
            {"took_place": "held", "usefulness": "4", "fit": "3", "comment": "Great questions"},
        )

    mine.refresh_from_db()
    assert "How is the fit between the two of you?" in page  # the first session asks it
    assert response.status_code == 302
    assert (mine.usefulness, mine.fit, mine.comment, mine.share_comment) == (
        4,
        3,
        "Great questions",
        False,
    )


def test_usefulness_is_asked_when_it_took_place_and_bad_values_are_refused(
    pair, ended, mentor_client
):
    with after(ended):
        check_ins_prompt()
        mine = CheckIn.objects.get(author=pair.mentor)
        url = reverse("feedback:check_in", args=[pair.pk, mine.pk])
        missing = mentor_client.post(url, {"took_place": "held"})
        silly = mentor_client.post(url, {"took_place": "held", "usefulness": "7"})

    assert missing.status_code == silly.status_code == 400
    assert "Say how useful it was" in missing.content.decode()
    assert "Select a valid choice" in silly.content.decode()
    mine.refresh_from_db()
    assert mine.answered_at is None


def test_the_partner_never_reaches_my_check_in_nor_learns_that_i_answered(
    pair, ended, mentee_client
):
    with after(ended):
        check_ins_prompt()
        mine = CheckIn.objects.get(author=pair.mentor)
        check_in_answer(
            check_in=mine,
            actor=pair.mentor,
            took_place="held",
            usefulness=1,
            comment="SECRET-COMMENT",
        )
        theirs = mentee_client.get(reverse("feedback:check_in", args=[pair.pk, mine.pk]))
        pair_page = mentee_client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()

    assert theirs.status_code == 404
    assert "SECRET-COMMENT" not in pair_page and "Not useful" not in pair_page


def test_the_fit_is_asked_after_the_first_session_and_then_every_third(pair):
    sessions = [book(pair, in_days(2 + 7 * k)) for k in range(5)]
    for session in sessions:
        with after(session):
            check_ins_prompt()

    asked = [CheckIn.objects.filter(session=s, author=pair.mentor).get().asks_fit for s in sessions]
    assert asked == [True, False, False, True, False]


def test_when_the_two_disagree_the_pairs_health_says_so(pair, ended):
    with after(ended):
        check_ins_prompt()
        check_in_answer(
            check_in=CheckIn.objects.get(author=pair.mentor),
            actor=pair.mentor,
            took_place="held",
            usefulness=3,
        )
        check_in_answer(
            check_in=CheckIn.objects.get(author=pair.mentee),
            actor=pair.mentee,
            took_place="no_show",
        )

    pair.health.refresh_from_db()
    assert any("disagree" in reason for reason in pair.health.reasons)


def test_my_pending_check_ins_show_on_my_home_and_pair_pages(pair, ended, mentor_client):
    with after(ended):
        check_ins_prompt()
        home = mentor_client.get(reverse("home:home")).content.decode()
        space = mentor_client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()

    mine = CheckIn.objects.get(author=pair.mentor)
    link = reverse("feedback:check_in", args=[pair.pk, mine.pk])
    assert link in home and link in space


def test_a_tap_for_a_session_moved_to_later_records_the_answer_without_an_error(
    pair, ended, client, django_capture_on_commit_callbacks
):
    """The session ended, its check-ins went out, then it was moved ahead: no 500."""
    mail.outbox.clear()
    with after(ended), django_capture_on_commit_callbacks(execute=True):
        check_ins_prompt()
    token = _taps(next(m for m in mail.outbox if "one tap" in m.subject))[0]
    Session.objects.filter(pk=ended.pk).update(starts_at=ended.starts_at + timedelta(days=7))

    with after(ended, hours=2):
        response = client.post(reverse("feedback:check_in_tap", args=[token]))

    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.status == SessionStatus.BOOKED  # not marked held before it starts
