"""Cursor pagination: stable under inserts, cheap at any depth (an index seek on id)."""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"id:{position}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        position = int(value)
        if kind != "id" or not 0 <= position <= 2**63 - 1:
            raise ValueError
        return position
    except (ValueError, UnicodeDecodeError):
        raise HttpError(
            400, "cursor: not a cursor this API gave out; start again without it."
        ) from None


class CursorPage(PaginationBase):
    """`?cursor=` from the last page's `next_cursor`; newest first, `limit` 1 to 200."""

    class Input(Schema):
        cursor: str | None = Field(None, max_length=40, description="From `next_cursor`.")
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    class Output(Schema):
        results: list[Any]
        next_cursor: str | None = Field(None, description="Null on the last page.")

    items_attribute = "results"

    def paginate_queryset(  # type: ignore[override]  # lists are accepted too
        self, queryset: QuerySet[Any] | list[Any], pagination: Input, **params: Any
    ) -> dict[str, Any]:
        after = _decode(pagination.cursor) if pagination.cursor else None
        if isinstance(queryset, list):
            # Selectors that compose views (a pair as one person sees it) hand lists;
            # they are small: one person's pairs.
            ordered = sorted(queryset, key=lambda item: item.pk, reverse=True)
            page = [item for item in ordered if after is None or item.pk < after]
            page = page[: pagination.limit + 1]
        else:
            items = queryset.order_by("-pk")
            if after is not None:
                items = items.filter(pk__lt=after)
            page = list(items[: pagination.limit + 1])
        more = len(page) > pagination.limit
        page = page[: pagination.limit]
        return {
            "results": page,
            "next_cursor": _encode(page[-1].pk) if more and page else None,
        }
