from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from upward.accounts.models import User
from upward.core.errors import ApplicationError
from upward.core.permissions import (
    administrator_required,
    can_manage_programs,
    is_administrator,
    program_manager_required,
)
from upward.people.filters import DirectoryFilterForm
from upward.people.forms import PeopleImportForm
from upward.people.importing import COLUMNS, ImportReport, people_import_csv
from upward.people.selectors import (
    direct_reports,
    directory_search,
    get_person_for_user,
    manager_chain,
)

RESULTS_TARGET = "directory-results"
DIRECT_REPORTS_SHOWN = 100


@require_GET
@program_manager_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, user=request.user)
    people = directory_search(request.user, **form.filters())
    paginator = Paginator(people, settings.DIRECTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "results_target": RESULTS_TARGET}
    # The live search swaps only the results; anything else (a first visit,
    # a plain form submit, a history restore) gets the whole page.
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == RESULTS_TARGET:
        response = render(request, "people/_directory_results.html", {**context, "oob": True})
    else:
        response = render(request, "people/directory.html", context)
    # One URL, two representations: caches must not hand out the fragment.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    reports = list(direct_reports(person)[: DIRECT_REPORTS_SHOWN + 1])
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            # Top of the organisation first; one query however deep.
            "reporting_line": list(reversed(manager_chain(person))),
            "direct_reports": reports[:DIRECT_REPORTS_SHOWN],
            "more_direct_reports": len(reports) > DIRECT_REPORTS_SHOWN,
            # Links to other people lead only where the viewer may follow.
            "can_browse": can_manage_programs(request.user),
            "show_sensitive": is_administrator(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@administrator_required
def import_people(request: HttpRequest) -> HttpResponse:
    """Upload an HR export; show what changed, or every bad row and that nothing did."""
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = people_import_csv(
                file=upload,
                actor=request.user if isinstance(request.user, User) else None,
                full_sync=form.cleaned_data["full_sync"],
                dry_run=form.cleaned_data["dry_run"],
                source=f"upload {upload.name}",
            )
        except ApplicationError as error:
            report, status = error.extra["report"], 400
    elif request.method == "POST":
        status = 400
    context = {"form": form, "report": report, "columns": COLUMNS}
    return render(request, "people/import.html", context, status=status)
