"""The one error type for expected business failures.

Services raise ApplicationError when a rule of the domain says no ("registration
closed", "that row has a bad email"). Views turn it into a form error or a
message; the API turns it into a 4xx JSON body. Anything else is a bug.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
