"""Writes to the skills taxonomy: the seed, and skills that managers add."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.programs.models import Skill, SkillFamily
from upward.programs.skills_taxonomy import TAXONOMY


@transaction.atomic
def skills_seed() -> int:
    """Add the missing families and skills of the built-in taxonomy; return how many skills.

    Idempotent: existing rows (and skills managers added) are left as they are,
    so running it after every migration or deploy is safe.
    """
    created = 0
    for family_name, family_slug, skills in TAXONOMY:
        family, _ = SkillFamily.objects.get_or_create(
            slug=family_slug, defaults={"name": family_name}
        )
        existing = set(Skill.objects.filter(family=family).values_list("slug", flat=True))
        taken = set(Skill.objects.values_list("slug", flat=True))
        for name, slug, keywords in skills:
            if slug in existing or slug in taken:
                continue
            skill = Skill(family=family, name=name, slug=slug, keywords=keywords)
            skill.full_clean()
            skill.save()
            taken.add(slug)
            created += 1
    return created


@transaction.atomic
def skill_create(*, family: SkillFamily, name: str, keywords: str = "", actor: Any) -> Skill:
    """A manager adds a skill to the taxonomy, for every program to use."""
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("Give the skill a name.")
    if Skill.objects.filter(family=family, name__iexact=name).exists():
        raise ApplicationError(f"“{name}” is already in {family.name}.")
    base = slugify(name)[:100] or "skill"
    slug = base
    if Skill.objects.filter(slug=slug).exists():
        slug = f"{family.slug}-{base}"[:120]
    suffix = 2
    while Skill.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    skill = Skill(family=family, name=name, slug=slug, keywords=" ".join(keywords.split()))
    skill.full_clean()
    skill.save()
    audit_log(
        actor=actor,
        action="skill.created",
        summary=f"Added the skill “{name}” to {family.name}",
        target=skill,
        data={"family": family.slug, "slug": slug},
    )
    return skill
