"""Administrators: the HR import as a job, and the audit log."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from upward.accounts.http import AuthenticatedRequest
from upward.api.models import PeopleImportJob
from upward.api.pagination import CursorPage
from upward.api.problems import Problem
from upward.api.schemas import PathId
from upward.api.services import people_import_job_create
from upward.core.models import AuditEntry
from upward.core.permissions import is_administrator
from upward.core.selectors import audit_entries

router = Router(tags=["administration"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


def _administrator(request: AuthenticatedRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied("Only administrators may do this.")


class ImportJobOut(Schema):
    id: int
    file_name: str
    full_sync: bool
    status: str = Field(examples=["failed"], description="queued, running, succeeded, failed")
    message: str
    report: dict[str, Any] = Field(examples=[{"rows": 120, "created": 3, "updated": 10}])
    errors: list[dict[str, Any]] = Field(
        examples=[
            [{"line": 7, "employee_id": "E1007", "field": "email", "message": "not an email"}]
        ]
    )
    created_at: datetime
    finished_at: datetime | None


class ImportOptions(Schema):
    full_sync: bool = Field(False, description="Deactivate people missing from the file")


@router.post(
    "/people/imports",
    response={202: ImportJobOut, **ERRORS},
    summary="Upload an HR CSV file (administrators)",
)
def people_import(
    request: AuthenticatedRequest,
    file: File[UploadedFile],
    options: Form[ImportOptions],
) -> Status[Any]:
    _administrator(request)
    job = people_import_job_create(
        actor=request.user,
        file_name=file.name or "upload.csv",
        content=file.read(),
        full_sync=options.full_sync,
    )
    job.refresh_from_db()
    return Status(202, job)


@router.get(
    "/people/imports/{job_id}",
    response={200: ImportJobOut, **ERRORS},
    summary="An import job: status and row-level errors",
)
def people_import_read(request: AuthenticatedRequest, job_id: PathId) -> PeopleImportJob:
    _administrator(request)
    try:
        return PeopleImportJob.objects.get(pk=job_id)
    except PeopleImportJob.DoesNotExist:
        raise Http404 from None


class AuditOut(Schema):
    id: int
    created_at: datetime
    action: str = Field(examples=["program.created"])
    summary: str
    actor_email: str | None
    target_type: str
    target_id: str

    @staticmethod
    def resolve_actor_email(obj: AuditEntry) -> str | None:
        return obj.actor.email if obj.actor else None


class AuditFilters(Schema):
    action: str | None = Field(None, max_length=64, examples=["program.created"])


@router.get(
    "/audit", response={200: list[AuditOut], **ERRORS}, summary="The audit log (administrators)"
)
@paginate(CursorPage)
def audit_list(request: AuthenticatedRequest, filters: Query[AuditFilters]) -> QuerySet[AuditEntry]:
    _administrator(request)
    entries = audit_entries()
    if filters.action:
        entries = entries.filter(action=filters.action)
    return entries
