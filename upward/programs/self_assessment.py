"""The self-assessment: what each side rates about itself, before the program and after.

Mentees (the senior leaders) rate their confidence in each skill they want to
learn. Mentors (the junior employees) rate themselves on the development areas
reverse mentoring is meant to grow. Both use the same anchored 1-5 scale, at
registration and again at closing, so reports can show the change.
"""

from __future__ import annotations

from typing import NamedTuple

SCALE: list[tuple[int, str]] = [
    (1, "1 · Not at all: I would not know where to start"),
    (2, "2 · A little: I know the basics"),
    (3, "3 · Somewhat: I manage with help"),
    (4, "4 · Confident: I do it on my own"),
    (5, "5 · Very: I could show someone else"),
]
SCALE_SHORT = {1: "Not at all", 2: "A little", 3: "Somewhat", 4: "Confident", 5: "Very"}


class Topic(NamedTuple):
    key: str  # "skill:<slug>" or "area:<key>"
    label: str  # the question as asked


DEVELOPMENT_AREAS: list[Topic] = [
    Topic("area:explaining", "Explaining something technical to a senior leader"),
    Topic("area:business", "Understanding how the business makes decisions"),
    Topic("area:visibility", "Being known by leaders outside my own team"),
    Topic("area:confidence", "Speaking up in a room of senior people"),
]


def skill_topic(slug: str, name: str) -> Topic:
    return Topic(f"skill:{slug}", f"How confident are you with {name}?")
