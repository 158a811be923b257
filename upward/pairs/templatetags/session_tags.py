"""`{% sessions_panel space %}`: the sessions panel of the pair page."""

from __future__ import annotations

from typing import Any

from django import template

from upward.pairs.selectors.space import PairSpace
from upward.pairs.session_display import sessions_panel_context

register = template.Library()


@register.inclusion_tag("pairs/_sessions_panel_body.html")
def sessions_panel(space: PairSpace) -> dict[str, Any]:
    return {**sessions_panel_context(space), "pair": space.pair}
