"""The self-assessment form: one anchored 1-5 question per topic, every one required."""

from __future__ import annotations

from typing import Any

from django import forms

from upward.programs.forms.registration import PlainLabelsForm
from upward.programs.self_assessment import SCALE, Topic


class SelfAssessmentForm(PlainLabelsForm):
    def __init__(
        self,
        *args: Any,
        topics: list[Topic],
        initial_ratings: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.topics = topics
        for index, topic in enumerate(topics):
            self.fields[f"rate_{index}"] = forms.TypedChoiceField(
                label=topic.label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                initial=(initial_ratings or {}).get(topic.key),
                error_messages={"required": f"Choose a rating for: {topic.label}"},
            )

    def ratings(self) -> dict[str, int]:
        return {
            topic.key: self.cleaned_data[f"rate_{index}"] for index, topic in enumerate(self.topics)
        }

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[f"rate_{index}"] for index in range(len(self.topics))]
