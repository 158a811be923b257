"""The demo's self-assessments (where each person started and ended) and self-identification.

No randomness (it would shift the demo's other random choices): the ratings
follow the person's id, so every seed gives a spread of answers.
"""

from __future__ import annotations

from upward.people.models import Person
from upward.programs.models import AssessmentMoment, ParticipantRole, Registration
from upward.programs.selectors.self_assessment import own_self_ratings, self_assessment_topics


def starting_ratings(registration: Registration) -> dict[str, int]:
    """Seniors start low on the tools (1-3); juniors in the middle on their areas (2-4)."""
    low = 1 if registration.role == ParticipantRole.MENTEE else 2
    topics = self_assessment_topics(registration, AssessmentMoment.BEFORE)
    return {
        topic.key: low + (registration.person_id * 7 + index * 5) % 3
        for index, topic in enumerate(topics)
    }


def closing_ratings(registration: Registration, *, gain: int) -> dict[str, int]:
    """The starting ratings moved up by `gain` (0 to 2, varying by topic), at most 5."""
    before = own_self_ratings(registration, AssessmentMoment.BEFORE)
    topics = self_assessment_topics(registration, AssessmentMoment.AFTER)
    ratings = {}
    for index, topic in enumerate(topics):
        start = before.get(topic.key, 2)
        step = max(0, gain - (index % 2)) if gain else 0
        ratings[topic.key] = min(5, start + step)
    return ratings


def self_identification_of(person: Person) -> dict[str, str] | None:
    """Most people share their answers (4 in 5); a few say yes to under-represented groups.

    Deterministic from the person, so the closed cohort's inclusion table has a
    group small enough to be hidden, and another hidden beside it.
    """
    if person.pk % 5 == 0:
        return None  # did not consent
    generation = (
        "gen_z"
        if (person.birth_year or 1990) >= 1997
        else ("millennial" if (person.birth_year or 1990) >= 1981 else "gen_x")
    )
    return {
        "generation": generation,
        "under_represented": "yes" if person.pk % 4 == 1 else "no",
        "disability": "yes"
        if person.pk % 11 == 3
        else "prefer_not"
        if person.pk % 7 == 2
        else "no",
        "first_generation": "yes" if person.pk % 3 == 0 else "no",
    }
