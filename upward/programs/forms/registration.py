"""Forms for registering: one form per role, built from the program's own settings.

Forms only validate input and shape it for the services; the rules about who
may register and when live in the services and selectors.
"""

from __future__ import annotations

from typing import Any

from django import forms

from upward.core.forms import ModelChoiceField, ModelMultipleChoiceField
from upward.people.models import Person
from upward.programs.models import (
    MeetingPreference,
    ParticipantRole,
    Program,
    QuestionKind,
    Registration,
    RegistrationQuestion,
    Skill,
    SkillFamily,
)
from upward.programs.registration_choices import LANGUAGES, slot_choices, timezone_names
from upward.programs.self_identification import QUESTIONS as SELF_ID_QUESTIONS
from upward.programs.services.registration import MAX_SKILLS, RegistrationData

SCALE_CHOICES = [(str(value), str(value)) for value in range(1, 6)]
SELF_ID_PREFIX = "sid_"


def questions_for(program: Program, role: str) -> list[RegistrationQuestion]:
    return [
        question
        for question in program.questions.all()
        if not question.role or question.role == role
    ]


class PlainLabelsForm(forms.Form):
    """Labels without Django's trailing colon, as everywhere else in Upward."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in timezone_names()]


class RegistrationForm(PlainLabelsForm):
    skills = ModelMultipleChoiceField(
        queryset=Skill.objects.select_related("family"),
        error_messages={"required": "Pick at least one skill."},
    )
    goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Tell us your goals in a sentence or two."},
    )
    availability = forms.MultipleChoiceField(
        choices=slot_choices,
        widget=forms.CheckboxSelectMultiple,
        label="When could you meet?",
        error_messages={"required": "Pick at least one time in the week when you could meet."},
    )
    timezone = forms.ChoiceField(label="Time zone", choices=_timezone_choices)
    meeting_preference = forms.ChoiceField(
        choices=MeetingPreference.choices,
        widget=forms.RadioSelect,
        label="How would you like to meet?",
        initial=MeetingPreference.EITHER,
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        label="Languages you can meet in",
        error_messages={"required": "Pick at least one language you can meet in."},
    )

    def __init__(
        self,
        *args: Any,
        program: Program,
        role: str,
        person: Person,
        instance: Registration | None = None,
        with_self_identification: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.role = role
        self.instance = instance
        self.is_mentor = role == ParticipantRole.MENTOR
        self.questions = questions_for(program, role)
        self.fields["goals"].label = (
            "What would you like to get out of mentoring a senior leader?"
            if self.is_mentor
            else "What do you want to learn, and why now?"
        )
        self.fields["goals"].help_text = "In your own words. Your partner will read this."
        self.fields["skills"].label = (
            "Skills you could teach" if self.is_mentor else "Skills you want to learn"
        )
        if self.is_mentor and program.mentor_capacity > 1:
            self.fields["capacity"] = forms.TypedChoiceField(
                choices=[(n, str(n)) for n in range(1, program.mentor_capacity + 1)],
                coerce=int,
                initial=1,
                label="How many mentees could you take?",
                help_text=f"This program allows up to {program.mentor_capacity}.",
            )
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = _question_field(question)
        self.with_self_identification = with_self_identification and program.has_inclusion_objective
        if self.with_self_identification:
            self.fields.update(self_identification_fields())
        self._set_initial(person, instance)

    def _set_initial(self, person: Person, instance: Registration | None) -> None:
        if instance is None:
            self.initial.setdefault("timezone", person.timezone)
            self.initial.setdefault("languages", ["en"])
            self.initial.setdefault("meeting_preference", MeetingPreference.EITHER)
            return
        links = list(instance.skill_links.all())
        self.initial.update(
            skills=[link.skill_id for link in links],
            goals=instance.goals,
            availability=instance.availability,
            timezone=instance.timezone,
            meeting_preference=instance.meeting_preference,
            languages=instance.languages,
            capacity=instance.capacity,
        )
        for question in self.questions:
            if str(question.pk) in instance.answers:
                self.initial[f"q_{question.pk}"] = instance.answers[str(question.pk)]

    # --- What the template needs ----------------------------------------------

    def submitted_or_initial(self, name: str) -> list[str]:
        """A multi-valued field's raw values: as submitted, or as first shown."""
        if not self.is_bound:
            return [str(value) for value in self.initial.get(name, [])]
        getlist = getattr(self.data, "getlist", None)
        return list(getlist(name)) if getlist else list(self.data.get(name, []))

    def picked_skill_ids(self) -> list[int]:
        raw = self.submitted_or_initial("skills")
        return [int(value) for value in raw if str(value).isdigit()]

    def ranks(self) -> dict[int, str]:
        """The priority number shown beside each picked skill (mentees only)."""
        if self.is_bound:
            return {pk: self.data.get(f"rank_{pk}", "") for pk in self.picked_skill_ids()}
        return {pk: str(position + 1) for position, pk in enumerate(self.picked_skill_ids())}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{question.pk}"] for question in self.questions]

    def self_identification_fields(self) -> list[forms.BoundField]:
        if not self.with_self_identification:
            return []
        return [self[f"{SELF_ID_PREFIX}{question.key}"] for question in SELF_ID_QUESTIONS]

    # --- Validation ---------------------------------------------------------------

    def clean_skills(self) -> list[Skill]:
        skills = list(self.cleaned_data["skills"])
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(
                f"Pick at most {MAX_SKILLS} skills: the ones that matter most."
            )
        return skills

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "skills" in cleaned:
            cleaned["skills"] = self._in_priority_order(cleaned["skills"])
        if self.with_self_identification:
            _check_consent(self, cleaned)
        return cleaned

    def _in_priority_order(self, skills: list[Skill]) -> list[Skill]:
        """Mentees rank what they want most; unranked skills follow, by name."""
        if self.is_mentor:
            previous = self.picked_skill_ids()
            return sorted(skills, key=lambda s: (previous.index(s.pk), s.name))
        ranked: list[tuple[int, str, Skill]] = []
        for skill in skills:
            raw = self.data.get(f"rank_{skill.pk}", "").strip()
            rank = int(raw) if raw.isdigit() and int(raw) > 0 else MAX_SKILLS + 1
            ranked.append((rank, skill.name, skill))
        return [skill for _, _, skill in sorted(ranked, key=lambda item: item[:2])]

    def to_data(self) -> RegistrationData:
        data = self.cleaned_data
        answers = {
            str(question.pk): data.get(f"q_{question.pk}")
            for question in self.questions
            if data.get(f"q_{question.pk}") not in (None, "")
        }
        return RegistrationData(
            skills=data["skills"],
            goals=data["goals"],
            availability=data["availability"],
            timezone=data["timezone"],
            meeting_preference=data["meeting_preference"],
            languages=data["languages"],
            capacity=data.get("capacity") or 1,
            answers=answers,
        )

    def self_identification_answers(self) -> dict[str, str] | None:
        """The answers to store, or None without consent (then nothing is stored)."""
        if not self.with_self_identification or not self.cleaned_data.get("sid_consent"):
            return None
        return _answers_from(self.cleaned_data)


def _question_field(question: RegistrationQuestion) -> forms.Field:
    common: dict[str, Any] = {"label": question.prompt, "required": question.required}
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[(choice, choice) for choice in question.choices],
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            choices=SCALE_CHOICES,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            help_text="1 = not at all, 5 = very much.",
            **common,
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)


def self_identification_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {
        "sid_consent": forms.BooleanField(
            required=False,
            label="I agree to share these answers for this purpose.",
        )
    }
    for question in SELF_ID_QUESTIONS:
        if question.choices is None:
            field: forms.Field = forms.CharField(
                required=False, max_length=100, label=question.label, help_text=question.help_text
            )
        else:
            field = forms.ChoiceField(
                required=False,
                choices=[("", "No answer"), *question.choices],
                label=question.label,
                help_text=question.help_text,
            )
        fields[f"{SELF_ID_PREFIX}{question.key}"] = field
    return fields


def _answers_from(cleaned: dict[str, Any]) -> dict[str, str]:
    return {
        question.key: cleaned.get(f"{SELF_ID_PREFIX}{question.key}") or ""
        for question in SELF_ID_QUESTIONS
        if cleaned.get(f"{SELF_ID_PREFIX}{question.key}")
    }


def _check_consent(form: forms.Form, cleaned: dict[str, Any]) -> None:
    if _answers_from(cleaned) and not cleaned.get("sid_consent"):
        form.add_error(
            "sid_consent",
            "Tick this box to share your self-identification answers, or clear them: "
            "nothing is stored without your consent.",
        )


class SelfIdentificationForm(PlainLabelsForm):
    """Self-identification on its own, from the participant's registration page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(self_identification_fields())
        self.fields["sid_consent"].required = True
        self.fields["sid_consent"].error_messages["required"] = (
            "Tick this box to share your answers: nothing is stored without your consent."
        )

    def answers(self) -> dict[str, str]:
        return _answers_from(self.cleaned_data)

    def consented_fields(self) -> list[forms.BoundField]:
        return [self[f"{SELF_ID_PREFIX}{question.key}"] for question in SELF_ID_QUESTIONS]


class SkillCreateForm(PlainLabelsForm):
    family = ModelChoiceField(queryset=SkillFamily.objects.all(), label="Skill family")
    name = forms.CharField(max_length=100, label="Skill")
    keywords = forms.CharField(
        max_length=300,
        required=False,
        help_text="Other words people might search for, separated by spaces.",
    )


class RegistrationFilterForm(PlainLabelsForm):
    """The manager's filters on a program's registrations; bad values are ignored."""

    role = forms.ChoiceField(
        required=False, choices=[("", "Both roles"), *ParticipantRole.choices], label="Role"
    )
    ready = forms.ChoiceField(
        required=False,
        choices=[("", "Ready or not"), ("yes", "Ready to match"), ("no", "Not ready yet")],
        label="Readiness",
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Registered"), ("withdrawn", "Withdrawn")],
        label="Status",
    )

    def filters(self) -> dict[str, Any]:
        values = self.cleaned_data if self.is_valid() else {}
        ready = {"yes": True, "no": False}.get(values.get("ready", ""))
        return {
            "role": values.get("role", ""),
            "ready": ready,
            "status": values.get("status") or "registered",
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)
