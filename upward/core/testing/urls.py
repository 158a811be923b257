"""The site's URL patterns, read from the URL configuration, for access tests.

Tests list pages from here rather than from a hand-kept list, so a new page is
covered as soon as it has a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace: "pairs:detail"
    route: str  # "pairs/<int:pair_id>/"
    callback: Any
    kwargs: tuple[str, ...]  # the URL's parameters

    @property
    def module(self) -> str:
        return str(getattr(self.callback, "__module__", ""))


def routes() -> Iterator[Route]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                space = ":".join(part for part in (namespace, pattern.namespace) if part)
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                converters = tuple(pattern.pattern.converters)
                yield Route(name, prefix + str(pattern.pattern), pattern.callback, converters)

    yield from walk(get_resolver().url_patterns, "", "")


def url_names_of(module: str) -> set[str]:
    """The URL names (without namespace) served by the views of `module`."""
    return {route.name.split(":")[-1] for route in routes() if route.module == module}
