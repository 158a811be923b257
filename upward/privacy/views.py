"""Privacy pages: the notice, a person's own data, and the administrators' tools."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.core.permissions import administrator_required
from upward.core.text import count_of
from upward.people.models import Person
from upward.people.selectors import get_person_for_user
from upward.privacy.erasure import erasure_effects, person_erase
from upward.privacy.retention import DATA_CLASSES, retention_preview
from upward.privacy.selectors import (
    exports_of,
    get_export_for_user,
    own_person,
    recent_retention_runs,
    tombstone_count,
)
from upward.privacy.services import export_downloaded, export_request, tombstone_lift

EXPORTS_SHOWN = 10


@require_GET
@login_not_required
def notice(request: HttpRequest) -> HttpResponse:
    """Who sees what, how long it is kept, how to export or erase it: for everyone."""
    return render(request, "privacy/notice.html", {"data_classes": DATA_CLASSES})


@require_GET
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    person = own_person(request.user)
    exports = exports_of(request.user, person)[:EXPORTS_SHOWN] if person is not None else []
    return render(request, "privacy/my_data.html", {"person": person, "exports": exports})


@require_POST
def my_data_export(request: AuthenticatedRequest) -> HttpResponse:
    person = own_person(request.user)
    if person is None:
        messages.error(request, "You have no directory entry: Upward holds only your login.")
        return redirect("privacy:my_data")
    export = export_request(actor=request.user, subject=person)
    return redirect("privacy:export", export.pk)


@require_GET
def export_status(request: AuthenticatedRequest, export_id: int) -> HttpResponse:
    """The export's progress; htmx polls the fragment until it is done."""
    export = get_export_for_user(request.user, export_id)
    partial = getattr(request, "htmx", None)
    template = "privacy/_export_status.html" if partial else "privacy/export_status.html"
    response = render(request, template, {"export": export})
    response["Vary"] = "HX-Request"
    return response


@require_GET
def export_download(request: AuthenticatedRequest, export_id: int) -> HttpResponse:
    export = get_export_for_user(request.user, export_id, with_content=True)
    if not export.content:
        messages.error(request, "This export is not ready yet.")
        return redirect("privacy:export", export.pk)
    export_downloaded(actor=request.user, export=export)
    response = HttpResponse(bytes(export.content), content_type="application/zip")
    name = slugify(export.subject.name) or "person"
    response["Content-Disposition"] = (
        f'attachment; filename="upward-data-{name}-{export.created_at:%Y-%m-%d}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@administrator_required
def person_privacy(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    if person.is_erased:
        messages.info(request, "This person's data was erased: nothing is left to export.")
        return redirect("people:detail", person.pk)
    return render(
        request,
        "privacy/person_privacy.html",
        {"person": person, "exports": exports_of(request.user, person)[:EXPORTS_SHOWN]},
    )


@require_POST
@administrator_required
def person_export(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    export = export_request(actor=request.user, subject=person)
    return redirect("privacy:export", export.pk)


class EraseForm(forms.Form):
    employee_id = forms.CharField(
        label="Type the person's employee id to confirm", max_length=64, strip=True
    )

    def __init__(self, *args: object, person: Person, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.person = person

    def clean_employee_id(self) -> str:
        value: str = self.cleaned_data["employee_id"]
        if value != self.person.employee_id:
            raise forms.ValidationError("That is not this person's employee id.")
        return value


@require_http_methods(["GET", "POST"])
@administrator_required
def person_erase_view(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    if person.is_erased:
        messages.info(request, "This person's data was already erased.")
        return redirect("people:detail", person.pk)
    back = reverse("privacy:person", args=[person.pk])

    def act(cleaned: dict[str, object]) -> str:
        outcome = person_erase(actor=request.user, person=person)
        return f"Erased. They now read as “A former participant” ({outcome.pseudonym})."

    return confirm_then_act(
        request,
        Confirmation(
            title=f"Erase {person.name}",
            question=f"Erase everything Upward holds about {person.name}?",
            effects=erasure_effects(person),
            button=f"Erase {person.name}",
            cancel_url=back,
            form=EraseForm(request.POST or None, person=person),
            crumbs=[("Directory", reverse("people:directory")), (person.name, back)],
        ),
        act=act,
        done_url=reverse("people:directory"),
    )


@require_GET
@administrator_required
def retention(request: AuthenticatedRequest) -> HttpResponse:
    preview = retention_preview()
    rows = [(data_class, preview[data_class.key]) for data_class in DATA_CLASSES]
    return render(
        request,
        "privacy/retention.html",
        {
            "rows": rows,
            "total_due": sum(preview.values()),
            "runs": recent_retention_runs(),
            "labels": {dc.key: dc.label for dc in DATA_CLASSES},
        },
    )


class LiftForm(forms.Form):
    employee_id = forms.CharField(label="Employee id", max_length=64, strip=True)


@require_http_methods(["GET", "POST"])
@administrator_required
def erased_people(request: AuthenticatedRequest) -> HttpResponse:
    form = LiftForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                lifted = tombstone_lift(
                    actor=request.user, employee_id=form.cleaned_data["employee_id"]
                )
            except ApplicationError as error:
                form.add_error("employee_id", error.message)
            else:
                if lifted:
                    messages.success(
                        request, "Lifted: the next HR import may bring this employee id back."
                    )
                    return redirect("privacy:erased")
                form.add_error("employee_id", "No erased person has this employee id.")
    return render(
        request,
        "privacy/erased.html",
        {"form": form, "erased": count_of(tombstone_count(), "erased person", "erased people")},
        status=status,
    )
