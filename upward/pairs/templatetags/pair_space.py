"""`{% my_live_pairs user as spaces %}`: the user's live pairs, for the member home page."""

from __future__ import annotations

from typing import Any

from django import template

from upward.pairs.selectors.space import PairSpace, spaces_for_user

register = template.Library()


@register.simple_tag
def my_live_pairs(user: Any) -> list[PairSpace]:
    return spaces_for_user(user, live_only=True)
