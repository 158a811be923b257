from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.accounts.models import User
from upward.core.errors import ApplicationError
from upward.core.permissions import (
    administrator_required,
    can_manage_programs,
    is_administrator,
    program_manager_required,
)
from upward.people.filters import DirectoryFilterForm
from upward.people.forms import FullSyncConfirmForm, PeopleImportForm
from upward.people.importing import (
    COLUMNS,
    DeactivationGuard,
    ImportReport,
    is_mass_deactivation,
    max_deactivation_percent,
    people_import_csv,
)
from upward.people.selectors import (
    direct_reports,
    directory_search,
    get_person_for_user,
    get_staged_import_for_user,
    manager_chain,
)
from upward.people.services import staged_import_create, staged_import_delete

RESULTS_TARGET = "directory-results"
DIRECT_REPORTS_SHOWN = 100


@require_GET
@program_manager_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
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
def person_detail(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
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


def _import(
    request: AuthenticatedRequest,
    content: bytes,
    file_name: str,
    *,
    full_sync: bool,
    dry_run: bool,
    guard: DeactivationGuard | None = None,
) -> tuple[ImportReport, int]:
    """Run the import; the report and the page's status (400 when nothing was imported)."""
    try:
        report = people_import_csv(
            file=BytesIO(content),
            actor=request.user if isinstance(request.user, User) else None,
            full_sync=full_sync,
            dry_run=dry_run,
            source=f"upload {file_name}",
            guard=guard,
        )
    except ApplicationError as error:
        return error.extra["report"], 400
    return report, 200


def _import_page(
    request: AuthenticatedRequest,
    form: PeopleImportForm,
    *,
    report: ImportReport | None = None,
    confirm_form: FullSyncConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "report": report,
        "confirm_form": confirm_form,
        "mass": report is not None and is_mass_deactivation(report),
        "max_percent": max_deactivation_percent(),
        "columns": COLUMNS,
    }
    return render(request, "people/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
@administrator_required
def import_people(request: AuthenticatedRequest) -> HttpResponse:
    """Upload an HR export; show what changed, or every bad row and that nothing did.

    A full sync is never applied from the upload itself: it first shows how
    many people it would deactivate and waits for the confirmation
    (import_confirm), unless it deactivates nobody.
    """
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _import_page(request, form)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    upload, data = form.cleaned_data["file"], form.cleaned_data
    content = upload.read()
    full_sync, dry_run = data["full_sync"], data["dry_run"]
    if not full_sync or dry_run:
        report, status = _import(
            request, content, upload.name, full_sync=full_sync, dry_run=dry_run
        )
        return _import_page(request, form, report=report, status=status)
    preview, status = _import(request, content, upload.name, full_sync=True, dry_run=True)
    if not preview.ok:
        return _import_page(request, form, report=preview, status=status)
    if preview.deactivated == 0:
        report, status = _import(
            request,
            content,
            upload.name,
            full_sync=True,
            dry_run=False,
            guard=DeactivationGuard(expected=0),
        )
        return _import_page(request, form, report=report, status=status)
    staged = staged_import_create(actor=request.user, file_name=upload.name, content=content)
    confirm_form = FullSyncConfirmForm(
        initial={
            "staged": staged.pk,
            # Typed by hand for a mass deactivation; carried over otherwise.
            "deactivations": None if is_mass_deactivation(preview) else preview.deactivated,
        }
    )
    return _import_page(request, form, report=preview, confirm_form=confirm_form)


@require_POST
@administrator_required
def import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    """The full sync the administrator previewed, with the number they accepted."""
    confirm_form = FullSyncConfirmForm(request.POST)
    form = PeopleImportForm(initial={"full_sync": True})
    if not confirm_form.is_valid():
        staged_id = confirm_form.cleaned_data.get("staged")
        if staged_id is None:
            return _import_page(request, form, status=400)
        staged = get_staged_import_for_user(request.user, staged_id)
        preview, _ = _import(
            request, bytes(staged.content), staged.file_name, full_sync=True, dry_run=True
        )
        return _import_page(request, form, report=preview, confirm_form=confirm_form, status=400)
    staged = get_staged_import_for_user(request.user, confirm_form.cleaned_data["staged"])
    report, status = _import(
        request,
        bytes(staged.content),
        staged.file_name,
        full_sync=True,
        dry_run=False,
        guard=DeactivationGuard(
            allow_mass=True, expected=confirm_form.cleaned_data["deactivations"]
        ),
    )
    if report.ok:
        staged_import_delete(staged=staged)
    return _import_page(request, form, report=report, status=status)
