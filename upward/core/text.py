"""Counted nouns in sentences: "1 mentee", "3 mentees", never "mentee(s)".

Django's ngettext picks the form, so the same rule holds in Python as in the
templates' `pluralize` filter.
"""

from __future__ import annotations

from django.utils.translation import ngettext


def noun_for(count: int, singular: str, plural: str | None = None) -> str:
    """The form of the noun that goes with `count`: noun_for(1, "mentee") is "mentee"."""
    return ngettext(singular, plural or f"{singular}s", count)


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and its noun: count_of(3, "person", "people") is "3 people"."""
    return f"{count:,} {noun_for(count, singular, plural)}"
