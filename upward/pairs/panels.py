"""Panels the apps above add to a pair's page.

The pair page belongs to this app, which sits below feedback; so feedback
hands down, at start-up, a function that returns its panel for a given pair
(`on_space_page`), and the pair page renders whatever panels it receives.
Each provider costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from upward.pairs.selectors.space import PairSpace


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


Provider = Callable[[PairSpace], Panel | None]
_providers: list[Provider] = []


def on_space_page(provider: Provider) -> None:
    """Add `provider`'s panel to every pair page (registered once, at start-up)."""
    if provider not in _providers:
        _providers.append(provider)


def space_panels(space: PairSpace) -> list[Panel]:
    return [panel for provider in _providers if (panel := provider(space)) is not None]
