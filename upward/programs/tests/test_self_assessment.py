"""The starting point at registration: each side rates itself 1-5, theirs to read alone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from upward.core.models import AuditEntry
from upward.programs.models import (
    AssessmentMoment,
    ProgramStatus,
    Registration,
    SelfRating,
)
from upward.programs.selectors.self_assessment import self_assessment_topics
from upward.programs.self_assessment import DEVELOPMENT_AREAS
from upward.programs.tests.factories import SkillFactory, make_manager
from upward.programs.tests.test_registration_views import form_data, open_program, register_url

pytestmark = pytest.mark.django_db


def _url(registration: Registration) -> str:
    return reverse("programs:starting_point", args=[registration.pk])


def _register(client: Client, role: str, skills: list) -> Registration:
    program = open_program()
    client.post(register_url(program, role), form_data(skills))
    return Registration.objects.get(program=program)


def test_a_mentee_rates_each_skill_they_want_to_learn(mentee_client) -> None:
    tiktok, prompts = SkillFactory(name="TikTok"), SkillFactory(name="Prompt writing")
    registration = _register(mentee_client, "mentee", [tiktok, prompts])

    page = mentee_client.get(_url(registration)).content.decode()

    assert "How confident are you with TikTok?" in page
    assert "How confident are you with Prompt writing?" in page
    assert "5 · Very: I could show someone else" in page

    first, second = self_assessment_topics(registration, AssessmentMoment.BEFORE)
    answer = mentee_client.post(_url(registration), {"rate_0": "2", "rate_1": "1"})

    assert answer["Location"] == reverse("programs:my_registration", args=[registration.pk])
    assert dict(SelfRating.objects.values_list("topic", "rating")) == {
        first.key: 2,
        second.key: 1,
    }
    assert {first.key, second.key} == {f"skill:{tiktok.slug}", f"skill:{prompts.slug}"}
    detail = mentee_client.get(answer["Location"]).content.decode()
    assert "2 · A little" in detail and "1 · Not at all" in detail


def test_a_mentor_rates_development_areas_then_reads_the_guide(mentor_client) -> None:
    registration = _register(mentor_client, "mentor", [SkillFactory()])
    page = mentor_client.get(_url(registration)).content.decode()
    assert all(area.label in page for area in DEVELOPMENT_AREAS)

    answer = mentor_client.post(_url(registration), {f"rate_{i}": "3" for i in range(4)})

    assert answer["Location"] == reverse("programs:registration_guide", args=[registration.pk])
    assert SelfRating.objects.filter(moment=AssessmentMoment.BEFORE).count() == 4


@pytest.mark.parametrize(
    "posted, message",
    [
        ({"rate_0": "3"}, "Choose a rating for: Being known by leaders outside my own team"),
        ({f"rate_{i}": "9" for i in range(4)}, "Select a valid choice. 9 is not one"),
        ({f"rate_{i}": "3\x00" for i in range(4)}, "NUL character"),
    ],
)
def test_a_missing_or_silly_rating_is_named_and_nothing_is_saved(
    mentor_client, posted, message
) -> None:
    registration = _register(mentor_client, "mentor", [SkillFactory()])
    posted = {**{"rate_0": "3", "rate_1": "3"}, **posted} if len(posted) == 1 else posted

    answer = mentor_client.post(_url(registration), posted)

    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not SelfRating.objects.exists()


def test_answers_can_change_until_matching_then_they_are_kept(mentor_client) -> None:
    registration = _register(mentor_client, "mentor", [SkillFactory()])
    mentor_client.post(_url(registration), {f"rate_{i}": "2" for i in range(4)})
    mentor_client.post(_url(registration), {f"rate_{i}": "4" for i in range(4)})
    assert set(SelfRating.objects.values_list("rating", flat=True)) == {4}

    registration.program.status = ProgramStatus.MATCHING
    registration.program.save()
    answer = mentor_client.post(_url(registration), {f"rate_{i}": "1" for i in range(4)})

    assert answer.status_code == 302
    assert set(SelfRating.objects.values_list("rating", flat=True)) == {4}


def test_the_audit_says_it_happened_and_never_the_ratings(mentor_client) -> None:
    registration = _register(mentor_client, "mentor", [SkillFactory()])
    mentor_client.post(_url(registration), {f"rate_{i}": "5" for i in range(4)})

    entry = AuditEntry.objects.get(action="self_assessment.recorded")
    assert entry.data == {"moment": "before", "topics": 4}


@pytest.mark.parametrize("who", ["mentee", "outsider", "program_manager"])
def test_nobody_else_reads_or_writes_my_starting_point(request, mentor_client, who) -> None:
    registration = _register(mentor_client, "mentor", [SkillFactory()])
    mentor_client.post(_url(registration), {f"rate_{i}": "2" for i in range(4)})
    if who == "program_manager":
        user = make_manager(registration.program)
    else:
        user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)

    assert client.get(_url(registration)).status_code == 404
    assert client.post(_url(registration), {f"rate_{i}": "5" for i in range(4)}).status_code == 404
    assert set(SelfRating.objects.values_list("rating", flat=True)) == {2}


def test_a_new_skill_asks_for_its_rating_and_a_removed_one_drops_its_own(mentee_client) -> None:
    tiktok, prompts, sheets = SkillFactory(), SkillFactory(), SkillFactory()
    registration = _register(mentee_client, "mentee", [tiktok, prompts])
    mentee_client.post(_url(registration), {"rate_0": "2", "rate_1": "3"})
    assert (
        "Rate my starting point"
        not in mentee_client.get(reverse("home:my_programs")).content.decode()
    )

    mentee_client.post(
        reverse("programs:registration_edit", args=[registration.pk]),
        form_data([tiktok, sheets]),
    )

    topics = set(SelfRating.objects.values_list("topic", flat=True))
    assert topics == {f"skill:{tiktok.slug}"}
    page = mentee_client.get(reverse("home:my_programs")).content.decode()
    assert "Rate my starting point" in page
