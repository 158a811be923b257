"""Writes of the privacy app: exports asked for and built, tombstones lifted."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.people.erased import erased_key
from upward.people.models import ErasedEmployee, Person
from upward.privacy.export import export_zip, person_data
from upward.privacy.models import DataExport, ExportStatus


@transaction.atomic
def export_request(*, actor: User, subject: Person) -> DataExport:
    """Ask a worker for `subject`'s export; one at a time per person and asker."""
    from upward.privacy.tasks import build_export

    busy = DataExport.objects.filter(
        subject=subject,
        requested_by=actor,
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
    ).first()
    if busy is not None:
        return busy
    export = DataExport.objects.create(
        subject=subject, requested_by=actor, created_at=timezone.now(), step="waiting"
    )
    own = getattr(subject, "user_id", None) == actor.pk
    audit_log(
        actor=actor,
        action="person.export_requested",
        summary="Export of their own data asked for"
        if own
        else "An administrator asked for a person's data export",
        target=subject,
        data={"export": export.pk, "own": own},
    )
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def export_build(*, export_id: int) -> DataExport:
    """Gather the data and store the ZIP, saving progress as each section is done."""
    claimed = DataExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    export = DataExport.objects.select_related("subject").get(pk=export_id)
    if not claimed:
        return export

    def progress(percent: int, step: str) -> None:
        DataExport.objects.filter(pk=export_id).update(progress=percent, step=step[:200])

    try:
        for_the_person = export.subject.user_id == export.requested_by_id
        content = export_zip(person_data(export.subject, progress, for_the_person=for_the_person))
    except Exception as failure:
        DataExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED,
            error=f"{type(failure).__name__}: {failure}"[:500],
            finished_at=timezone.now(),
        )
        raise
    DataExport.objects.filter(pk=export_id).update(
        status=ExportStatus.READY,
        content=content,
        size=len(content),
        progress=100,
        step="ready",
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export


def export_downloaded(*, actor: User, export: DataExport) -> None:
    audit_log(
        actor=actor,
        action="person.export_downloaded",
        summary="A data export was downloaded",
        target=export.subject,
        data={"export": export.pk},
    )


@transaction.atomic
def tombstone_lift(*, actor: User, employee_id: str) -> bool:
    """Let the HR import bring back someone erased (they would come back as a new person)."""
    employee_id = employee_id.strip()
    if not employee_id:
        raise ApplicationError("employee id: type the id exactly as the HR file has it.")
    deleted, _ = ErasedEmployee.objects.filter(key=erased_key(employee_id)).delete()
    if deleted:
        audit_log(
            actor=actor,
            action="person.tombstone_lifted",
            summary="An erased employee id may be imported again",
            data={},
        )
    return bool(deleted)
