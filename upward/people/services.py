"""Writes to the people directory. The HR import lives in people.importing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from upward.people.models import Person, StagedImport

STAGED_IMPORT_LIFETIME = timedelta(days=1)


@transaction.atomic
def person_link_user(*, user: Any) -> Person | None:
    """Attach a login to the directory entry with the same email, if there is one."""
    person = (
        Person.objects.select_for_update()
        .filter(email__iexact=user.email, user__isnull=True)
        .first()
    )
    if person is None:
        return None
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    if not user.full_name:
        user.full_name = person.name
        user.save(update_fields=["full_name"])
    return person


def staged_import_create(*, actor: Any, file_name: str, content: bytes) -> StagedImport:
    """Hold an uploaded file until the administrator confirms its full sync."""
    staged = StagedImport(uploaded_by=actor, file_name=file_name[:255], content=content)
    staged.full_clean()
    staged.save()
    return staged


def staged_import_delete(*, staged: StagedImport) -> None:
    staged.delete()


def staged_imports_purge(*, now: datetime | None = None) -> int:
    """Delete files left unconfirmed past their lifetime; returns how many went."""
    cutoff = (now or timezone.now()) - STAGED_IMPORT_LIFETIME
    deleted, _ = StagedImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted
