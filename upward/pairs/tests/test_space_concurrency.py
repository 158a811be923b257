"""Both people editing and accepting the agreement at the same moment.

Runs on PostgreSQL (row locks) and on SQLite (serialised writers), through the
one race harness (upward.core.testing.races).
"""

from __future__ import annotations

from typing import Any

import pytest

from upward.core.testing.races import run_together
from upward.pairs.models import AgreementVersion
from upward.pairs.services.agreement import agreement_accept, agreement_propose, agreement_start
from upward.pairs.tests.space_fixtures import live_pair

PAIRS = 4


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_and_accepts_never_sign_a_superseded_version() -> None:
    jobs: dict[str, Any] = {}
    pairs = [live_pair() for _ in range(PAIRS)]
    for pair in pairs:
        v1 = agreement_start(pair=pair)
        for side, registration in (("mentor", pair.mentor), ("mentee", pair.mentee)):
            jobs[f"{pair.pk}-{side}-propose"] = lambda p=pair, r=registration, s=side: (
                agreement_propose(pair=p, actor=r, text=f"The {s}'s version")
            )
            jobs[f"{pair.pk}-{side}-accept"] = lambda v=v1, r=registration: agreement_accept(
                version=v, actor=r
            )

    outcomes = run_together(jobs)

    assert all(o.startswith(("ok", "refused")) for o in outcomes.values()), outcomes
    for pair in pairs:
        versions = list(AgreementVersion.objects.filter(pair=pair).order_by("number"))
        assert [v.number for v in versions] == [1, 2, 3]  # both edits kept, numbered in turn
        first, second = versions[0], versions[1]
        # v1 was only ever accepted while it was still the latest version.
        for accepted_at in (first.mentor_accepted_at, first.mentee_accepted_at):
            assert accepted_at is None or accepted_at <= second.created_at
