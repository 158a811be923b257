"""The confirmation step before an action that cannot be undone.

A destructive button is a link to a page that names what goes and what else
it affects; only that page's POST acts. A stray click, a double click or a
link prefetch therefore never deletes anything, and the step needs no
JavaScript. Every such page renders `includes/confirm.html` with a
Confirmation; `confirm_then_act` is the GET/POST flow they share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from upward.core.errors import ApplicationError

# The page for confirmations outside a section layout: it shows `crumbs`.
STANDALONE_TEMPLATE = "core/confirm_page.html"


@dataclass(frozen=True)
class Confirmation:
    title: str  # the browser tab's title
    question: str  # the heading: names exactly what goes
    effects: Sequence[str]  # what else it changes, one sentence each
    button: str  # the one control that acts
    cancel_url: str
    cancel_label: str = "Cancel"
    quote: str = ""  # the item's own words, shown once more before they go
    form: forms.Form | None = None  # fields sent with the action, e.g. a reason
    hidden: Sequence[tuple[str, str]] = ()  # carried through, e.g. a list's filters
    crumbs: Sequence[tuple[str, str]] = ()  # (label, url) before this page
    error: str = ""


def confirm_then_act(
    request: HttpRequest,
    confirmation: Confirmation,
    *,
    act: Callable[[dict[str, Any]], str],
    done_url: str,
    template: str = STANDALONE_TEMPLATE,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the confirmation page. POST: `act(cleaned_data)` once, flash the message it
    returns and redirect to `done_url`; a refusal shows the page again with the reason."""
    status = 200
    if request.method == "POST":
        status = 400
        form = confirmation.form
        if form is None or form.is_valid():
            # The redirect first: a URL Django refuses (a return query of a megabyte
            # is "too long": 400) must stop the action before it writes, not after.
            response = redirect(done_url)
            try:
                done = act(form.cleaned_data if form is not None else {})
            except ApplicationError as failure:
                confirmation = replace(confirmation, error=failure.message)
            else:
                messages.success(request, done)
                return response
    return render(request, template, {**(context or {}), "confirm": confirmation}, status=status)
