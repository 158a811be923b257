"""A pair: one mentor (junior) and one mentee (senior) in a program.

Lifecycle: proposed -> live (both said "comfortable") -> ended or completed;
or proposed -> declined (either said "not comfortable", or the manager
withdrew it). A decline is never shown to the other person. Answers are
private: each person's answer and reason live in their own columns, and only
managers read reasons.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from upward.core.models import TimeStampedModel
from upward.programs.models import Program, Registration


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    LIVE = "live", "Live"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended early"
    COMPLETED = "completed", "Completed"


# The only legal moves; services enforce them under a row lock.
PAIR_TRANSITIONS: dict[str, frozenset[str]] = {
    PairStatus.PROPOSED: frozenset({PairStatus.LIVE, PairStatus.DECLINED}),
    PairStatus.LIVE: frozenset({PairStatus.ENDED, PairStatus.COMPLETED}),
    PairStatus.DECLINED: frozenset(),
    PairStatus.ENDED: frozenset(),
    PairStatus.COMPLETED: frozenset(),
}
ACTIVE_STATUSES = (PairStatus.PROPOSED, PairStatus.LIVE)


class Answer(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    COMFORTABLE = "yes", "Comfortable with this pairing"
    NOT_COMFORTABLE = "no", "Not comfortable"


class Pair(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="pairs_as_mentor"
    )
    mentee = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="pairs_as_mentee"
    )
    status = models.CharField(
        max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED, db_index=True
    )
    score = models.FloatField(null=True, blank=True)
    reasons: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    source_run = models.ForeignKey(
        "matching.MatchRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    mentor_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    mentor_answered_at = models.DateTimeField(null=True, blank=True)
    mentor_decline_reason = models.CharField(max_length=1000, blank=True)
    mentee_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    mentee_answered_at = models.DateTimeField(null=True, blank=True)
    mentee_decline_reason = models.CharField(max_length=1000, blank=True)
    live_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["program", "-created_at", "id"]
        constraints = [
            # A mentee (senior) learns from one mentor at a time in a program.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["proposed", "live"]),
                name="pair_one_active_per_mentee",
            ),
            # A declined pairing is never proposed again.
            models.UniqueConstraint(fields=["mentor", "mentee"], name="pair_never_repeated"),
            models.CheckConstraint(
                condition=~Q(status="live") | (Q(mentor_answer="yes") & Q(mentee_answer="yes")),
                name="pair_live_needs_both_answers",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"Pair {self.pk} ({self.get_status_display()})"
