"""Reads for a manager following one pair: its nudges, and the comments shared with them."""

from __future__ import annotations

from upward.feedback.models import CheckIn, Nudge
from upward.pairs.models import Pair


def pair_nudges(pair: Pair) -> list[Nudge]:
    return list(Nudge.objects.filter(pair=pair).select_related("sent_by").order_by("-created_at"))


def shared_comments(pair: Pair) -> list[CheckIn]:
    """Check-in comments their authors chose to share with the program lead; no others."""
    return list(
        CheckIn.objects.filter(pair=pair, share_comment=True)
        .exclude(comment="")
        .select_related("author__person", "session")
        .order_by("-answered_at")
    )
