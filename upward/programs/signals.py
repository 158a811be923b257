"""Seed the skills taxonomy once the tables exist, so a fresh install has skills to pick."""

from __future__ import annotations

from typing import Any


def seed_skills_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # Imported here: models are not ready when the app registry imports this module.
    from upward.programs.models import Skill
    from upward.programs.services.skills import skills_seed

    if using != "default" or Skill.objects.using(using).exists():
        return
    skills_seed()
