"""Reads of the privacy app, each scoped to who may see it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from upward.people.models import ErasedEmployee, Person
from upward.privacy.models import DataExport, RetentionRun

RUNS_SHOWN = 10


def own_person(user: Any) -> Person | None:
    """The signed-in person's directory entry, when they have one."""
    return Person.objects.filter(user=user).first()


def exports_of(user: Any, person: Person) -> QuerySet[DataExport]:
    """Exports of `person` that `user` asked for, newest first, without the file."""
    return DataExport.objects.filter(requested_by=user, subject=person).defer("content")


def get_export_for_user(user: Any, export_id: int, *, with_content: bool = False) -> DataExport:
    """An export its asker may follow and download; Http404 for anyone else.

    An administrator's export made on request is theirs alone, and a person's own
    export is theirs alone: nobody else, whatever their role, reads either.
    """
    exports = DataExport.objects.select_related("subject")
    if not with_content:
        exports = exports.defer("content")
    try:
        return exports.get(pk=export_id, requested_by=user)
    except DataExport.DoesNotExist:
        raise Http404("No such export") from None


def recent_retention_runs() -> list[RetentionRun]:
    return list(RetentionRun.objects.all()[:RUNS_SHOWN])


def tombstone_count() -> int:
    return ErasedEmployee.objects.count()
