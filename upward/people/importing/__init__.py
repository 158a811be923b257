"""The HR CSV import of the people directory (docs/people-import.md).

Every row is checked before anything is written, and the import is all or
nothing: one bad row and the caller gets every bad row back, with its line.
"""

from upward.people.importing.columns import COLUMNS, Column
from upward.people.importing.report import ImportReport, ImportRowError
from upward.people.importing.service import (
    AUDIT_ACTION,
    DeactivationGuard,
    is_mass_deactivation,
    max_deactivation_percent,
    people_import_csv,
    people_import_rows,
)

__all__ = [
    "AUDIT_ACTION",
    "COLUMNS",
    "Column",
    "DeactivationGuard",
    "ImportReport",
    "ImportRowError",
    "is_mass_deactivation",
    "max_deactivation_percent",
    "people_import_csv",
    "people_import_rows",
]
