"""Each person's private calendar feed: a secret URL they can revoke at any time."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.pairs.models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


@transaction.atomic
def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    """The user's live feed, made on first use."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one live feed, even in a race
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    if feed is not None:
        return feed
    feed = CalendarFeed(user=user, token=_new_token())
    feed.full_clean()
    feed.save()
    audit_log(
        actor=user, action="calendar_feed.created", summary="Calendar feed created", target=feed
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User, now: datetime | None = None) -> int:
    """Revoke the user's feed: its URL answers 404 from now on. Returns how many were live."""
    now = now or timezone.now()
    revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    if revoked:
        audit_log(actor=user, action="calendar_feed.revoked", summary="Calendar feed revoked")
    return revoked


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Revoke the old URL and make a new one."""
    calendar_feed_revoke(user=user)
    return calendar_feed_get_or_create(user=user)
