"""Northwind, the demo company, as rows of an HR export (pure Python, no Django)."""

from __future__ import annotations

from upward.demo.company.departments import DEPARTMENT_NAMES, DEPARTMENTS, OFFICES
from upward.demo.company.generator import (
    AS_OF,
    COLUMNS,
    DEFAULT_SEED,
    LEVELS,
    MAX_SIZE,
    MIN_SIZE,
    SIZES,
    Row,
    generate_company,
    size_from_option,
)
from upward.demo.company.personas import DEMO_DOMAIN, PERSONA_BY_KEY, PERSONAS, Persona

__all__ = [
    "AS_OF",
    "COLUMNS",
    "DEFAULT_SEED",
    "DEMO_DOMAIN",
    "DEPARTMENTS",
    "DEPARTMENT_NAMES",
    "LEVELS",
    "MAX_SIZE",
    "MIN_SIZE",
    "OFFICES",
    "PERSONAS",
    "PERSONA_BY_KEY",
    "SIZES",
    "Persona",
    "Row",
    "generate_company",
    "size_from_option",
]
