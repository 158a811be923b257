"""Emails about a pair state times in each recipient's own zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail

from upward.pairs.models import Pair
from upward.pairs.services.emails import pair_send_proposal_emails
from upward.people.models import Person

pytestmark = pytest.mark.django_db

DEADLINE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def test_the_answer_deadline_reads_in_tokyo_time_for_a_mentee_in_tokyo(proposed_pair, mentee):
    Person.objects.filter(user=mentee).update(timezone="Asia/Tokyo")
    Pair.objects.filter(pk=proposed_pair.pk).update(respond_by=DEADLINE)

    assert pair_send_proposal_emails(pair_id=proposed_pair.pk) == 2
    to_mentee = next(m for m in mail.outbox if m.to == [mentee.email])
    to_mentor = next(m for m in mail.outbox if m.to != [mentee.email])
    assert "Please answer by 2 March 2026, 23:00 JST." in to_mentee.body
    assert "2 March 2026, 23:00 JST" in str(to_mentee.alternatives[0][0])
    # The mentor in London reads the same deadline on their own clock, and not in Tokyo time.
    assert "Please answer by 2 March 2026, 14:00 GMT." in to_mentor.body
    assert "JST" not in to_mentor.body
