"""Re-matching after a decline: new partners for the affected people, nobody else moves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from upward.accounts.models import User
from upward.matching.services.rematch import rematch_publish, rematch_suggestions
from upward.pairs.models import Pair, PairStatus
from upward.pairs.tests.optin_fixtures import in_matching, propose, register
from upward.programs.models import ParticipantRole, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_manager: User) -> Program:
    return in_matching(managers=[program_manager])


@pytest.fixture
def cast(program: Program) -> dict[str, Any]:
    people = {
        name: register(
            program, ParticipantRole.MENTOR if name.startswith("m") else "mentee", name=name.upper()
        )
        for name in ("m1", "m2", "m3", "m4", "e1", "e2", "e3")
    }
    people["live"] = propose(
        people["m1"], people["e1"], status=PairStatus.LIVE, mentor_answer="yes", mentee_answer="yes"
    )
    people["declined"] = propose(
        people["m2"],
        people["e2"],
        status=PairStatus.DECLINED,
        mentor_answer="no",
        mentor_decline_reason="Same team",
    )
    people["waiting"] = propose(people["m4"], people["e3"], mentee_answer="yes")
    return people


def _snapshot(*pairs: Pair) -> list[dict[str, Any]]:
    return [model_to_dict(Pair.objects.get(pk=p.pk)) for p in pairs]


def test_suggestions_cover_only_the_affected_mentee_and_never_repeat_a_declined_pair(
    program: Program, cast: dict[str, Any]
) -> None:
    options = rematch_suggestions(program=program)

    assert [o.mentee for o in options] == [cast["e2"]]
    (option,) = options
    # m1 and m4 have no place left, m2 declined e2: only m3 fits.
    assert [c.mentor for c in option.choices] == [cast["m3"]]
    assert option.suggested is not None and option.suggested.reasons


def test_publishing_a_rematch_changes_no_other_pair(
    program: Program,
    cast: dict[str, Any],
    program_manager: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    before = _snapshot(cast["live"], cast["waiting"], cast["declined"])

    with django_capture_on_commit_callbacks(execute=True):
        result = rematch_publish(
            program=program, actor=program_manager, choices={cast["e2"].pk: cast["m3"].pk}
        )

    assert result.published == 1
    assert _snapshot(cast["live"], cast["waiting"], cast["declined"]) == before
    new = Pair.objects.get(mentee=cast["e2"], status=PairStatus.PROPOSED)
    assert new.mentor == cast["m3"] and new.reasons
    assert (
        not Pair.objects.filter(mentor=cast["m2"], mentee=cast["e2"])
        .exclude(pk=cast["declined"].pk)
        .exists()
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [cast["m3"].person.email, cast["e2"].person.email]
    )
    assert rematch_suggestions(program=program) == []


def test_a_choice_outside_the_suggestions_is_skipped(
    program: Program, cast: dict[str, Any], program_manager: User
) -> None:
    result = rematch_publish(
        program=program, actor=program_manager, choices={cast["e2"].pk: cast["m2"].pk}
    )
    assert result.published == 0 and len(result.skipped) == 1
    assert not Pair.objects.filter(mentee=cast["e2"], status=PairStatus.PROPOSED).exists()


def test_rematch_page_lists_and_publishes(
    program: Program, cast: dict[str, Any], program_manager_client: Client, outsider_client: Client
) -> None:
    url = reverse("matching:rematch", args=[program.pk])
    assert outsider_client.get(url).status_code in (403, 404)
    page = program_manager_client.get(url).content.decode()
    # Names as whole words: a random CSRF token may well contain "M2".
    names = set(re.findall(r"\b[EM]\d\b", page))
    assert {"E2", "M3"} <= names and "M2" not in names

    response = program_manager_client.post(url, {f"mentee-{cast['e2'].pk}": str(cast["m3"].pk)})

    assert response.status_code == 302
    assert Pair.objects.filter(mentee=cast["e2"], mentor=cast["m3"]).exists()


def test_a_mentee_whose_pair_ended_early_or_who_was_left_unmatched_is_offered_a_partner(
    program: Program, cast: dict[str, Any]
) -> None:
    from upward.matching.services.rematch import NeedsPartner

    ended = register(program, "mentee", name="ENDED")
    register(program, "mentee", name="LONELY")
    freed = register(program, ParticipantRole.MENTOR, name="FREED")
    propose(freed, ended, status=PairStatus.ENDED, mentor_answer="yes", mentee_answer="yes")

    options = {o.mentee.person.name: o for o in rematch_suggestions(program=program)}

    assert set(options) == {"E2", "ENDED", "LONELY"}
    assert options["E2"].why == NeedsPartner.DECLINED
    assert options["ENDED"].why == NeedsPartner.ENDED
    assert options["LONELY"].why == NeedsPartner.UNMATCHED
    # The ended pair's mentor is free again, but never proposed to the same mentee twice.
    assert cast["m3"] in [c.mentor for c in options["ENDED"].choices]
    assert freed not in [c.mentor for c in options["ENDED"].choices]
    assert freed in [c.mentor for c in options["LONELY"].choices]


def test_the_manager_reads_that_the_only_fitting_mentor_was_paired_before(
    program: Program,
) -> None:
    mentor = register(program, ParticipantRole.MENTOR, name="ONLY MENTOR")
    mentee = register(program, "mentee", name="MENTEE")
    propose(mentor, mentee, status=PairStatus.DECLINED, mentor_answer="no")

    (option,) = rematch_suggestions(program=program)

    assert option.choices == []
    assert "is a forbidden pair" not in option.unmatched_reason
    assert "Paired before (never proposed again): ONLY MENTOR." in option.unmatched_reason


def test_before_any_pair_exists_nobody_is_waiting_for_a_rematch(program: Program) -> None:
    register(program, ParticipantRole.MENTOR, name="M")
    register(program, "mentee", name="E")

    assert rematch_suggestions(program=program) == []
