"""Forms for match runs. They validate input only; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from upward.matching.models import MatchObjective, MatchSettings
from upward.matching.services.match_settings import (
    DIFFERENCE_ATTRIBUTES,
    MAX_RESPONSE_DAYS,
    MAX_WEIGHT,
    MIN_RESPONSE_DAYS,
    RULES,
    WEIGHTS,
)

RULE_HELP = {item.key: item for item in RULES}


class MatchSettingsForm(forms.Form):
    objective = forms.ChoiceField(
        label="How pairs are chosen", choices=MatchObjective.choices, widget=forms.RadioSelect
    )
    min_level_gap = forms.IntegerField(
        label=RULE_HELP["min_level_gap"].label,
        help_text=RULE_HELP["min_level_gap"].help,
        min_value=0,
        max_value=20,
    )
    exclude_same_reporting_line = forms.BooleanField(
        label=RULE_HELP["exclude_same_reporting_line"].label,
        help_text=RULE_HELP["exclude_same_reporting_line"].help,
        required=False,
    )
    exclude_same_department = forms.BooleanField(
        label=RULE_HELP["exclude_same_department"].label,
        help_text=RULE_HELP["exclude_same_department"].help,
        required=False,
    )
    max_timezone_difference_hours = forms.FloatField(
        label=RULE_HELP["max_timezone_difference_hours"].label,
        help_text=RULE_HELP["max_timezone_difference_hours"].help,
        min_value=0,
        max_value=26,
        required=False,
    )
    require_common_language = forms.BooleanField(
        label=RULE_HELP["require_common_language"].label,
        help_text=RULE_HELP["require_common_language"].help,
        required=False,
    )
    self_service = forms.BooleanField(
        label="Self-service: mentees choose their mentor",
        help_text="Instead of receiving one proposal, each mentee picks among their top "
        "suggestions, with the reasons; the chosen mentor then answers privately.",
        required=False,
    )
    response_days = forms.IntegerField(
        label="Days to answer a proposal",
        help_text="Each person has this long to say whether they are comfortable with their "
        "proposed partner. Reminders go out before the end; then the managers are told.",
        min_value=MIN_RESPONSE_DAYS,
        max_value=MAX_RESPONSE_DAYS,
    )
    difference_attributes = forms.MultipleChoiceField(
        label="Differences that count as welcome",
        choices=DIFFERENCE_ATTRIBUTES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Used by the “Welcome difference” weight.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in WEIGHTS:
            self.fields[f"weight_{item.key}"] = forms.FloatField(
                label=item.label,
                help_text=item.help,
                min_value=0,
                max_value=MAX_WEIGHT,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )

    @staticmethod
    def initial_from(current: MatchSettings) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "objective": current.objective,
            "difference_attributes": current.difference_attributes,
            "self_service": current.self_service,
            "response_days": current.response_days,
            **current.rules,
        }
        for item in WEIGHTS:
            initial[f"weight_{item.key}"] = current.weights.get(item.key, 0)
        return initial

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{item.key}"] for item in WEIGHTS]

    def rule_fields(self) -> list[forms.BoundField]:
        return [self[item.key] for item in RULES]

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weights": {item.key: data[f"weight_{item.key}"] for item in WEIGHTS},
            "rules": {item.key: data[item.key] for item in RULES},
            "objective": data["objective"],
            "difference_attributes": list(data["difference_attributes"]),
            "self_service": data["self_service"],
            "response_days": data["response_days"],
        }


class RunForm(forms.Form):
    label = forms.CharField(
        label="Name this run (optional)",
        max_length=200,
        required=False,
        help_text="For example “availability weight 4”, to find it when comparing.",
    )


OVERRIDE_HELP = (
    "Only if you mean to break a hard rule: say why. The reason is kept with the pair "
    "and written to the audit log."
)


class SwapForm(forms.Form):
    proposal = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    override_reason = forms.CharField(
        label="Reason to override a rule", max_length=500, required=False, help_text=OVERRIDE_HELP
    )

    def __init__(self, *args: Any, proposal_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["proposal"]).choices = [(pk, pk) for pk in proposal_ids]

    def clean_proposal(self) -> list[int]:
        chosen: list[int] = self.cleaned_data["proposal"]
        if len(chosen) != 2:
            raise forms.ValidationError("Tick exactly two pairs to swap their mentors.")
        return chosen


class AssignSearchForm(forms.Form):
    """The name searches that find the two people to pair by hand."""

    mentor_q = forms.CharField(label="Mentor's name", max_length=100, required=False)
    mentee_q = forms.CharField(label="Mentee's name", max_length=100, required=False)


class AssignForm(forms.Form):
    """Two registrations, by id: the service checks that both belong to the run's program."""

    mentor = forms.IntegerField(
        min_value=1, error_messages={"required": "Choose a mentor from the search results."}
    )
    mentee = forms.IntegerField(
        min_value=1, error_messages={"required": "Choose a mentee from the search results."}
    )
    override_reason = forms.CharField(
        label="Reason to override a rule", max_length=500, required=False, help_text=OVERRIDE_HELP
    )


class ForbidForm(forms.Form):
    proposal = forms.IntegerField()
    reason = forms.CharField(label="Why (optional)", max_length=500, required=False)


class ProposalForm(forms.Form):
    proposal = forms.IntegerField()


class RematchForm(forms.Form):
    """The re-matching page posts one `mentee-<registration id>` = mentor id per choice.

    The fields depend on who needs a partner, so they are read from the data;
    anything that is not a pair of whole numbers is ignored (the service checks
    that each id belongs to the program).
    """

    def choices(self) -> dict[int, int]:
        chosen: dict[int, int] = {}
        for key, value in self.data.items():
            mentee, mentor = key.removeprefix("mentee-"), str(value)
            if key.startswith("mentee-") and mentee.isdigit() and mentor.isdigit():
                chosen[int(mentee)] = int(mentor)
        return chosen
