"""The api app's periodic work: overdue check-ins as events, and clean-up."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from upward.api.models import (
    CheckInOverdue,
    DeliveryStatus,
    IdempotentReply,
    KpiOffTarget,
    PairAtRisk,
    PeopleImportJob,
    WebhookDelivery,
    WebhookEndpoint,
)
from upward.core.events import event_happened
from upward.feedback.models import CheckIn, PairHealth
from upward.programs.models import Program, ProgramStatus

# A check-in that closed unanswered longer ago than this is history, not news.
OVERDUE_WINDOW = timedelta(days=2)
IDEMPOTENCY_KEPT = timedelta(hours=24)
DELIVERIES_KEPT = timedelta(days=30)
IMPORT_JOBS_KEPT = timedelta(days=90)
AT_RISK = "at_risk"


def check_ins_overdue_announce(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send `check_in.overdue` once for each check-in that closed without an answer."""
    now = now or timezone.now()
    due = list(
        CheckIn.objects.filter(
            answered_at__isnull=True, expires_at__lte=now, expires_at__gt=now - OVERDUE_WINDOW
        )
        .exclude(pk__in=CheckInOverdue.objects.values("check_in_id"))
        .select_related("pair__program")
        .order_by("expires_at", "id")[:limit]
    )
    sent = 0
    for check_in in due:
        try:
            with transaction.atomic():
                CheckInOverdue.objects.create(check_in=check_in)  # the claim: once only
                program = check_in.pair.program
                event_happened(
                    "check_in.overdue",
                    {
                        "check_in_id": check_in.pk,
                        "pair_id": check_in.pair_id,
                        "program_id": program.pk,
                        "program_name": program.name,
                    },
                    program_id=program.pk,
                )
                sent += 1
        except IntegrityError:
            continue  # another worker announced it
    return sent


def pairs_at_risk_announce(*, limit: int = 500) -> int:
    """Send `pair.at_risk` once each time a live pair's health turns at risk.

    Read from the health the feedback app keeps, so feedback knows nothing of webhooks:
    a pair announced and no longer at risk is forgotten, to be announced again if it
    falls back.
    """
    PairAtRisk.objects.exclude(
        pair__in=PairHealth.objects.filter(state=AT_RISK).values("pair")
    ).delete()
    due = list(
        PairHealth.objects.filter(state=AT_RISK, pair__status="live")
        .exclude(pair__in=PairAtRisk.objects.values("pair"))
        .select_related("pair__program")
        .order_by("pair_id")[:limit]
    )
    sent = 0
    for health in due:
        pair = health.pair
        try:
            with transaction.atomic():
                PairAtRisk.objects.create(pair=pair)  # the claim: once per episode
                event_happened(
                    "pair.at_risk",
                    {
                        "pair_id": pair.pk,
                        "program_id": pair.program_id,
                        "program_name": pair.program.name,
                    },
                    program_id=pair.program_id,
                )
                sent += 1
        except IntegrityError:
            continue
    return sent


OFF_TARGET = ("behind", "missed")


def _programs_watched_for_kpis() -> list[Program]:
    """Programs some active endpoint wants `kpi.off_target` for: KPIs cost queries."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if "kpi.off_target" in endpoint.events
    ]
    if not endpoints:
        return []
    running = Program.objects.filter(status=ProgramStatus.RUNNING)
    if any(endpoint.program_id is None for endpoint in endpoints):
        return list(running)
    return list(running.filter(pk__in={endpoint.program_id for endpoint in endpoints}))


def kpis_off_target_announce(*, now: datetime | None = None) -> int:
    """Send `kpi.off_target` when a KPI falls behind or is missed (again after recovering)."""
    from upward.reports.selectors.sections import kpis

    now = now or timezone.now()
    sent = 0
    for program in _programs_watched_for_kpis():
        values, _table = kpis(program, now)
        for item in values:
            kpi, status = item.kpi, item.status
            if status not in OFF_TARGET:
                KpiOffTarget.objects.filter(kpi=kpi).delete()
                continue
            with transaction.atomic():
                marker, created = KpiOffTarget.objects.select_for_update().get_or_create(
                    kpi=kpi, defaults={"status": status}
                )
                if not created and marker.status == status:
                    continue
                marker.status = status
                marker.save(update_fields=["status"])
                event_happened(
                    "kpi.off_target",
                    {
                        "kpi_id": kpi.pk,
                        "kpi_name": kpi.name,
                        "status": status,
                        "program_id": program.pk,
                        "program_name": program.name,
                    },
                    program_id=program.pk,
                )
                sent += 1
    return sent


def api_housekeeping(*, now: datetime | None = None) -> dict[str, int]:
    """Forget what is no longer needed: kept replies, old deliveries, old import jobs."""
    now = now or timezone.now()
    replies, _ = IdempotentReply.objects.filter(created_at__lt=now - IDEMPOTENCY_KEPT).delete()
    deliveries, _ = (
        WebhookDelivery.objects.exclude(status=DeliveryStatus.PENDING)
        .filter(created_at__lt=now - DELIVERIES_KEPT)
        .delete()
    )
    jobs, _ = PeopleImportJob.objects.filter(created_at__lt=now - IMPORT_JOBS_KEPT).delete()
    return {"idempotent_replies": replies, "webhook_deliveries": deliveries, "import_jobs": jobs}
