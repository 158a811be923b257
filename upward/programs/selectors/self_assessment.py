"""What a person is asked to rate about themselves, and what they answered (theirs only)."""

from __future__ import annotations

from upward.programs.models import (
    AssessmentMoment,
    ParticipantRole,
    Registration,
    RegistrationSkill,
    SelfRating,
)
from upward.programs.self_assessment import DEVELOPMENT_AREAS, Topic, skill_topic


def self_assessment_topics(registration: Registration, moment: str) -> list[Topic]:
    """The questions: at closing, the same ones as at registration when those were answered."""
    if moment == AssessmentMoment.AFTER:
        before = list(
            SelfRating.objects.filter(
                registration=registration, moment=AssessmentMoment.BEFORE
            ).values_list("topic", "topic_label")
        )
        if before:
            return [Topic(key, label) for key, label in before]
    if registration.role == ParticipantRole.MENTOR:
        return list(DEVELOPMENT_AREAS)
    skills = (
        RegistrationSkill.objects.filter(registration=registration)
        .order_by("priority", "pk")
        .values_list("skill__slug", "skill__name")
    )
    return [skill_topic(slug, name) for slug, name in skills]


def own_self_ratings(registration: Registration, moment: str) -> dict[str, int]:
    return dict(
        SelfRating.objects.filter(registration=registration, moment=moment).values_list(
            "topic", "rating"
        )
    )
