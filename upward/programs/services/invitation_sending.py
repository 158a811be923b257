"""Sending invitation emails and reminders. Called by tasks (programs.tasks), never by views.

Every send happens inside a transaction holding the invitation's row lock, and
the row records the sending in the same transaction: a failure rolls both back
and the row stays due; two workers never send the same email.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from upward.core import clock
from upward.core.audit import audit_log
from upward.core.sweeps import sweep_each
from upward.notifications.email import absolute_url, send_email
from upward.programs.models import Invitation, ParticipantRole, ProgramStatus
from upward.programs.selectors.recruiting import PENDING_STATUSES
from upward.programs.services.invitation_links import invitation_token, link_lifetime

MAX_REMINDERS = 2
DEFAULT_REMINDER_AFTER_DAYS = 5

ROLE_PHRASES = {
    ParticipantRole.MENTOR: "as a mentor: the colleague who shares what they know with a "
    "senior leader",
    ParticipantRole.MENTEE: "as a mentee: the senior leader who learns from a junior colleague",
    "": "as a mentor (a junior colleague who teaches) or a mentee (a senior leader who learns)",
}


def reminder_interval() -> timedelta:
    days = getattr(settings, "UPWARD_INVITATION_REMINDER_DAYS", DEFAULT_REMINDER_AFTER_DAYS)
    return timedelta(days=int(days))


def send_invitations_on_commit(invitation_ids: list[int]) -> None:
    """Queue one email task per invitation once the current transaction commits."""
    from upward.programs.tasks import send_invitation_email

    def enqueue() -> None:
        for invitation_id in invitation_ids:
            send_invitation_email.enqueue(invitation_id=invitation_id)

    transaction.on_commit(enqueue)


def _email_context(invitation: Invitation, *, reminder: bool) -> dict[str, Any]:
    program = invitation.program
    inviter = invitation.invited_by
    link = absolute_url(reverse("programs:invitation", args=[invitation_token(invitation)]))
    return {
        "invitation": invitation,
        "program": program,
        "first_name": invitation.person.name.split()[0] if invitation.person.name else "",
        "inviter_name": inviter.get_full_name() if inviter is not None else "",
        "role": invitation.role,
        "role_label": ROLE_PHRASES.get(invitation.role, ROLE_PHRASES[""]),
        "link": link,
        # A moment, not a day: the email shows its date in the recipient's zone.
        "expires_at": timezone.now() + link_lifetime(),
        "reminder": reminder,
        "team": f"The {program.name} team via Upward",
    }


@transaction.atomic
def invitation_send_email(*, invitation_id: int) -> bool:
    """Send (or resend) one invitation email; False when there is nothing to send.

    The row is locked while the email goes out, so two workers handed the same
    job cannot both send it; if sending fails, the transaction rolls back and
    the task can be retried.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("program", "person", "invited_by")
        .filter(pk=invitation_id, status__in=PENDING_STATUSES)
        .first()
    )
    if invitation is None or not invitation.person.is_active:
        return False
    send_email(
        to=[invitation.person.email],
        subject=f"You're invited to {invitation.program.name}",
        template="programs/emails/invitation",
        context=_email_context(invitation, reminder=False),
        reply_to=[invitation.invited_by.email] if invitation.invited_by else (),
        recipient_timezone=invitation.person.timezone,
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at", "updated_at"])
    return True


# --- Reminders ---------------------------------------------------------------------


def _due_for_reminder(now: datetime) -> QuerySet[Invitation]:
    cutoff = now - reminder_interval()
    return Invitation.objects.filter(
        status__in=PENDING_STATUSES,
        sent_at__isnull=False,
        reminders_sent__lt=MAX_REMINDERS,
        person__is_active=True,
        program__status=ProgramStatus.RECRUITING,
        program__registration_closes_on__gte=clock.day_of(now),
    ).filter(
        Q(last_reminded_at__isnull=True, sent_at__lte=cutoff) | Q(last_reminded_at__lte=cutoff)
    )


def invitation_send_reminders(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Remind everyone who has not answered for a while; return how many were reminded.

    At most MAX_REMINDERS per invitation, one per UPWARD_INVITATION_REMINDER_DAYS.
    Each row is claimed in its own transaction with SELECT ... FOR UPDATE SKIP
    LOCKED and re-checked under the lock, so sweeps running side by side on
    several workers never remind the same person twice.
    """
    now = now or timezone.now()
    due_ids = list(_due_for_reminder(now).order_by("pk").values_list("pk", flat=True)[:limit])
    reminded = sweep_each(due_ids, lambda pk: _remind_one(pk, now), what="Reminder for invitation")
    if reminded:
        audit_log(
            actor=None,
            action="invitation.reminded",
            summary=f"Sent {reminded} invitation reminder{'s' if reminded != 1 else ''}",
            data={"count": reminded},
        )
    return reminded


@transaction.atomic
def _remind_one(invitation_id: int, now: datetime) -> bool:
    invitation = (
        _due_for_reminder(now)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("program", "person", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:  # answered, reminded or claimed by another worker meanwhile
        return False
    send_email(
        to=[invitation.person.email],
        subject=f"Reminder: your invitation to {invitation.program.name}",
        template="programs/emails/invitation_reminder",
        context=_email_context(invitation, reminder=True),
        reply_to=[invitation.invited_by.email] if invitation.invited_by else (),
        recipient_timezone=invitation.person.timezone,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        reminders_sent=F("reminders_sent") + 1, last_reminded_at=now, updated_at=now
    )
    return True
