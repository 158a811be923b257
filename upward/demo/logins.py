"""The demo's sign-in details: four logins, one documented password.

They belong to the company's fixed PERSONAS, so they are the same whatever seed
built the company. docs/demo.md lists them; `manage.py demo_logins` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from upward.demo.company import PERSONAS

# Documented in docs/demo.md and README. A demo instance is not a secure one.
DEMO_PASSWORD: Final = "upward-demo-2026"  # noqa: S105

_LABELS: Final = {
    "administrator": "Administrator",
    "program_manager": "Program manager",
    "mentor": "Mentor",
    "mentee": "Mentee",
}


@dataclass(frozen=True)
class DemoLogin:
    key: str
    """The demo role: administrator, program_manager, mentor or mentee."""
    label: str
    account_role: str
    """The login's instance role (mentor and mentee are both plain members)."""
    email: str
    password: str
    name: str
    title: str
    department: str
    level: int


def demo_login_details() -> list[DemoLogin]:
    return [
        DemoLogin(
            key=persona.key,
            label=_LABELS[persona.key],
            account_role=persona.role,
            email=persona.email,
            password=DEMO_PASSWORD,
            name=persona.name,
            title=persona.title,
            department=persona.department,
            level=persona.level,
        )
        for persona in PERSONAS
    ]


def demo_logins() -> list[tuple[str, str, str]]:
    """(demo role, email, password) for the administrator, program manager, mentor and mentee."""
    return [(login.key, login.email, login.password) for login in demo_login_details()]
