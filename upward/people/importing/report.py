"""What an import did, or why it did nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from upward.core.text import count_of


@dataclass(frozen=True, slots=True)
class ImportRowError:
    """One problem on one line of the file. Line 1 is the header."""

    line: int
    employee_id: str
    field: str
    message: str

    def __str__(self) -> str:
        who = f" ({self.employee_id})" if self.employee_id else ""
        return f"line {self.line}{who}: {self.field}: {self.message}"


@dataclass(slots=True)
class ImportReport:
    """Counts of an import, or the errors that stopped it.

    `updated` counts existing people whose stored record changed, including
    people outside a partial file whose reporting line moved with their
    manager; `deactivated` counts people missing from a full sync. Someone
    whose row carries a leave date is `updated` (and becomes inactive).
    """

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    departments_created: int = 0
    users_linked: int = 0
    active_before: int = 0
    """People active in the directory before the import: the base of the deactivation share."""
    skipped_erased: int = 0
    """Rows of people whose data was erased: never imported again (docs/privacy.md)."""
    full_sync: bool = False
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[ImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.deactivated
            or self.departments_created
            or self.users_linked
        )

    @property
    def deactivation_percent(self) -> float:
        """The share of the active directory a full sync deactivates, in percent."""
        return 100 * self.deactivated / self.active_before if self.active_before else 0.0

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors})

    def summary(self) -> str:
        if not self.ok:
            errors, lines = count_of(len(self.errors), "error"), count_of(self.bad_lines, "line")
            return f"{errors} on {lines}; nothing was imported."
        counts = (
            f"{count_of(self.rows, 'row')}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deactivated} deactivated; "
            f"{count_of(self.departments_created, 'department')} created, "
            f"{count_of(self.users_linked, 'login')} linked."
        )
        if self.skipped_erased:
            counts += (
                f" {count_of(self.skipped_erased, 'row')} of erased people skipped "
                "(an administrator can lift that under People, Erased people)."
            )
        return f"Dry run, nothing saved. {counts}" if self.dry_run else f"Imported. {counts}"
