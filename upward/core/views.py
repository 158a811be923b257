from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from upward.core.permissions import administrator_required
from upward.core.selectors import audit_entries


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


@require_GET
@administrator_required
def audit_log_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_entries(), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})
