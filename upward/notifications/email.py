"""Email, behind one small interface every app uses: `send_email(...)`.

Each message is a pair of templates, `<template>.txt` and `<template>.html`,
rendered with the same context and sent as multipart/alternative, so plain
text readers and screen readers get the same words as everyone else. The
HTML templates extend "notifications/email_base.html" for the shared layout.

Times in an email read in the recipient's own zone: the templates render under
`timezone.override(recipient_timezone)`, so `{{ when|date:"j F Y, H:i T" }}`
says "2 March 2026, 23:00 JST" to someone in Tokyo. An email to several
people (or to someone outside the directory) reads in UTC, and says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from upward.core.erased import is_erased_address
from upward.core.timezones import zone_or_utc

# (filename, content, mimetype), as EmailMessage.attach takes them.
Attachment = tuple[str, bytes | str, str]


def absolute_url(path: str) -> str:
    """A link for an email: emails leave the site, so every link needs the host."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def send_email(
    *,
    to: Sequence[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    attachments: Iterable[Attachment] = (),
    reply_to: Sequence[str] = (),
    recipient_timezone: str = "",
) -> None:
    """Render `<template>.txt` and `<template>.html` and send them as one message.

    `recipient_timezone` is the IANA zone of the one person the email is for
    (their Person.timezone); empty or unknown means UTC. Never the zone of
    whoever is signed in: an email sent while someone else's page is served
    (a task run inline) must not read in that person's zone.

    Raises whatever the mail backend raises: callers inside a task or a sweep
    let it propagate, so the transaction that recorded the sending rolls back
    and the next attempt sends again.
    """
    if not to:
        raise ValueError("send_email needs at least one recipient")
    # An erased person's address is a pseudonym under .invalid: nothing more reaches them.
    to = [address for address in to if not is_erased_address(address)]
    if not to:
        return
    full_context = {"subject": subject, "site_url": settings.SITE_URL, **context}
    with timezone.override(zone_or_utc(recipient_timezone)):
        text = render_to_string(f"{template}.txt", full_context).strip() + "\n"
        html = render_to_string(f"{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a newline in a subject is a header injection
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to) or None,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send(fail_silently=False)
