"""The API's own writes: people import jobs."""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from upward.api.models import JobStatus, PeopleImportJob
from upward.core.audit import audit_log
from upward.core.errors import ApplicationError

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def people_import_job_create(
    *, actor: Any, file_name: str, content: bytes, full_sync: bool = False
) -> PeopleImportJob:
    if not content:
        raise ApplicationError("file: the file is empty.")
    if len(content) > MAX_IMPORT_BYTES:
        raise ApplicationError("file: at most 20 MB.")
    job = PeopleImportJob(
        created_by=actor,
        file_name=file_name[:255] or "upload.csv",
        content=content,
        full_sync=full_sync,
    )
    job.full_clean()
    job.save()
    audit_log(
        actor=actor,
        action="people_import_job.created",
        summary=f"HR file “{job.file_name}” uploaded through the API",
        target=job,
    )
    from upward.api.tasks import run_people_import

    transaction.on_commit(lambda: run_people_import.enqueue(job.pk))
    return job


def people_import_job_run(*, job_id: int) -> PeopleImportJob:
    """Import the job's file; row-level errors are kept on the job, never raised."""
    from upward.people.importing.service import people_import_csv

    with transaction.atomic():
        job = (
            PeopleImportJob.objects.select_for_update().select_related("created_by").get(pk=job_id)
        )
        if job.status != JobStatus.QUEUED:
            return job
        job.status = JobStatus.RUNNING
        job.save(update_fields=["status", "updated_at"])
    report: Any = None
    try:
        report = people_import_csv(
            file=io.BytesIO(bytes(job.content)),
            actor=job.created_by,
            full_sync=job.full_sync,
            source=f"API upload {job.file_name}",
        )
        job.status = JobStatus.SUCCEEDED
        job.errors = []
        job.message = "Imported."
    except ApplicationError as error:
        report = error.extra.get("report")
        job.status = JobStatus.FAILED
        job.message = error.message[:500]
        job.errors = [asdict(row) for row in report.errors] if report is not None else []
    if report is not None:
        job.report = {
            key: getattr(report, key)
            for key in ("rows", "created", "updated", "unchanged", "deactivated", "full_sync")
        }
    job.finished_at = timezone.now()
    job.content = b""  # the file holds personal data: not kept once read
    job.save(
        update_fields=[
            "status",
            "errors",
            "message",
            "report",
            "finished_at",
            "content",
            "updated_at",
        ]
    )
    if job.status == JobStatus.FAILED:  # a successful import announces itself
        from upward.core.events import event_happened

        with transaction.atomic():
            event_happened("import.finished", {"status": "failed", **job.report})
    return job
