"""people_import_csv and people_import_rows: all rows valid, or nothing written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING

from django.db import transaction

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.people.importing.checks import check_rows
from upward.people.importing.columns import COLUMNS
from upward.people.importing.directory import Snapshot
from upward.people.importing.report import ImportReport, ImportRowError
from upward.people.importing.rows import PersonRow, parse_row
from upward.people.importing.sources import HEADER_LINE, Table, table_from_csv, table_from_mappings
from upward.people.importing.writing import write_people

if TYPE_CHECKING:
    from upward.accounts.models import User

AUDIT_ACTION = "people.import"
_FIELD_ORDER = {
    name: index for index, name in enumerate(("file", "row", *(c.name for c in COLUMNS)))
}


def people_import_csv(
    *,
    file: IO[bytes] | IO[str],
    actor: User | None,
    full_sync: bool = True,
    source: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Import an HR CSV file (UTF-8, with or without BOM). See docs/people-import.md.

    Raises ApplicationError, with the report under extra["report"], when any
    row is bad; nothing is written then.
    """
    return _import(
        table_from_csv(file), actor=actor, full_sync=full_sync, source=source, dry_run=dry_run
    )


def people_import_rows(
    *,
    rows: Iterable[Mapping[str, str]],
    actor: User | None,
    full_sync: bool = True,
    source: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Import rows shaped like csv.DictReader's; the first row's keys are the header.

    Row n of `rows` is reported as line n + 1, as if line 1 held the header.
    """
    return _import(
        table_from_mappings(rows), actor=actor, full_sync=full_sync, source=source, dry_run=dry_run
    )


def _import(
    table: Table, *, actor: User | None, full_sync: bool, source: str, dry_run: bool
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
    # Each row is checked on its own before any lock is taken; the checks that
    # need the directory, and the writes, then share one transaction.
    parsed = [parse_row(raw, report.errors) for raw in table.rows]
    _check_and_write(
        table,
        [row for row in parsed if row is not None],
        report,
        actor=actor,
        source=source,
    )
    return report


@transaction.atomic
def _check_and_write(
    table: Table, rows: list[PersonRow], report: ImportReport, *, actor: User | None, source: str
) -> None:
    snapshot = Snapshot.load()
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
    if report.dry_run:
        # Writing then rolling back proves the file would import, constraints and all.
        transaction.set_rollback(True)
    elif report.changed:
        # A sync that changes nothing leaves no trace, so a nightly job does not flood the log.
        _audit(report, actor=actor, source=source)


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


def _refuse(report: ImportReport) -> None:
    report.errors.sort(key=lambda error: (error.line, _FIELD_ORDER.get(error.field, 99)))
    raise ApplicationError(report.summary(), extra={"report": report})
