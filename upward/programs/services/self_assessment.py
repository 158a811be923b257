"""Record a person's self-assessment: every topic rated 1-5, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.programs.models import AssessmentMoment, Registration, SelfRating
from upward.programs.selectors.registration import is_editable
from upward.programs.selectors.self_assessment import self_assessment_topics


@transaction.atomic
def self_assessment_record(
    *,
    registration: Registration,
    moment: str,
    ratings: Mapping[str, int],
    actor: User | None,
) -> list[SelfRating]:
    """Replace `registration`'s ratings for `moment`; the audit says it happened, not the values.

    Before the program, the ratings can be changed while the registration can;
    the closing ones are written once, with the closing reflection.
    """
    if moment not in AssessmentMoment.values:
        raise ApplicationError("Unknown moment for a self-assessment.")
    if moment == AssessmentMoment.BEFORE and not is_editable(registration):
        raise ApplicationError(
            "Your starting point can no longer be changed: matching has started."
        )
    topics = self_assessment_topics(registration, moment)
    missing = [t.label for t in topics if t.key not in ratings]
    if missing:
        raise ApplicationError(f"Rate every line: {missing[0]} has no answer.")
    unknown = set(ratings) - {t.key for t in topics}
    if unknown:
        raise ApplicationError("One of the ratings is about something you were not asked.")
    if any(not isinstance(v, int) or not 1 <= v <= 5 for v in ratings.values()):
        raise ApplicationError("Each rating is a number from 1 to 5.")
    SelfRating.objects.filter(registration=registration, moment=moment).delete()
    rows = SelfRating.objects.bulk_create(
        SelfRating(
            registration=registration,
            moment=moment,
            topic=topic.key,
            topic_label=topic.label[:200],
            rating=ratings[topic.key],
        )
        for topic in topics
    )
    audit_log(
        actor=actor,
        action="self_assessment.recorded",
        summary=f"Self-assessment ({AssessmentMoment(moment).label.lower()}) recorded",
        target=registration,
        data={"moment": moment, "topics": len(rows)},
    )
    return rows
