"""The same check-in submitted twenty times at once (double taps, two tabs, a retrying
phone): one check-in, recorded whole, with one of the submitted answers."""

from __future__ import annotations

from typing import Any

import pytest

from upward.core.testing.races import run_together
from upward.feedback.models import CheckIn
from upward.feedback.services.check_ins import check_in_answer, check_ins_prompt
from upward.feedback.tests.conftest import after

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submissions_leave_one_whole_check_in(pair: Any, ended: Any) -> None:
    with after(ended):
        check_ins_prompt()
        mine = CheckIn.objects.get(author=pair.mentor)

        def submit(usefulness: int) -> Any:
            return lambda: check_in_answer(
                check_in=mine,
                actor=pair.mentor,
                took_place="held",
                usefulness=usefulness,
                comment=f"answer {usefulness}",
            )

        outcomes = run_together({f"tap {n}": submit(1 + n % 4) for n in range(THREADS)})

    assert set(outcomes.values()) == {"ok"}, outcomes
    assert CheckIn.objects.filter(session=ended, author=pair.mentor).count() == 1
    mine.refresh_from_db()
    # Whole: the fields of one submission, never a mix of two.
    assert mine.answered_at is not None
    assert mine.comment == f"answer {mine.usefulness}"


@pytest.mark.django_db(transaction=True)
def test_both_people_answering_at_once_count_the_session_held_once(pair: Any, ended: Any) -> None:
    with after(ended):
        check_ins_prompt()
        check_ins = {c.author_id: c for c in CheckIn.objects.filter(session=ended)}

        def submit(author: Any) -> Any:
            return lambda: check_in_answer(
                check_in=check_ins[author.pk], actor=author, took_place="held", usefulness=3
            )

        jobs = {f"mentor {n}": submit(pair.mentor) for n in range(THREADS // 2)}
        jobs |= {f"mentee {n}": submit(pair.mentee) for n in range(THREADS // 2)}
        outcomes = run_together(jobs)

    assert set(outcomes.values()) == {"ok"}, outcomes
    ended.refresh_from_db()
    pair.refresh_from_db()
    assert ended.status == "held"
    assert pair.sessions_held == 1
