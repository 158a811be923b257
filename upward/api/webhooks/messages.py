"""What each preset posts: Standard Webhooks JSON, a Slack message, a Teams card.

Payloads carry ids, states, counts and program names only; never a note, a
check-in comment, a concern's text or anyone's self-identification.
"""

from __future__ import annotations

from typing import Any

from upward.api.models import WebhookEvent, WebhookPreset

SENTENCES: dict[str, str] = {
    WebhookEvent.PROPOSAL_PUBLISHED: "{published} proposed pair(s) published in {program}.",
    WebhookEvent.PAIR_LIVE: "A pair is live in {program}: both people said yes.",
    WebhookEvent.PAIR_ENDED: "A pair ended in {program}.",
    WebhookEvent.SESSION_BOOKED: "A session was booked in {program}.",
    WebhookEvent.SESSION_HELD: "A session was held in {program}.",
    WebhookEvent.CHECK_IN_OVERDUE: "A check-in went unanswered in {program}.",
    WebhookEvent.PAIR_AT_RISK: "A pair in {program} is at risk: see the monitoring board.",
    WebhookEvent.CONCERN_RAISED: "A confidential concern was raised in {program}.",
    WebhookEvent.MATCH_RUN_FINISHED: "A match run in {program} finished: {status}.",
    WebhookEvent.IMPORT_FINISHED: "A people import finished: {status}.",
    WebhookEvent.KPI_OFF_TARGET: "A KPI of {program} is off target.",
    WebhookEvent.PING: "Upward can reach this webhook.",
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def sentence(event_type: str, data: dict[str, Any]) -> str:
    template = SENTENCES.get(event_type, event_type)
    return template.format_map(_Blank(data, program=data.get("program_name", "a program")))


def body_for(preset: str, envelope: dict[str, Any], *, link: str) -> dict[str, Any]:
    """The JSON body for `preset`; `envelope` is the Standard Webhooks payload."""
    if preset == WebhookPreset.STANDARD:
        return envelope
    text = sentence(str(envelope["type"]), envelope["data"])
    if preset == WebhookPreset.SLACK:
        return {"text": f"{text} <{link}|Open Upward>"}
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [{"type": "TextBlock", "text": text, "wrap": True}],
                    "actions": [{"type": "Action.OpenUrl", "title": "Open Upward", "url": link}],
                },
            }
        ],
    }
