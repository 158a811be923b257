"""manage.py import_people FILE.csv [--partial] [--dry-run]

Exit status 0 when the file imported (or would, with --dry-run), 1 when any row
is bad, in which case every bad row is printed and nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from upward.core.errors import ApplicationError
from upward.people.importing import ImportReport, people_import_csv


class Command(BaseCommand):
    help = "Import the people directory from an HR CSV file (see docs/people-import.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file, UTF-8; '-' reads standard input")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="add and update the people in the file only; without it, everyone "
            "missing from the file is deactivated (a full sync)",
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
        return people_import_csv(
            file=file,
            actor=None,
            full_sync=not options["partial"],
            source=source,
            dry_run=options["dry_run"],
        )

    def _print_summary(self, report: ImportReport) -> None:
        if report.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(report.ignored_columns)}")
        style = self.style.WARNING if report.dry_run else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
