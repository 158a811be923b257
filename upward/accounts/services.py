"""Writes to logins: roles, and an administrator's change of someone's login email."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import Role, User
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


def _end_sessions_of(user_id: int) -> int:
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


@transaction.atomic
def user_email_change(*, actor: Any, user: User, new_email: str) -> User:
    """An administrator changes a login email: both addresses are told, sessions end."""
    from allauth.account.models import EmailAddress

    new_email = new_email.strip().lower()
    user = User.objects.select_for_update().get(pk=user.pk)
    old_email = user.email
    if new_email == old_email:
        return user
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ApplicationError("email: another login already uses this address.")
    user.email = new_email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=new_email, verified=True, primary=True)
    ended = _end_sessions_of(user.pk)
    audit_log(
        actor=actor,
        action="user.email_changed",
        summary=f"Login email changed from {old_email} to {new_email}; {ended} session(s) ended",
        target=user,
        data={"sessions_ended": ended},
    )
    name = user.get_full_name()

    def announce() -> None:
        from upward.notifications.email import send_email

        for address in (old_email, new_email):
            send_email(
                to=[address],
                subject="Your Upward sign-in email was changed",
                template="accounts/email/email_changed",
                context={"name": name, "old_email": old_email, "new_email": new_email},
            )

    transaction.on_commit(announce)
    return user
