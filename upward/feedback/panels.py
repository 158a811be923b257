"""The feedback panel on a pair's page: the reader's own check-ins waiting for an answer."""

from __future__ import annotations

from django.utils import timezone

from upward.feedback.selectors.check_ins import pending_for_space
from upward.pairs.panels import Panel
from upward.pairs.selectors.space import PairSpace


def space_check_ins(space: PairSpace) -> Panel | None:
    pending = list(pending_for_space(space, now=timezone.now()))
    if not pending:
        return None
    return Panel("feedback/_check_ins_panel.html", {"space": space, "pending": pending})
