"""The four people the demo logins belong to: present in every demo company, whatever the seed.

Their seats are chosen so the demo shows reverse mentoring as intended: the mentor is a
junior in Marketing, the mentee a VP in Sales, five levels apart and in different
reporting lines (they share only the CEO).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

DEMO_DOMAIN: Final = "northwind.example"


@dataclass(frozen=True)
class Persona:
    key: str
    """administrator, program_manager, mentor or mentee."""
    role: str
    """The login's role (upward.accounts.models.Role value)."""
    name: str
    email: str
    department: str
    level: int
    title: str
    office: str
    hire_date: date
    birth_year: int


PERSONAS: Final[tuple[Persona, ...]] = (
    Persona(
        key="administrator",
        role="administrator",
        name="Grace Adeyemi",
        email=f"grace.adeyemi@{DEMO_DOMAIN}",
        department="People & Culture",
        level=3,
        title="HR Systems Administrator",
        office="London",
        hire_date=date(2022, 3, 14),
        birth_year=1990,
    ),
    Persona(
        key="program_manager",
        role="program_manager",
        name="Priya Raman",
        email=f"priya.raman@{DEMO_DOMAIN}",
        department="People & Culture",
        level=4,
        title="Learning & Development Manager",
        office="London",
        hire_date=date(2020, 9, 1),
        birth_year=1986,
    ),
    Persona(
        key="mentor",
        role="member",
        name="Maya Chen",
        email=f"maya.chen@{DEMO_DOMAIN}",
        department="Marketing",
        level=1,
        title="Junior Social Media Analyst",
        office="London",
        hire_date=date(2025, 9, 8),
        birth_year=2002,
    ),
    Persona(
        key="mentee",
        role="member",
        name="Richard Hale",
        email=f"richard.hale@{DEMO_DOMAIN}",
        department="Sales",
        level=6,
        title="VP Sales",
        office="New York",
        hire_date=date(2018, 1, 15),
        birth_year=1971,
    ),
)
PERSONA_BY_KEY: Final = {persona.key: persona for persona in PERSONAS}
