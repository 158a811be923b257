"""people_import_csv and people_import_rows: all rows valid, or nothing written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.core.events import event_happened
from upward.people.erased import erased_ids
from upward.people.importing.checks import check_rows
from upward.people.importing.columns import COLUMNS
from upward.people.importing.directory import Snapshot
from upward.people.importing.report import ImportReport, ImportRowError
from upward.people.importing.rows import PersonRow, parse_row
from upward.people.importing.sources import HEADER_LINE, Table, table_from_csv, table_from_mappings
from upward.people.importing.writing import write_people

if TYPE_CHECKING:
    from upward.accounts.models import User

AUDIT_ACTION = "people.imported"
_FIELD_ORDER = {
    name: index for index, name in enumerate(("file", "row", *(c.name for c in COLUMNS)))
}


@dataclass(frozen=True, slots=True)
class DeactivationGuard:
    """What a full sync may deactivate without being refused.

    `allow_mass`: the administrator accepted deactivating more than the
    configured share (UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT).
    `expected`: the number the administrator saw in the preview; when given,
    an import that would deactivate any other number is refused, so a
    directory that changed since the preview is never synced blindly.
    """

    allow_mass: bool = False
    expected: int | None = None


def people_import_csv(
    *,
    file: IO[bytes] | IO[str],
    actor: User | None,
    full_sync: bool = False,
    source: str = "",
    dry_run: bool = False,
    guard: DeactivationGuard | None = None,
) -> ImportReport:
    """Import an HR CSV file (UTF-8, with or without BOM). See docs/people-import.md.

    Partial by default: people missing from the file are left alone. With
    `full_sync`, they are deactivated, within the limits of `guard`.
    Raises ApplicationError, with the report under extra["report"], when any
    row is bad or the guard refuses; nothing is written then.
    """
    return _import(
        table_from_csv(file),
        actor=actor,
        full_sync=full_sync,
        source=source,
        dry_run=dry_run,
        guard=guard or DeactivationGuard(),
    )


def people_import_rows(
    *,
    rows: Iterable[Mapping[str, str]],
    actor: User | None,
    full_sync: bool = False,
    source: str = "",
    dry_run: bool = False,
    guard: DeactivationGuard | None = None,
) -> ImportReport:
    """Import rows shaped like csv.DictReader's; the first row's keys are the header.

    Row n of `rows` is reported as line n + 1, as if line 1 held the header.
    """
    return _import(
        table_from_mappings(rows),
        actor=actor,
        full_sync=full_sync,
        source=source,
        dry_run=dry_run,
        guard=guard or DeactivationGuard(),
    )


def _import(
    table: Table,
    *,
    actor: User | None,
    full_sync: bool,
    source: str,
    dry_run: bool,
    guard: DeactivationGuard,
) -> ImportReport:
    report = ImportReport(
        rows=len(table.rows),
        full_sync=full_sync,
        dry_run=dry_run,
        ignored_columns=table.ignored_columns,
        errors=list(table.errors),
    )
    if not report.errors and not table.rows and full_sync:
        message = "there are no people in the file; a full sync would deactivate everybody"
        report.errors.append(ImportRowError(HEADER_LINE, "", "file", message))
    if report.errors:
        _refuse(report)
    _leave_out_erased(table, report)
    # Each row is checked on its own before any lock is taken; the checks that
    # need the directory, and the writes, then share one transaction.
    parsed = [parse_row(raw, report.errors) for raw in table.rows]
    _check_and_write(
        table,
        [row for row in parsed if row is not None],
        report,
        actor=actor,
        source=source,
        guard=guard,
    )
    return report


def _leave_out_erased(table: Table, report: ImportReport) -> None:
    """Rows of erased people are skipped, so an import never brings one back; a row whose
    manager was erased keeps its place without that manager."""
    erased = erased_ids(row.employee_id for row in table.rows if row.employee_id)
    if not erased:
        return
    kept = [row for row in table.rows if row.employee_id not in erased]
    report.skipped_erased = len(table.rows) - len(kept)
    for row in kept:
        if row.get("manager_id") in erased:
            row.values["manager_id"] = ""
    table.rows = kept


@transaction.atomic
def _check_and_write(
    table: Table,
    rows: list[PersonRow],
    report: ImportReport,
    *,
    actor: User | None,
    source: str,
    guard: DeactivationGuard,
) -> None:
    snapshot = Snapshot.load()
    report.active_before = sum(person.is_active for person in snapshot.people.values())
    report.errors.extend(
        check_rows(table.rows, snapshot.known_people(), full_sync=report.full_sync)
    )
    if report.errors:
        _refuse(report)
    outcome = write_people(
        rows, snapshot, columns=frozenset(table.columns) - {""}, full_sync=report.full_sync
    )
    report.created = outcome.created
    report.updated = outcome.updated
    report.unchanged = outcome.unchanged
    report.deactivated = outcome.deactivated
    report.departments_created = outcome.departments_created
    report.users_linked = outcome.users_linked
    if not report.dry_run:
        refusal = _deactivation_refusal(report, guard)
        if refusal:
            report.errors.append(ImportRowError(HEADER_LINE, "", "full sync", refusal))
            _refuse(report)  # the transaction rolls back: nothing was written
    if report.dry_run:
        # Writing then rolling back proves the file would import, constraints and all.
        transaction.set_rollback(True)
    elif report.changed:
        # A sync that changes nothing leaves no trace, so a nightly job does not flood the log.
        _audit(report, actor=actor, source=source)


def max_deactivation_percent() -> int:
    return int(settings.UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT)


def is_mass_deactivation(report: ImportReport) -> bool:
    """More people would go than the configured share allows without a typed confirmation."""
    return report.deactivated > 0 and report.deactivation_percent > max_deactivation_percent()


def _deactivation_refusal(report: ImportReport, guard: DeactivationGuard) -> str:
    if guard.expected is not None and guard.expected != report.deactivated:
        return (
            f"this file would now deactivate {report.deactivated} people, not the "
            f"{guard.expected} you confirmed: the directory changed since the preview. "
            "Check the file again."
        )
    if is_mass_deactivation(report) and not guard.allow_mass:
        return (
            f"this full sync would deactivate {report.deactivated} of {report.active_before} "
            f"active people ({report.deactivation_percent:.0f}% of the directory), more than "
            f"the {max_deactivation_percent()}% allowed without confirmation. If the file is "
            "really complete, confirm the number (on the command line: "
            "--allow-mass-deactivation); otherwise import it as a partial update."
        )
    return ""


def _audit(report: ImportReport, *, actor: User | None, source: str) -> None:
    counts = {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "deactivated": report.deactivated,
        "departments_created": report.departments_created,
        "users_linked": report.users_linked,
    }
    kind = "full sync" if report.full_sync else "partial import"
    audit_log(
        actor=actor,
        action=AUDIT_ACTION,
        summary=(
            f"People {kind}{f' from {source}' if source else ''}: {report.created} created, "
            f"{report.updated} updated, {report.deactivated} deactivated"
        ),
        data={**counts, "full_sync": report.full_sync, "source": source},
    )
    event_happened("import.finished", {"status": "succeeded", **counts})


def _refuse(report: ImportReport) -> None:
    report.errors.sort(key=lambda error: (error.line, _FIELD_ORDER.get(error.field, 99)))
    raise ApplicationError(report.summary(), extra={"report": report})
