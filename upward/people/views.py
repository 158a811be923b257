from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from upward.core.permissions import (
    administrator_required,
    can_manage_programs,
    is_administrator,
    program_manager_required,
)
from upward.people.filters import DirectoryFilterForm
from upward.people.models import Person
from upward.people.selectors import directory_search, get_person_for_user

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
    reports = list(_direct_reports(person)[: DIRECT_REPORTS_SHOWN + 1])
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "reporting_line": _reporting_line(person),
            "direct_reports": reports[:DIRECT_REPORTS_SHOWN],
            "more_direct_reports": len(reports) > DIRECT_REPORTS_SHOWN,
            # Links to other people lead only where the viewer may follow.
            "can_browse": can_manage_programs(request.user),
            "show_sensitive": is_administrator(request.user),
        },
    )


def _reporting_line(person: Person) -> list[Person]:
    """The managers above `person`, top of the organisation first, in one query."""
    ancestor_ids = person.ancestor_ids
    if not ancestor_ids:
        return []
    by_id = Person.objects.only("pk", "name", "title", "is_active").in_bulk(ancestor_ids)
    return [by_id[pk] for pk in reversed(ancestor_ids) if pk in by_id]


def _direct_reports(person: Person) -> QuerySet[Person]:
    return (
        Person.objects.filter(manager=person, is_active=True)
        .only("pk", "name", "title")
        .order_by("name", "employee_id")
    )


@administrator_required
def import_people(request: HttpRequest) -> HttpResponse:
    return render(request, "people/import.html")
