"""Forms for setting a program up. They validate input only; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory

from upward.accounts.models import User
from upward.core.forms import ModelChoiceField, ModelMultipleChoiceField
from upward.people.models import Department
from upward.programs.catalogue import CUSTOM_KPI, PROGRAM_TEMPLATES, kpi_choices
from upward.programs.models import (
    AgendaTemplate,
    KpiComparator,
    Objective,
    ParticipantRole,
    PreparationGuide,
    Program,
    QuestionKind,
    RegistrationQuestion,
)
from upward.programs.services.setup import EDITABLE_FIELDS, MAX_KPIS, MIN_KPIS, KpiInput

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BLANK_TEMPLATE = "blank"


class ProgramCreateForm(forms.Form):
    template = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        choices=[
            (BLANK_TEMPLATE, "A blank program"),
            *((t.key, t.name) for t in PROGRAM_TEMPLATES.values()),
        ],
        initial=BLANK_TEMPLATE,
    )
    name = forms.CharField(label="Program name", max_length=200)
    starts_on = forms.DateField(
        label="First sessions on",
        required=False,
        widget=DATE_INPUT,
        help_text="Optional. We suggest a date about five weeks away, leaving time to recruit "
        "and match; every date can be changed afterwards.",
    )

    @property
    def template_key(self) -> str:
        key = self.cleaned_data["template"]
        return "" if key == BLANK_TEMPLATE else str(key)


class ProgramSettingsForm(forms.ModelForm[Program]):
    objectives = forms.MultipleChoiceField(
        choices=Objective.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more.",
    )

    class Meta:
        model = Program
        fields = list(EDITABLE_FIELDS)
        labels = {
            "custom_objective": "Custom objective",
            "registration_opens_on": "Registration opens",
            "registration_closes_on": "Registration closes",
            "matching_on": "Matching",
            "starts_on": "Start",
            "ends_on": "End",
            "cadence_weeks": "Meet every … weeks",
            "session_minutes": "Minutes per session",
            "agreement_text": "Rules of the road",
        }
        help_texts = {
            "custom_objective": "Needed when you tick “Custom”.",
            "description": "What participants read on the program page.",
            "agreement_text": "",
        }
        widgets = {
            "registration_opens_on": DATE_INPUT,
            "registration_closes_on": DATE_INPUT,
            "matching_on": DATE_INPUT,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agreement_text": forms.Textarea(attrs={"rows": 14}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        order = [
            (
                "registration_opens_on",
                "registration_closes_on",
                "Registration must close on or after it opens.",
            ),
            (
                "registration_closes_on",
                "matching_on",
                "Matching must come on or after registration closes.",
            ),
            ("matching_on", "starts_on", "The program must start on or after matching."),
        ]
        for earlier, later, message in order:
            if data.get(earlier) and data.get(later) and data[earlier] > data[later]:
                self.add_error(later, message)
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "The program must end after it starts.")
        if (
            Objective.CUSTOM in data.get("objectives", [])
            and not data.get("custom_objective", "").strip()
        ):
            self.add_error("custom_objective", "Describe your custom objective.")
        return data

    def _post_clean(self) -> None:
        # Cross-field rules are checked in clean() with clearer messages than the
        # database constraint names full_clean would report.
        pass

    def changes(self) -> dict[str, Any]:
        return {
            field: self.cleaned_data[field]
            for field in self.Meta.fields
            if field in EDITABLE_FIELDS
        }


class KpiForm(forms.Form):
    kind = forms.ChoiceField(
        label="KPI", choices=[("", "— none —"), *kpi_choices()], required=False
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="Needed for a custom KPI; a catalogue KPI may be renamed.",
    )
    comparator = forms.ChoiceField(label="Aim", choices=KpiComparator.choices)
    target = forms.DecimalField(label="Target", max_digits=10, decimal_places=2, required=False)
    measure = forms.ChoiceField(
        label="Measured by (custom KPIs)",
        choices=[("", "—"), *[(k, n) for k, n in kpi_choices() if k != CUSTOM_KPI]],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind"):
            if data.get("target") is None:
                self.add_error("target", "Give the KPI a target.")
            if data["kind"] == CUSTOM_KPI and not data.get("name", "").strip():
                self.add_error("name", "Name your custom KPI.")
            if data["kind"] == CUSTOM_KPI and not data.get("measure"):
                self.add_error("measure", "Choose which measure gives this KPI its value.")
        return data


class BaseKpiFormSet(forms.BaseFormSet[KpiForm]):
    def clean(self) -> None:
        if any(self.errors):
            return
        chosen = self.kpis()
        if not MIN_KPIS <= len(chosen) <= MAX_KPIS:
            raise forms.ValidationError(
                f"Choose {MIN_KPIS} to {MAX_KPIS} KPIs; you chose {len(chosen)}."
            )

    def kpis(self) -> list[KpiInput]:
        return [
            KpiInput(
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data.get("name") or "",
                comparator=form.cleaned_data.get("comparator") or "",
                target=form.cleaned_data["target"],
                measure=form.cleaned_data.get("measure") or "",
            )
            for form in self.forms
            if form.cleaned_data.get("kind")
        ]


KpiFormSet = formset_factory(
    KpiForm, formset=BaseKpiFormSet, extra=0, max_num=MAX_KPIS, absolute_max=MAX_KPIS
)


class EligibilityForm(forms.Form):
    min_level = forms.IntegerField(label="Lowest level", min_value=0, required=False)
    max_level = forms.IntegerField(label="Highest level", min_value=0, required=False)
    min_tenure_months = forms.IntegerField(
        label="Minimum tenure (months)", min_value=0, max_value=600, initial=0
    )
    departments = ModelMultipleChoiceField(
        queryset=Department.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="None selected: any department. Ctrl- or Cmd-click to choose several.",
    )
    locations = forms.MultipleChoiceField(
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="None selected: any location. Ctrl- or Cmd-click to choose several.",
    )

    def __init__(self, *args: Any, locations: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["locations"]).choices = [
            (location, location) for location in locations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_level"), data.get("max_level")
        if low is not None and high is not None and low > high:
            self.add_error("max_level", "The highest level must not be below the lowest.")
        return data


class ManagerChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.email})"


class ManagerAddForm(forms.Form):
    user = ManagerChoiceField(
        label="Program manager to add", queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ManagerChoiceField, self.fields["user"]).queryset = candidates


class QuestionForm(forms.ModelForm[RegistrationQuestion]):
    choices = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For “one choice from a list”: one choice per line.",
    )

    class Meta:
        model = RegistrationQuestion
        fields = ["prompt", "kind", "choices", "role", "required"]
        labels = {"prompt": "Question", "role": "Asked of", "required": "An answer is required"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            ("", "Both mentors and mentees"),
            *ParticipantRole.choices,
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(self.instance.choices)

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == QuestionKind.CHOICE and len(data.get("choices") or []) < 2:
            self.add_error("choices", "Give at least two choices, one per line.")
        return data

    def _post_clean(self) -> None:
        pass  # the service validates the model


class AgendaForm(forms.ModelForm[AgendaTemplate]):
    class Meta:
        model = AgendaTemplate
        fields = ["title", "summary", "outline", "minutes"]
        labels = {"minutes": "Length (minutes)"}
        widgets = {"outline": forms.Textarea(attrs={"rows": 8})}

    def _post_clean(self) -> None:
        pass  # the service validates the model


class GuideForm(forms.ModelForm[PreparationGuide]):
    class Meta:
        model = PreparationGuide
        fields = ["role", "title", "body"]
        labels = {"role": "For", "body": "Guide"}
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args: Any, missing_roles: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["role"]  # a guide belongs to its role for good
        else:
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (value, label)
                for value, label in ParticipantRole.choices
                if value in (missing_roles or [])
            ]

    def _post_clean(self) -> None:
        pass  # the service validates the model
