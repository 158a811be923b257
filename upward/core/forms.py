"""Form fields every app shares.

Django's model choice fields pass a submitted key straight to the database. A
number beyond 64 bits then fails inside the driver (SQLite: OverflowError;
PostgreSQL: out of range) and the page answers 500 instead of "not a valid
choice" (found by upward/core/tests/test_bad_input.py). These refuse such a key
as the invalid choice it is, before any query.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _out_of_range(value: Any) -> bool:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False  # not a number at all: Django's own check refuses it
    return not BIGINT_MIN <= number <= BIGINT_MAX


class ModelChoiceField(forms.ModelChoiceField[Any]):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    def _check_values(self, value: Any) -> Any:
        for key in value:
            if _out_of_range(key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(key)[:30]},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private, absent from the stubs
