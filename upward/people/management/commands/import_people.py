"""manage.py import_people FILE.csv [--full-sync [--allow-mass-deactivation]] [--dry-run]

Partial by default: the people in the file are added or updated, nobody else is
touched. --full-sync also deactivates everyone missing from the file, but
refuses to deactivate more than UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT of the
active directory unless --allow-mass-deactivation is given.

Exit status 0 when the file imported (or would, with --dry-run), 1 when any row
is bad or the sync was refused, in which case every problem is printed and
nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from upward.core.errors import ApplicationError
from upward.people.importing import DeactivationGuard, ImportReport, people_import_csv


class Command(BaseCommand):
    help = "Import the people directory from an HR CSV file (see docs/people-import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file, UTF-8; '-' reads standard input")
        parser.add_argument(
            "--full-sync",
            action="store_true",
            help="also deactivate everyone missing from the file (without it, only the "
            "people in the file are added and updated)",
        )
        parser.add_argument(
            "--allow-mass-deactivation",
            action="store_true",
            help="let a full sync deactivate more than UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT "
            "of the active directory",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="the default; kept so that existing scripts keep working",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and count changes; save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        try:
            if name == "-":
                report = self._import(sys.stdin.buffer, "import_people (standard input)", options)
            else:
                with Path(name).open("rb") as file:
                    report = self._import(file, f"import_people {Path(name).name}", options)
        except OSError as error:
            raise CommandError(f"cannot read {name}: {error.strerror}") from None
        except ApplicationError as error:
            failed: ImportReport = error.extra["report"]
            for row_error in failed.errors:
                self.stderr.write(str(row_error))
            raise CommandError(failed.summary(), returncode=1) from None
        self._print_summary(report)

    def _import(self, file: Any, source: str, options: dict[str, Any]) -> ImportReport:
        if options["partial"] and options["full_sync"]:
            raise CommandError("--partial and --full-sync contradict each other; choose one.")
        return people_import_csv(
            file=file,
            actor=None,
            full_sync=options["full_sync"],
            source=source,
            dry_run=options["dry_run"],
            guard=DeactivationGuard(allow_mass=options["allow_mass_deactivation"]),
        )

    def _print_summary(self, report: ImportReport) -> None:
        if report.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(report.ignored_columns)}")
        style = self.style.WARNING if report.dry_run else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
