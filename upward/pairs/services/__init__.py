"""Writes for pairs: proposing, the private double opt-in, withdrawal, the end of a pair,
and the answer-deadline sweep. Each lives in its own module; import from here."""

from upward.pairs.services.answers import (
    pair_answer,
    pair_complete,
    pair_end,
    pair_propose,
    pair_withdraw,
)
from upward.pairs.services.deadlines import pair_send_answer_reminders
from upward.pairs.services.emails import (
    pair_send_live_emails,
    pair_send_proposal_emails,
)

__all__ = [
    "pair_answer",
    "pair_complete",
    "pair_end",
    "pair_propose",
    "pair_send_answer_reminders",
    "pair_send_live_emails",
    "pair_send_proposal_emails",
    "pair_withdraw",
]
