"""Personal access tokens and the replies kept for Idempotency-Key retries."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from upward.core.models import TimeStampedModel


class TokenScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiToken(TimeStampedModel):
    """A personal access token. Only its SHA-256 is stored; the secret is shown once.

    The token reads `upw_<prefix>_<secret>`: the prefix finds the row, the hash of
    the whole string proves it (compared in constant time).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.READ)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (upw_{self.prefix}_…)"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


class IdempotentReply(models.Model):
    """The first reply to a write sent with an Idempotency-Key, replayed on a retry."""

    owner = models.CharField(max_length=80, help_text="token:<sha256> or user:<id>")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], name="idempotency_key_unique_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class PeopleImportJob(TimeStampedModel):
    """An HR CSV uploaded through the API, imported by the worker."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    full_sync = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    report: models.JSONField[dict[str, object]] = models.JSONField(default=dict, blank=True)
    errors: models.JSONField[list[dict[str, object]]] = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"People import {self.pk} ({self.status})"


class WebhookEvent(models.TextChoices):
    PROPOSAL_PUBLISHED = "proposal.published", "A proposed pair was published"
    PAIR_LIVE = "pair.live", "A pair went live"
    PAIR_ENDED = "pair.ended", "A pair ended"
    SESSION_BOOKED = "session.booked", "A session was booked"
    SESSION_HELD = "session.held", "A session was held"
    CHECK_IN_OVERDUE = "check_in.overdue", "A check-in went unanswered"
    PAIR_AT_RISK = "pair.at_risk", "A pair is at risk"
    CONCERN_RAISED = "concern.raised", "A concern was raised (no content, no names)"
    MATCH_RUN_FINISHED = "match_run.finished", "A match run finished"
    IMPORT_FINISHED = "import.finished", "A people import finished"
    KPI_OFF_TARGET = "kpi.off_target", "A KPI is off target"
    PING = "webhook.test", "A test message"


class WebhookPreset(models.TextChoices):
    STANDARD = "standard", "Standard Webhooks (JSON, signed)"
    SLACK = "slack", "Slack incoming webhook"
    TEAMS = "teams", "Microsoft Teams incoming webhook"


class WebhookEndpoint(TimeStampedModel):
    """Where events are posted. A program manager's endpoint belongs to one program."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=100, help_text="whsec_…, shown to the owner only")
    events: models.JSONField[list[str]] = models.JSONField(default=list)
    preset = models.CharField(
        max_length=8, choices=WebhookPreset.choices, default=WebhookPreset.STANDARD
    )
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.description or self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Gave up"


class WebhookDelivery(models.Model):
    """One event for one endpoint, with its attempts so far (the delivery log)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=40, db_index=True, help_text="webhook-id header")
    event_type = models.CharField(max_length=40)
    payload: models.JSONField[dict[str, object]] = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class CheckInOverdue(models.Model):
    """A check-in whose `check_in.overdue` event was sent: at most once each."""

    check_in = models.OneToOneField("feedback.CheckIn", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Check-in {self.check_in_id} overdue"


class PairAtRisk(models.Model):
    """A pair whose `pair.at_risk` event was sent; removed when it is no longer at risk,
    so a pair that falls back to risk later is announced again."""

    pair = models.OneToOneField("pairs.Pair", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Pair {self.pair_id} at risk"


class KpiOffTarget(models.Model):
    """A KPI whose `kpi.off_target` event was sent, with the status it was sent for."""

    kpi = models.OneToOneField("programs.Kpi", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"KPI {self.kpi_id} {self.status}"
