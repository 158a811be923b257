from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.views.decorators.http import require_GET

from upward.core.audit_search import AuditFilterForm
from upward.core.csv import csv_lines
from upward.core.models import AuditEntry
from upward.core.permissions import administrator_required
from upward.core.selectors import audit_search


@require_GET
@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page declares; it lives in static/."""
    path = finders.find("favicon.ico")
    if not isinstance(path, str):
        raise Http404("No favicon")
    response = HttpResponse(Path(path).read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


AUDIT_CSV_HEADER = (
    "When (UTC)",
    "Who",
    "Email",
    "Action",
    "What happened",
    "Object",
    "Id",
    "Program",
)


def _audit_filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any] | None]:
    form = AuditFilterForm(request.GET or None)
    if not request.GET:
        return form, {}
    return form, (form.cleaned_data if form.is_valid() else None)


@require_GET
@administrator_required
def audit_log_list(request: HttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    entries = audit_search(filters) if filters is not None else AuditEntry.objects.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "form": form,
            "filtered": bool(filters),
            "query": query.urlencode(),
        },
        status=200 if filters is not None else 400,
    )


@require_GET
@administrator_required
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    form, filters = _audit_filters(request)
    if filters is None:
        return HttpResponse("The filters are not valid: " + form.errors.as_text(), status=400)
    rows = (
        (
            entry.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor.get_full_name() if entry.actor else "System",
            entry.actor.email if entry.actor else "",
            entry.action,
            entry.summary,
            entry.target_type,
            entry.target_id,
            entry.program_id or "",
        )
        for entry in audit_search(filters).iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(csv_lines(AUDIT_CSV_HEADER, rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="upward-audit-log.csv"'
    return response  # type: ignore[return-value]  # streamed: a log of any length
