"""Counted nouns in sentences: "1 mentee", "3 mentees", never "mentee(s)".

Django's ngettext picks the form, so the same rule holds in Python as in the
templates' `pluralize` filter.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext


def noun_for(count: int, singular: str, plural: str | None = None) -> str:
    """The form of the noun that goes with `count`: noun_for(1, "mentee") is "mentee"."""
    return ngettext(singular, plural or f"{singular}s", count)


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and its noun: count_of(3, "person", "people") is "3 people"."""
    return f"{count:,} {noun_for(count, singular, plural)}"


def amount_of(value: Any, unit: str = "") -> str:
    """A number with its unit, the unit's last word agreeing: "1 point", "2.5 points", "80%".

    Symbols ("%", "/4") follow the number; a unit written as words (" points",
    " sessions a month") takes the singular for exactly 1.
    """
    number = floatformat(value, "-2")
    unit = unit or ""
    if not unit.startswith(" ") or not unit.strip():
        return f"{number}{unit}"
    *head, last = unit.strip().split(" ")
    singular = last[:-1] if last.endswith("s") and len(last) > 1 else last
    try:
        is_one = Decimal(str(value)) == 1
    except (InvalidOperation, ValueError):
        is_one = False
    word = singular if is_one else (last if last.endswith("s") else f"{last}s")
    return " ".join([number, *head, word])
