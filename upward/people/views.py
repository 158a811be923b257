from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from upward.core.permissions import administrator_required, program_manager_required
from upward.people.selectors import directory_search, get_person_for_user


@program_manager_required
def directory(request: HttpRequest) -> HttpResponse:
    people = directory_search(request.user, query=request.GET.get("q", ""))[:50]
    return render(request, "people/directory.html", {"people": people})


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    return render(request, "people/person_detail.html", {"person": person})


@administrator_required
def import_people(request: HttpRequest) -> HttpResponse:
    return render(request, "people/import.html")
