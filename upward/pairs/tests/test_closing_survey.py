"""The closing survey: overall value, recommend 0-10, and the starting-point questions again."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from upward.core.errors import ApplicationError
from upward.pairs.models import Pair, PairStatus, Reflection
from upward.pairs.services.closing import pair_close_with_reflection
from upward.pairs.tests.test_space_goals_closing import survey
from upward.programs.models import AssessmentMoment, SelfRating
from upward.programs.self_assessment import DEVELOPMENT_AREAS

pytestmark = pytest.mark.django_db


def _rate_start(pair: Pair, rating: int = 2) -> None:
    """The mentor rated the development areas at registration (the program now runs)."""
    SelfRating.objects.bulk_create(
        SelfRating(
            registration=pair.mentor,
            moment=AssessmentMoment.BEFORE,
            topic=area.key,
            topic_label=area.label,
            rating=rating,
        )
        for area in DEVELOPMENT_AREAS
    )


def test_the_mentor_answers_the_same_questions_again_when_closing(
    space_pair: Pair, mentor_client: Client
) -> None:
    _rate_start(space_pair)
    url = reverse("pairs:close", args=[space_pair.pk])
    page = mentor_client.get(url).content.decode()
    assert "Where you are now" in page
    assert DEVELOPMENT_AREAS[0].label in page
    assert "How likely are you to recommend the program to a colleague?" in page

    answer = mentor_client.post(url, {"text": "Grew a lot.", **survey(topics=4, rating=4)})

    assert answer.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.overall_value, reflection.recommend) == (3, 8)
    before = dict(
        SelfRating.objects.filter(moment=AssessmentMoment.BEFORE).values_list("topic", "rating")
    )
    after = dict(
        SelfRating.objects.filter(moment=AssessmentMoment.AFTER).values_list("topic", "rating")
    )
    assert before.keys() == after.keys()
    assert set(before.values()) == {2} and set(after.values()) == {4}
    assert "would recommend it 8 out of 10" in mentor_client.get(url).content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"recommend": ""}, "Choose a number from 0 to 10."),
        ({"recommend": "11"}, "Select a valid choice. 11 is not one"),
        ({"overall_value": ""}, "Say how valuable the program was for you."),
        ({"after-rate_2": "7"}, "Select a valid choice. 7 is not one"),
        ({"after-rate_3": ""}, "Choose a rating for"),
    ],
)
def test_a_missing_or_silly_answer_is_named_and_the_pair_stays_live(
    space_pair: Pair, mentor_client: Client, changes: dict, message: str
) -> None:
    url = reverse("pairs:close", args=[space_pair.pk])

    answer = mentor_client.post(url, {"text": "x", **survey(topics=4), **changes})

    assert answer.status_code == 400
    assert message in answer.content.decode()
    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.LIVE
    assert not Reflection.objects.exists() and not SelfRating.objects.exists()


def test_ratings_that_do_not_fit_write_nothing_at_all(space_pair: Pair) -> None:
    with pytest.raises(ApplicationError, match="Rate every line"):
        pair_close_with_reflection(
            pair=space_pair,
            actor=space_pair.mentor,
            text="x",
            continue_informally=False,
            overall_value=3,
            recommend=5,
            after_ratings={DEVELOPMENT_AREAS[0].key: 3},
        )

    space_pair.refresh_from_db()
    assert space_pair.status == PairStatus.LIVE
    assert not Reflection.objects.exists() and not SelfRating.objects.exists()


def test_the_partner_never_sees_my_survey_answers(
    space_pair: Pair, mentor_client: Client, mentee_client: Client
) -> None:
    mentor_client.post(
        reverse("pairs:close", args=[space_pair.pk]),
        {"text": "MY-OWN-WORDS", **survey(topics=4, recommend=3)},
    )

    for url in (
        reverse("pairs:detail", args=[space_pair.pk]),
        reverse("pairs:close", args=[space_pair.pk]),
    ):
        page = mentee_client.get(url).content.decode()
        assert "MY-OWN-WORDS" not in page
        assert "3 out of 10" not in page


def test_the_partner_is_told_the_pair_closed_and_asked_for_a_reflection(
    space_pair: Pair, mentor_client: Client, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        mentor_client.post(
            reverse("pairs:close", args=[space_pair.pk]), {"text": "x", **survey(topics=4)}
        )

    assert [m.to for m in mail.outbox] == [[space_pair.mentee.person.email]]
    email = mail.outbox[0]
    assert "has closed" in email.subject
    assert f"/pairs/{space_pair.pk}/close/" in email.body
    assert space_pair.mentor.person.name in email.body


def test_when_a_manager_closes_both_are_told(
    space_pair: Pair, program_manager, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    from upward.pairs.services.closing import pair_close_by_manager

    with django_capture_on_commit_callbacks(execute=True):
        pair_close_by_manager(pair=space_pair, actor=program_manager, reason="private reason")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [space_pair.mentor.person.email, space_pair.mentee.person.email]
    )
    assert all("private reason" not in m.body for m in mail.outbox)
