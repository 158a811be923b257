"""What optional self-identification asks, and why: one place, versioned.

Changing the questions or the statement of purpose means a new
PURPOSE_VERSION, so every stored consent says which wording it was given to.
"""

from __future__ import annotations

from typing import NamedTuple

PURPOSE_VERSION = "2025-1"

PURPOSE_STATEMENT = (
    "Why we ask: this program has an inclusion objective, and these answers are the only way "
    "to tell whether it reaches the people it is meant for. They are used only in aggregate "
    "figures, and groups of fewer than 5 people are never shown. Your partner and the program "
    "managers never see your answers. Every question is optional, and you can withdraw your "
    "answers at any time: they are then deleted, not just hidden."
)

PREFER_NOT = ("prefer_not", "Prefer not to say")
YES_NO: list[tuple[str, str]] = [("yes", "Yes"), ("no", "No"), PREFER_NOT]


class Question(NamedTuple):
    key: str
    label: str
    choices: list[tuple[str, str]] | None  # None: free text
    help_text: str = ""


QUESTIONS: list[Question] = [
    Question(
        "generation",
        "Generation",
        [
            ("baby_boomer", "Baby boomer (born 1946 to 1964)"),
            ("gen_x", "Gen X (born 1965 to 1980)"),
            ("millennial", "Millennial (born 1981 to 1996)"),
            ("gen_z", "Gen Z (born 1997 or later)"),
            PREFER_NOT,
        ],
    ),
    Question(
        "gender_identity",
        "Gender identity",
        None,
        "In your own words, if you wish.",
    ),
    Question(
        "under_represented",
        "I identify as part of an under-represented group at work",
        YES_NO,
    ),
    Question("disability", "I consider myself to have a disability or long-term condition", YES_NO),
    Question(
        "first_generation",
        "I was the first in my family to go to university",
        [*YES_NO[:2], ("not_applicable", "I did not go to university"), PREFER_NOT],
    ),
]

FREE_TEXT_MAX = 100


def clean_answers(answers: dict[str, str]) -> dict[str, str]:
    """Keep only known questions with valid, non-empty answers."""
    cleaned: dict[str, str] = {}
    for question in QUESTIONS:
        value = " ".join(str(answers.get(question.key, "")).split())
        if not value:
            continue
        if question.choices is None:
            cleaned[question.key] = value[:FREE_TEXT_MAX]
        elif value in {choice for choice, _ in question.choices}:
            cleaned[question.key] = value
    return cleaned
