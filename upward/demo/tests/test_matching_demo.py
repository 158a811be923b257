"""The demo's matching step: the demo mentor and mentee can confirm each other."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from upward.accounts.models import User
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.matching_demo import demo_matching_prepare
from upward.demo.programs import MATCHING_NAME
from upward.matching.services.publish import match_run_publish
from upward.matching.services.runs import match_run_create, match_run_execute
from upward.pairs.models import Pair, PairStatus
from upward.pairs.services import pair_answer
from upward.programs.models import Program

pytestmark = pytest.mark.django_db


def test_after_a_run_is_published_the_demo_mentor_and_mentee_confirm_each_other() -> None:
    call_command("seed_demo", stdout=StringIO())
    pin = demo_matching_prepare()
    assert pin is not None and demo_matching_prepare() == pin  # idempotent

    program = Program.objects.get(name=MATCHING_NAME)
    manager = User.objects.get(email__iexact=PERSONA_BY_KEY["program_manager"].email)
    run = match_run_execute(run_id=match_run_create(actor=manager, program=program).pk)
    match_run_publish(run_id=run.pk, actor=manager)

    pair = Pair.objects.get(program=program, mentor=pin.mentor)
    assert pair.mentee == pin.mentee
    for side in (pair.mentor, pair.mentee):
        pair = pair_answer(pair_id=pair.pk, actor=side, comfortable=True)
    assert pair.status == PairStatus.LIVE
