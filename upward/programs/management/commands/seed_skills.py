"""`manage.py seed_skills`: add any missing skills of the built-in taxonomy."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from upward.core.text import count_of
from upward.programs.services.skills import skills_seed


class Command(BaseCommand):
    help = "Add the built-in skills taxonomy; existing skills are left untouched."

    def handle(self, *args: Any, **options: Any) -> None:
        created = skills_seed()
        self.stdout.write(self.style.SUCCESS(f"{count_of(created, 'skill')} added."))
