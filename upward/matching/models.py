"""Match runs: a manager's settings, the engine's proposals, and manual edits.

A run is a saved what-if: its settings are copied into it, so two runs can be
compared side by side long after the program's settings change. Publishing a
run turns its proposals into pairs.Pair rows awaiting both people's answers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from upward.core.models import TimeStampedModel
from upward.programs.models import Program, Registration


class MatchObjective(models.TextChoices):
    """How a run chooses among feasible pairs (not to be confused with programs.Objective,
    what a program sets out to achieve)."""

    OPTIMAL = "optimal", "Best total fit (as many pairs as possible, then the best scores)"
    FAIR = "fair", "Fairest (as many pairs as possible, then lift the weakest pair)"
    STABLE = "stable", "Stable (nobody would both rather swap)"


class MatchSettings(TimeStampedModel):
    """A program's current matching settings (weights, hard rules, objective)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="match_settings")
    weights: models.JSONField[dict[str, float]] = models.JSONField(default=dict)
    rules: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    difference_attributes: models.JSONField[list[str]] = models.JSONField(default=list)
    objective = models.CharField(
        max_length=8, choices=MatchObjective.choices, default=MatchObjective.OPTIMAL
    )
    self_service = models.BooleanField(
        default=False, help_text="Mentees pick among their top suggestions."
    )
    response_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days each person has to answer a proposed pairing."
    )


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    PUBLISHED = "published", "Published"


class MatchRun(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    # Snapshot of MatchSettings and of the pins/forbids at the time of the run.
    settings_snapshot: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    progress_message = models.CharField(max_length=200, blank=True)
    summary: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ProposalOrigin(models.TextChoices):
    ENGINE = "engine", "Proposed by the engine"
    PINNED = "pinned", "Pinned by a manager"
    MANUAL = "manual", "Assigned by hand"
    REMATCH = "rematch", "Re-match suggestion"


class Proposal(TimeStampedModel):
    """One proposed pair in a run, with its score and the reasons for it."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentor = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    contributions: models.JSONField[dict[str, float]] = models.JSONField(default=dict)
    reasons: models.JSONField[list[str]] = models.JSONField(default=list)
    origin = models.CharField(
        max_length=8, choices=ProposalOrigin.choices, default=ProposalOrigin.ENGINE
    )
    # A manager may break a hard rule only on purpose, with a reason (audited).
    rule_violations: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["run", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="proposal_one_per_mentee"),
            models.CheckConstraint(
                condition=Q(rule_violations=[]) | ~Q(override_reason=""),
                name="proposal_override_needs_reason",
            ),
        ]


class UnmatchedEntry(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "registration"], name="unmatched_once")
        ]

    def __str__(self) -> str:
        return self.reason


class ConstraintKind(models.TextChoices):
    PIN = "pin", "Pinned: always pair these two"
    FORBID = "forbid", "Forbidden: never pair these two"


class PairConstraint(TimeStampedModel):
    """A manager's pin or forbid, respected by every later run of the program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=ConstraintKind.choices)
    reason = models.CharField(max_length=500, blank=True)
    # A pin that breaks a hard rule is kept only with the manager's reason (audited);
    # later runs keep it as it is instead of asking the engine to check it again.
    rule_violations: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentor", "mentee"], name="pair_constraint_once"
            ),
            models.CheckConstraint(
                condition=Q(rule_violations=[]) | ~Q(override_reason=""),
                name="pair_constraint_override_needs_reason",
            ),
        ]
