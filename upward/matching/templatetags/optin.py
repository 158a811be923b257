"""`{% pending_proposals_for user as pending %}`: proposals waiting for the user's answer."""

from __future__ import annotations

from typing import Any

from django import template

from upward.pairs.selectors import ParticipantPair, pending_proposals

register = template.Library()


@register.simple_tag
def pending_proposals_for(user: Any) -> list[ParticipantPair]:
    return pending_proposals(user)
