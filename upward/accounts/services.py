"""Writes to logins: roles, and an administrator's change of someone's login email."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import EmailChange, Role, User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError


@transaction.atomic
def user_role_set(*, actor: User, user: User, role: str) -> User:
    """Grant or revoke the instance-wide role; the last administrator cannot be removed."""
    if role not in Role.values:
        raise ApplicationError("role: administrator, program_manager or member.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role == role:
        return user
    if user.role == Role.ADMINISTRATOR:
        others = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            raise ApplicationError("role: Upward needs at least one administrator.")
    before = user.role
    user.role = role
    user.save(update_fields=["role"])
    audit_log(
        actor=actor,
        action="user.role_changed",
        summary=f"{user.email}: {Role(before).label} → {Role(role).label}",
        target=user,
        data={"from": before, "to": role},
    )
    return user


def end_sessions_of(user_id: int) -> int:
    """End every live session of `user_id`: an administrator's action, rare, so reading
    each stored session is affordable. Through the session engine, so a cached copy
    (REDIS_URL: cached_db) goes too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def token_hash(token: str) -> str:
    """Links are stored as hashes: a copy of the database opens no change."""
    return hashlib.sha256(token.encode()).hexdigest()


def _token_pair() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def email_change_hold() -> timedelta:
    return timedelta(hours=int(settings.UPWARD_EMAIL_CHANGE_HOLD_HOURS))


@transaction.atomic
def user_email_change(*, actor: Any, user: User, new_email: str) -> EmailChange | None:
    """Someone else (an administrator) asks to change `user`'s login email.

    Nothing changes yet: the new address gets a link to confirm it, the old one a
    notice with a link to stop it. The change applies once confirmed and once the
    hold has passed (email_change_apply_due), and then ends every session.
    """
    new_email = new_email.strip().lower()
    user = User.objects.select_for_update().get(pk=user.pk)
    if new_email == user.email:
        return None
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ApplicationError("email: another login already uses this address.")
    probe = User(email=new_email)
    probe.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    now = timezone.now()
    EmailChange.objects.filter(
        user=user, applied_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    confirm_token, confirm_hash = _token_pair()
    cancel_token, cancel_hash = _token_pair()
    change = EmailChange.objects.create(
        user=user,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        old_email=user.email,
        new_email=new_email,
        confirm_hash=confirm_hash,
        cancel_hash=cancel_hash,
        requested_at=now,
        takes_effect_at=now + email_change_hold(),
    )
    audit_log(
        actor=actor,
        action="user.email_change_requested",
        summary=f"Login email change asked from {user.email} to {new_email}",
        target=user,
        data={"change": change.pk},
    )
    common = {
        "name": user.get_full_name(),
        "old_email": user.email,
        "new_email": new_email,
        "takes_effect_at": change.takes_effect_at,
    }
    # Each address gets its own link only: the stop link never leaves the old address.
    _after_commit_send(
        user.email,
        "Someone asked to change your Upward sign-in email",
        "accounts/email/email_change_notice",
        {**common, "cancel_url": reverse("accounts:email_change_cancel", args=[cancel_token])},
    )
    _after_commit_send(
        new_email,
        "Confirm your new Upward sign-in email",
        "accounts/email/email_change_confirm",
        {**common, "confirm_url": reverse("accounts:email_change_confirm", args=[confirm_token])},
    )
    return change


def _after_commit_send(address: str, subject: str, template: str, context: dict[str, Any]) -> None:
    def send() -> None:
        from upward.notifications.email import absolute_url, send_email

        links = {key: absolute_url(value) for key, value in context.items() if key.endswith("_url")}
        send_email(to=[address], subject=subject, template=template, context={**context, **links})

    transaction.on_commit(send)


def _pending_by(field: str, token: str) -> EmailChange:
    change = (
        EmailChange.objects.select_for_update()
        .filter(**{field: token_hash(token)}, applied_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if change is None:
        raise ApplicationError(
            "This link is no longer valid: the change was made, stopped or replaced."
        )
    return change


@transaction.atomic
def email_change_confirm(*, token: str) -> EmailChange:
    """The new address proves it is reachable; the change applies now if the hold is over."""
    change = _pending_by("confirm_hash", token)
    if change.confirmed_at is None:
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at"])
    if change.takes_effect_at <= timezone.now():
        _apply(change)
    return change


@transaction.atomic
def email_change_cancel(*, token: str) -> EmailChange:
    """The person stops a change from the link sent to their current address."""
    change = _pending_by("cancel_hash", token)
    change.cancelled_at = timezone.now()
    change.save(update_fields=["cancelled_at"])
    audit_log(
        actor=None,
        action="user.email_change_stopped",
        summary=f"Login email change to {change.new_email} stopped from {change.old_email}",
        target=change.user,
        data={"change": change.pk},
    )
    return change


def email_change_apply_due() -> int:
    """Apply every confirmed change whose hold is over (the scheduler's sweep)."""
    applied = 0
    due = EmailChange.objects.filter(
        applied_at__isnull=True,
        cancelled_at__isnull=True,
        confirmed_at__isnull=False,
        takes_effect_at__lte=timezone.now(),
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            change = EmailChange.objects.select_for_update().get(pk=pk)
            if change.is_pending:
                _apply(change)
                applied += 1
    return applied


def _apply(change: EmailChange) -> None:
    from allauth.account.models import EmailAddress

    user = User.objects.select_for_update().get(pk=change.user_id)
    if User.objects.filter(email__iexact=change.new_email).exclude(pk=user.pk).exists():
        change.cancelled_at = timezone.now()
        change.save(update_fields=["cancelled_at"])
        return
    user.email = change.new_email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=change.new_email, verified=True, primary=True)
    change.applied_at = timezone.now()
    change.save(update_fields=["applied_at"])
    ended = end_sessions_of(user.pk)
    audit_log(
        actor=change.requested_by,
        action="user.email_changed",
        summary=(
            f"Login email changed from {change.old_email} to {change.new_email}; "
            f"{ended} session(s) ended"
        ),
        target=user,
        data={"sessions_ended": ended, "change": change.pk},
    )
    context = {
        "name": user.get_full_name(),
        "old_email": change.old_email,
        "new_email": change.new_email,
    }
    for address in (change.old_email, change.new_email):
        _after_commit_send(
            address,
            "Your Upward sign-in email was changed",
            "accounts/email/email_changed",
            context,
        )


def recent_email_change_by_someone_else(user: User) -> EmailChange | None:
    """A change applied in the last 24 hours that the person did not make themselves:
    a password reset then also tells the old address (docs/privacy.md)."""
    since = timezone.now() - timedelta(hours=24)
    return (
        EmailChange.objects.filter(user=user, applied_at__gte=since)
        .exclude(requested_by=user)
        .order_by("-applied_at")
        .first()
    )


def password_reset_notice(user: User) -> None:
    """Tell the old address that a password reset was asked for after an email change."""
    change = recent_email_change_by_someone_else(user)
    if change is None:
        return
    audit_log(
        actor=None,
        action="user.password_reset_requested",
        summary=f"Password reset asked within a day of an email change; {change.old_email} told",
        target=user,
        data={"change": change.pk},
    )
    context = {
        "name": user.get_full_name(),
        "old_email": change.old_email,
        "new_email": change.new_email,
    }
    _after_commit_send(
        change.old_email,
        "A password reset was asked for your Upward login",
        "accounts/email/password_reset_notice",
        context,
    )
