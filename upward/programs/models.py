"""Programs, their set-up, and the people who register for them.

A program is one run of reverse mentoring. Its managers set objectives, KPIs,
dates, cadence, eligibility and the rules of the road; people are invited or
register openly, as a mentor (the junior who teaches) or a mentee (the senior
who learns).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from upward.core import clock
from upward.core.crypto import EncryptedJSONField
from upward.core.models import TimeStampedModel
from upward.people.models import Department, Person


class Objective(models.TextChoices):
    DIGITAL_SKILLS = "digital_skills", "Digital skills"
    INCLUSION = "inclusion", "Inclusion & diversity"
    RETENTION = "retention", "Retention of young talent"
    JUNIOR_LEADERSHIP = "junior_leadership", "Leadership development of junior talent"
    CULTURE = "culture", "Culture and new-hire insight"
    CUSTOM = "custom", "Custom"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECRUITING = "recruiting", "Recruiting"
    MATCHING = "matching", "Matching"
    RUNNING = "running", "Running"
    CLOSED = "closed", "Closed"


# The only legal moves of the lifecycle; program_transition enforces them.
PROGRAM_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgramStatus.DRAFT: frozenset({ProgramStatus.RECRUITING}),
    ProgramStatus.RECRUITING: frozenset({ProgramStatus.DRAFT, ProgramStatus.MATCHING}),
    ProgramStatus.MATCHING: frozenset({ProgramStatus.RECRUITING, ProgramStatus.RUNNING}),
    ProgramStatus.RUNNING: frozenset({ProgramStatus.CLOSED}),
    ProgramStatus.CLOSED: frozenset(),
}


class RecruitmentMode(models.TextChoices):
    OPEN = "open", "Open registration: anyone eligible may join"
    INVITE_ONLY = "invite_only", "Invite only"


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", "Mentor (junior, teaches)"
    MENTEE = "mentee", "Mentee (senior, learns)"


class Program(TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    objectives: models.JSONField[list[str]] = models.JSONField(default=list)
    custom_objective = models.CharField(max_length=300, blank=True)
    template_key = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT, db_index=True
    )
    recruitment_mode = models.CharField(
        max_length=16, choices=RecruitmentMode.choices, default=RecruitmentMode.INVITE_ONLY
    )
    registration_opens_on = models.DateField()
    registration_closes_on = models.DateField()
    matching_on = models.DateField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    cadence_weeks = models.PositiveSmallIntegerField(default=2)
    session_minutes = models.PositiveSmallIntegerField(default=45)
    mentor_capacity = models.PositiveSmallIntegerField(
        default=1, help_text="How many mentees one mentor may take."
    )
    agreement_text = models.TextField(
        blank=True,
        help_text="The rules of the road. Variables: {program}, {cadence}, {session_minutes}, "
        "{starts_on}, {ends_on}.",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ProgramManager", related_name="managed_programs"
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens_on__lte=models.F("registration_closes_on"))
                & Q(registration_closes_on__lte=models.F("matching_on"))
                & Q(matching_on__lte=models.F("starts_on"))
                & Q(starts_on__lt=models.F("ends_on")),
                name="program_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(cadence_weeks__gte=1) & Q(session_minutes__gte=15),
                name="program_cadence_sensible",
            ),
            models.CheckConstraint(condition=Q(mentor_capacity__gte=1), name="program_capacity_1"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_inclusion_objective(self) -> bool:
        return Objective.INCLUSION in self.objectives

    @property
    def objective_labels(self) -> list[str]:
        """The objectives in words, the custom one in the manager's own."""
        labels = dict(Objective.choices)
        found = [labels.get(key, key) for key in self.objectives if key != Objective.CUSTOM]
        if self.custom_objective and Objective.CUSTOM in self.objectives:
            found.append(self.custom_objective)
        return found

    @property
    def is_editable(self) -> bool:
        """Settings, content and managers can change until the program is closed (the
        services refuse afterwards; pages hide the links that would lead there)."""
        return self.status != ProgramStatus.CLOSED

    @property
    def is_inviting(self) -> bool:
        """Invitations go out only while registration is open, as services.recruiting checks."""
        return self.registration_is_open(clock.today())

    def registration_is_open(self, today: date) -> bool:
        return (
            self.status == ProgramStatus.RECRUITING
            and self.registration_opens_on <= today <= self.registration_closes_on
        )

    def render_agreement(self) -> str:
        """The rules of the road with the program's own values filled in."""
        values = {
            "program": self.name,
            "cadence": f"every {self.cadence_weeks} week{'s' if self.cadence_weeks > 1 else ''}",
            "session_minutes": str(self.session_minutes),
            "starts_on": f"{self.starts_on:%d %B %Y}",
            "ends_on": f"{self.ends_on:%d %B %Y}",
        }
        text = self.agreement_text
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text


class ProgramManager(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="manager_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_manager_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="program_manager_unique")
        ]


class KpiComparator(models.TextChoices):
    AT_LEAST = "gte", "at least"
    AT_MOST = "lte", "at most"


class Kpi(TimeStampedModel):
    """A measurable target; `kind` names a catalogue entry (programs.catalogue) or 'custom'."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kpis")
    kind = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    comparator = models.CharField(
        max_length=3, choices=KpiComparator.choices, default=KpiComparator.AT_LEAST
    )
    target = models.DecimalField(max_digits=10, decimal_places=2)
    unit = models.CharField(max_length=32, blank=True)
    # A custom KPI: which catalogue measure it is measured by (its own name and target).
    measure = models.CharField(max_length=64, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    @property
    def measured_by(self) -> str:
        """The catalogue kind whose measure gives this KPI's value ("" if none)."""
        return self.measure if self.kind == "custom" else self.kind

    class Meta:
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.get_comparator_display()} {self.target}{self.unit}"


class Eligibility(TimeStampedModel):
    """Who may take one role in a program. Empty lists mean 'any'."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="eligibility")
    role = models.CharField(max_length=8, choices=ParticipantRole.choices)
    min_level = models.PositiveSmallIntegerField(null=True, blank=True)
    max_level = models.PositiveSmallIntegerField(null=True, blank=True)
    min_tenure_months = models.PositiveSmallIntegerField(default=0)
    departments = models.ManyToManyField(Department, blank=True, related_name="+")
    locations: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "role"], name="eligibility_one_per_role"),
            models.CheckConstraint(
                condition=Q(min_level__isnull=True)
                | Q(max_level__isnull=True)
                | Q(min_level__lte=models.F("max_level")),
                name="eligibility_level_band_in_order",
            ),
        ]


class QuestionKind(models.TextChoices):
    TEXT = "text", "Free text"
    CHOICE = "choice", "One choice from a list"
    SCALE = "scale", "Scale from 1 to 5"


class RegistrationQuestion(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="questions")
    prompt = models.CharField(max_length=300)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    role = models.CharField(
        max_length=8, choices=ParticipantRole.choices, blank=True, help_text="Blank: both roles."
    )
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position", "id"]


class AgendaTemplate(TimeStampedModel):
    """A session outline junior mentors can pick ('Social media 101 for leaders')."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="agendas")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    outline = models.TextField(help_text="One step per line.")
    minutes = models.PositiveSmallIntegerField(default=45)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position", "id"]

    def __str__(self) -> str:
        return self.title


class PreparationGuide(TimeStampedModel):
    """What one role reads before matching; mentors confirm they have read it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="guides")
    role = models.CharField(max_length=8, choices=ParticipantRole.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "role"], name="guide_one_per_role")
        ]


class SkillFamily(TimeStampedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "skill families"

    def __str__(self) -> str:
        return self.name


class Skill(TimeStampedModel):
    """One teachable topic. Its family gives partial credit in matching."""

    family = models.ForeignKey(SkillFamily, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    keywords = models.CharField(max_length=300, blank=True, help_text="Search synonyms.")

    class Meta:
        ordering = ["family__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["family", "name"], name="skill_unique_in_family")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def engine_key(self) -> str:
        """The id the matching engine sees: 'family-slug/Skill name'."""
        return skill_engine_key(self.family.slug, self.name)


def skill_engine_key(family_slug: str, name: str) -> str:
    """How a skill reaches the matching engine: its family, then its readable name."""
    return f"{family_slug}/{name}"


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    REGISTERED = "registered", "Registered"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class Invitation(TimeStampedModel):
    """An invitation to one program; the email link is signed and expires."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(
        max_length=8, choices=ParticipantRole.choices, blank=True, help_text="Blank: either."
    )
    status = models.CharField(
        max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    nonce = models.CharField(max_length=32)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(
        max_length=500, blank=True, help_text="Optional, in the invitee's words."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="invitation_once_per_person")
        ]
        indexes = [models.Index(fields=["program", "status"])]


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MeetingPreference(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    IN_PERSON = "in_person", "In person"
    EITHER = "either", "Either"


class Registration(TimeStampedModel):
    """A participant: one person in one role in one program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    role = models.CharField(max_length=8, choices=ParticipantRole.choices)
    status = models.CharField(
        max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    skills = models.ManyToManyField(Skill, through="RegistrationSkill", related_name="+")
    goals = models.TextField(blank=True)
    availability: models.JSONField[list[str]] = models.JSONField(
        default=list, blank=True, help_text="Weekly slots like 'tue-09', in `timezone`."
    )
    timezone = models.CharField(max_length=64)
    meeting_preference = models.CharField(
        max_length=12, choices=MeetingPreference.choices, default=MeetingPreference.EITHER
    )
    languages: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1)
    answers: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    guide_read_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=Q(status="registered"),
                name="registration_one_live_per_person",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="registration_capacity_1"),
        ]
        indexes = [models.Index(fields=["program", "status", "role"])]

    @property
    def is_ready(self) -> bool:
        """Mentors must have read the preparation guide before they can be matched."""
        return self.role != ParticipantRole.MENTOR or self.guide_read_at is not None


class RegistrationSkill(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="skill_links"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(default=0, help_text="0 = most wanted.")

    class Meta:
        ordering = ["registration", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "skill"], name="registration_skill_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} (priority {self.priority})"


class SelfIdentification(TimeStampedModel):
    """Optional, consented self-identification for inclusion objectives.

    The most sensitive data in Upward: kept apart from the registration,
    readable only by the participant, used only in aggregate reports that
    hide groups of fewer than five (decrypted only to count), and deleted (not
    blanked) when consent is withdrawn.
    """

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="self_identification"
    )
    consent_given_at = models.DateTimeField()
    purpose_version = models.CharField(max_length=16)
    # Encrypted at rest (UPWARD_ENCRYPTION_KEYS): a database dump reveals nothing.
    answers = EncryptedJSONField(default=dict)


class AssessmentMoment(models.TextChoices):
    BEFORE = "before", "At registration"
    AFTER = "after", "At closing"


class SelfRating(TimeStampedModel):
    """A person's own 1-5 rating of one topic, at registration and again at closing.

    Mentees rate their confidence in each skill they want to learn; mentors rate
    themselves on development areas (upward.programs.self_assessment). The topic
    is stored by key and label, so a rating still reads right after a skill is
    renamed or taken off the registration. Only the person reads their own
    ratings; reports use them in aggregate.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="self_ratings"
    )
    moment = models.CharField(max_length=6, choices=AssessmentMoment.choices)
    topic = models.CharField(max_length=80, help_text="skill:<slug> or area:<key>")
    topic_label = models.CharField(max_length=200)
    rating = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["registration", "moment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "moment", "topic"], name="self_rating_once"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="self_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic_label}: {self.rating}"
