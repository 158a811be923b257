"""A decline is never shown to the other person; answers stay private; pages are scoped."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from upward.accounts.models import User
from upward.pairs.models import Pair, PairStatus
from upward.pairs.services import pair_answer, pair_send_proposal_emails
from upward.pairs.tests.optin_fixtures import as_participant

pytestmark = pytest.mark.django_db


SECRET = "He once managed my sister"
LEAKS = ("declined", "decline", "not comfortable", SECRET.lower())


def _pages_of(client: Client, pair: Pair) -> list[str]:
    urls = [
        reverse("pairs:proposal", args=[pair.pk]),
        reverse("pairs:my_proposals"),
        reverse("home:home"),
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode().lower())
    return pages


@pytest.mark.parametrize("decliner", ["mentee", "mentor"])
def test_a_declined_proposal_never_reaches_the_other_persons_pages_or_emails(
    decliner: str,
    proposed_pair: Pair,
    mentor: User,
    mentee: User,
    mentor_client: Client,
    mentee_client: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    declining, other = (mentee, mentor) if decliner == "mentee" else (mentor, mentee)
    other_client = mentor_client if decliner == "mentee" else mentee_client
    pair_send_proposal_emails(pair_id=proposed_pair.pk)
    pair_answer(
        pair_id=proposed_pair.pk, actor=as_participant(proposed_pair, other), comfortable=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        pair_answer(
            pair_id=proposed_pair.pk,
            actor=as_participant(proposed_pair, declining),
            comfortable=False,
            reason=SECRET,
        )

    for page in _pages_of(other_client, proposed_pair):
        for leak in LEAKS:
            assert leak not in page
    proposal_page = other_client.get(reverse("pairs:proposal", args=[proposed_pair.pk]))
    assert "We are finding the best fit for you." in proposal_page.content.decode()
    assert declining.get_full_name() not in proposal_page.content.decode()
    to_other = [m for m in mailoutbox if other.email in m.to]
    assert len(to_other) == 1  # the proposal itself; nothing after the decline
    for message in to_other:
        text = (message.body + str(message.alternatives[0][0])).lower()
        for leak in LEAKS:
            assert leak not in text


def _without_tokens(html: str) -> str:
    return re.sub(r'value="[^"]{40,}"', "", re.sub(r'"X-CSRFToken": "[^"]+"', "", html))


def test_the_partners_answer_is_not_shown_before_both_answered(
    proposed_pair: Pair, mentee: User, mentee_client: Client, mentor_client: Client
) -> None:
    url = reverse("pairs:proposal", args=[proposed_pair.pk])
    before = _without_tokens(mentor_client.get(url).content.decode())

    pair_answer(pair_id=proposed_pair.pk, actor=proposed_pair.mentee, comfortable=True)

    after = _without_tokens(mentor_client.get(url).content.decode())
    assert after == before  # the mentor's page does not change when the mentee answers
    mine = mentee_client.get(url).content.decode()
    assert "we'll let you know once your partner has answered" in mine


def test_a_participant_cannot_see_or_answer_someone_elses_proposal(
    proposed_pair: Pair, outsider_client: Client, program_manager_client: Client
) -> None:
    url = reverse("pairs:proposal", args=[proposed_pair.pk])
    for client in (outsider_client, program_manager_client):
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "yes"}).status_code == 404
    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.PROPOSED
    assert (proposed_pair.mentor_answer, proposed_pair.mentee_answer) == ("pending", "pending")


def test_answering_from_the_proposal_page(
    proposed_pair: Pair, mentor_client: Client, mentee_client: Client
) -> None:
    url = reverse("pairs:proposal", args=[proposed_pair.pk])
    page = mentor_client.get(url).content.decode()
    assert "Only program managers see this" in page
    assert "Teaches the skill Sam Senior wants: tiktok" in page

    assert mentor_client.post(url, {"answer": "yes"}).status_code == 302
    again = mentor_client.post(url, {"answer": "no", "reason": "changed my mind"})
    assert again.status_code == 400  # the form is gone; the service refuses
    assert mentee_client.post(url, {"answer": "yes"}).status_code == 302

    live = mentee_client.get(url).content.decode()
    assert "Your pair is live: sign the agreement, set goals, book the first session." in live
    proposed_pair.refresh_from_db()
    assert proposed_pair.status == PairStatus.LIVE


def test_managers_see_answers_and_reasons_on_the_pairs_page(
    proposed_pair: Pair,
    mentee: User,
    program_manager_client: Client,
    outsider_client: Client,
) -> None:
    pair_answer(
        pair_id=proposed_pair.pk, actor=proposed_pair.mentee, comfortable=False, reason=SECRET
    )
    url = reverse("pairs:program_pairs", args=[proposed_pair.program_id])

    page = program_manager_client.get(url).content.decode()

    assert SECRET in page and "Not comfortable" in page
    assert outsider_client.get(url).status_code in (403, 404)


def test_pending_proposals_appear_on_the_home_page(
    proposed_pair: Pair, mentee_client: Client
) -> None:
    html = mentee_client.get(reverse("home:home")).content.decode()
    assert "See why and answer" in html and proposed_pair.mentor.person.name in html
