"""Run the retention sweep now, or print what it would delete (--dry-run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from upward.privacy.retention import DATA_CLASSES, retention_preview, retention_run


class Command(BaseCommand):
    help = "Delete personal data past its keeping time (the scheduler runs this daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="print the counts per data class; delete nothing"
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        counts = retention_preview() if dry_run else retention_run().deleted
        verb = "would go" if dry_run else "deleted or blanked"
        width = max(len(dc.label) for dc in DATA_CLASSES)
        for data_class in DATA_CLASSES:
            self.stdout.write(
                f"{data_class.label:<{width}}  {counts[data_class.key]:>8,}  "
                f"(kept {data_class.kept_for})"
            )
        self.stdout.write(f"{sum(counts.values()):,} rows {verb}.")
