"""Check-ins, concerns, pair health and nudges: the monitoring half of a program.

Privacy is built into the tables:
- a check-in belongs to one person; their partner never reads it, nor whether
  it was answered. Managers read ratings; a comment only when its author shared it;
- a concern is read by the person who raised it and its handlers (ConcernHandler
  rows, chosen when it was raised) and by nobody else. Its text never goes into
  the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from upward.core.models import TimeStampedModel
from upward.feedback.health.score import STATE_LABELS, HealthState
from upward.pairs.models import Pair, Session
from upward.programs.models import Program, Registration


class TookPlace(models.TextChoices):
    HELD = "held", "Yes, it took place"
    MOVED = "moved", "It moved to another time"
    CANCELLED = "cancelled", "It was cancelled"
    NO_SHOW = "no_show", "The other person did not come"


class Usefulness(models.IntegerChoices):
    # Four anchored choices and no middle: "neutral" is not an answer.
    CHANGED = 4, "It changed how I will work"
    USEFUL = 3, "Useful"
    A_LITTLE = 2, "A little"
    NOT_USEFUL = 1, "Not useful"


class Fit(models.IntegerChoices):
    WORKING = 4, "Working well"
    GETTING_THERE = 3, "Getting there"
    NOT_SURE = 2, "Not sure"
    NOT_WORKING = 1, "Not working"


class CheckIn(TimeStampedModel):
    """One person's private word on one session, asked once its end has passed."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="check_ins")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    asks_fit = models.BooleanField(default=False)
    took_place = models.CharField(max_length=10, choices=TookPlace.choices, blank=True)
    usefulness = models.PositiveSmallIntegerField(choices=Usefulness.choices, null=True, blank=True)
    fit = models.PositiveSmallIntegerField(choices=Fit.choices, null=True, blank=True)
    comment = models.TextField(blank=True)
    share_comment = models.BooleanField(default=False)
    due_at = models.DateTimeField(help_text="When the session ended.")
    expires_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The one-tap link in the email works once: its nonce is cleared when used.
    tap_nonce = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["pair", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="checkin_one_per_person"),
            models.CheckConstraint(
                condition=Q(usefulness__isnull=True) | Q(usefulness__gte=1, usefulness__lte=4),
                name="checkin_usefulness_range",
            ),
            models.CheckConstraint(
                condition=Q(fit__isnull=True) | Q(fit__gte=1, fit__lte=4),
                name="checkin_fit_range",
            ),
        ]
        indexes = [models.Index(fields=["author", "answered_at", "expires_at"])]

    def __str__(self) -> str:
        return f"Check-in {self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ConcernCategory(models.TextChoices):
    BEHAVIOUR = "behaviour", "Behaviour"
    CONFIDENTIALITY = "confidentiality", "Confidentiality"
    COMMITMENT = "commitment", "Commitment"
    OTHER = "other", "Something else"


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"


CONCERN_TRANSITIONS: dict[str, frozenset[str]] = {
    ConcernStatus.OPEN: frozenset(
        {ConcernStatus.ACKNOWLEDGED, ConcernStatus.RESOLVED, ConcernStatus.WITHDRAWN}
    ),
    ConcernStatus.ACKNOWLEDGED: frozenset({ConcernStatus.RESOLVED, ConcernStatus.WITHDRAWN}),
    ConcernStatus.RESOLVED: frozenset(),
    ConcernStatus.WITHDRAWN: frozenset(),
}
OPEN_CONCERN_STATUSES = (ConcernStatus.OPEN, ConcernStatus.ACKNOWLEDGED)


class Concern(TimeStampedModel):
    """A confidential report by one person of a pair, read by them and its handlers only."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    raised_by = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    about = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The other person of the pair (never told).",
    )
    category = models.CharField(max_length=16, choices=ConcernCategory.choices)
    text = models.TextField()
    status = models.CharField(
        max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.OPEN, db_index=True
    )
    outcome = models.TextField(blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Concern {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CONCERN_STATUSES


class HandlerReason(models.TextChoices):
    CONTACT = "contact", "A concern contact of the program"
    ADMINISTRATOR = "administrator", "An administrator (no concern contact could take it)"
    ESCALATION = "escalation", "An administrator (not acknowledged in time)"


class ConcernHandler(models.Model):
    """Who may read and act on a concern: chosen when it is raised, never its subject."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="handlers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=HandlerReason.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "user"], name="concern_handler_once")
        ]

    def __str__(self) -> str:
        return f"Handler of concern {self.concern_id}"


class ConcernMessage(TimeStampedModel):
    """The private thread between the person who raised a concern and its handlers."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_raiser = models.BooleanField(default=False)
    text = models.TextField()

    class Meta:
        ordering = ["concern", "created_at", "id"]

    def __str__(self) -> str:
        return f"Message on concern {self.concern_id}"


class ConcernContact(TimeStampedModel):
    """Someone a program's concerns go to. None named: the program's managers."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="concern_contacts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="concern_contact_once")
        ]

    def __str__(self) -> str:
        return f"Concern contact of program {self.program_id}"


HEALTH_CHOICES = [(state.value, label) for state, label in STATE_LABELS.items()]
# Board order: the pairs that need someone first.
STATE_RANK = {
    HealthState.AT_RISK: 0,
    HealthState.NEEDS_ATTENTION: 1,
    HealthState.TOO_EARLY: 2,
    HealthState.ON_TRACK: 3,
}


class PairHealth(models.Model):
    """A pair's current health, kept current by every event that changes it.

    `board` holds what the monitoring board shows besides the health itself
    (last and next session, the latest ratings of each side), so the board reads
    a program's pairs in one query.
    """

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="health")
    state = models.CharField(max_length=16, choices=HEALTH_CHOICES, db_index=True)
    score = models.PositiveSmallIntegerField()
    reasons: models.JSONField[list[str]] = models.JSONField(default=list)
    held = models.PositiveSmallIntegerField(default=0)
    expected = models.PositiveSmallIntegerField(default=0)
    board: models.JSONField[dict[str, object]] = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="pair_health_score_range")
        ]

    def __str__(self) -> str:
        return f"Health of pair {self.pair_id}: {self.state}"


class HealthSnapshot(models.Model):
    """A pair's health once a week, for trends."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="health_snapshots")
    week = models.DateField(help_text="The Monday of the week.")
    state = models.CharField(max_length=16, choices=HEALTH_CHOICES)
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["pair", "week"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "week"], name="health_snapshot_once_a_week")
        ]

    def __str__(self) -> str:
        return f"Pair {self.pair_id}, week of {self.week}"


class NudgeKind(models.TextChoices):
    PAIR = "pair", "Reminded both people (automatic)"
    MANAGERS = "managers", "Told the managers the pair is still drifting (automatic)"
    MANUAL = "manual", "Nudged by a manager"
    MESSAGE = "message", "A manager wrote to both"


class Nudge(TimeStampedModel):
    """A reminder to a drifting pair, or word to its managers; shown on the board."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(max_length=10, choices=NudgeKind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=2000, blank=True)

    class Meta:
        ordering = ["pair", "-created_at", "-id"]
        indexes = [models.Index(fields=["pair", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"Nudge {self.pk} ({self.kind})"
