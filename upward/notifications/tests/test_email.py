"""send_email: times read in the recipient's zone, never in whoever is signed in."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core import mail
from django.utils import timezone

from upward.notifications.email import send_email

DEADLINE = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo, 09:00 in New York


def _send_reminder(**kwargs: object) -> tuple[str, str]:
    mail.outbox.clear()
    send_email(
        to=["kenji@example.com"],
        subject="Reminder",
        template="pairs/emails/proposal_reminder",
        context={
            "program": {"name": "Digital fluency 2026"},
            "partner_name": "Jo Junior",
            "partner_role": "mentor",
            "respond_by": DEADLINE,
            "link": "https://upward.example.com/p/1/",
            "team": "The program team",
        },
        **kwargs,  # type: ignore[arg-type]
    )
    (message,) = mail.outbox
    html = str(message.alternatives[0][0])  # type: ignore[attr-defined]
    return str(message.body), html


def test_an_email_to_someone_in_tokyo_states_the_time_in_tokyo():
    text, html = _send_reminder(recipient_timezone="Asia/Tokyo")
    assert "Please answer by 2 March 2026, 23:00 JST." in text
    assert "2 March 2026, 23:00 JST" in html


def test_an_email_never_reads_in_the_zone_of_whoever_is_signed_in():
    # A task run inline, while a New York mentee's page is served.
    with timezone.override("America/New_York"):
        text, _ = _send_reminder()
    assert "Please answer by 2 March 2026, 14:00 UTC." in text


def test_an_unknown_zone_reads_utc():
    text, _ = _send_reminder(recipient_timezone="Not/A_Zone")
    assert "14:00 UTC" in text
