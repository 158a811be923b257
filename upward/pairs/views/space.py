"""The pair's space (issue 6): the pair page, the agreement, goals, resources, closing.

Participants reach a pair only through get_pair_space_for_user (404 unless the
user is its mentor or mentee and the pair is live, ended or completed);
managers only through the program guard and get_program_pair, and their page
shows dates and status, never the agreement text, goals, notes or messages. Every form posts to
its own URL and redirects, so the page works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.accounts.http import AuthenticatedRequest
from upward.core import clock
from upward.core.confirm import Confirmation, confirm_then_act
from upward.core.errors import ApplicationError
from upward.core.text import count_of
from upward.pairs.guards import pair_page
from upward.pairs.models import Pair
from upward.pairs.panels import space_panels
from upward.pairs.selectors import get_program_pair
from upward.pairs.selectors.conversation import conversation_panel
from upward.pairs.selectors.sessions import pair_session_counts
from upward.pairs.selectors.space import (
    PairSpace,
    agreement_history,
    get_space_goal,
    get_space_version,
    manager_view,
    pair_page_data,
    program_resources,
    spaces_for_user,
)
from upward.pairs.services.agreement import agreement_accept, agreement_propose
from upward.pairs.services.closing import pair_close_by_manager, pair_close_with_reflection
from upward.pairs.services.goals import goal_create, goal_update_status
from upward.pairs.session_display import sessions_panel_context
from upward.pairs.space_forms import (
    AgreementProposeForm,
    GoalForm,
    GoalUpdateForm,
    ManagerCloseForm,
    ReflectionForm,
)
from upward.programs.forms.self_assessment import SelfAssessmentForm
from upward.programs.guards import manager_page
from upward.programs.models import AssessmentMoment, Program
from upward.programs.selectors.self_assessment import self_assessment_topics


def _detail_url(space: PairSpace, anchor: str = "") -> str:
    url = reverse("pairs:detail", args=[space.pair.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
def my_pairs(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "pairs/space_list.html", {"spaces": spaces_for_user(request.user)})


def _panels(space: PairSpace) -> dict[str, Any]:
    """What the included panels need besides `space`: each costs a fixed number of queries."""
    return {
        "conversation": conversation_panel(space.pair),
        "sessions_panel": sessions_panel_context(space),
        "panels": space_panels(space),
    }


def _render_detail(
    request: AuthenticatedRequest,
    space: PairSpace,
    *,
    goal_form: GoalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = pair_page_data(space)
    context: dict[str, Any] = {
        "space": space,
        "pair": space.pair,
        "page": page,
        "goal_form": goal_form or GoalForm(),
        "update_form": GoalUpdateForm(),
        "today": timezone.localdate(),
        **_panels(space),
    }
    return render(request, "pairs/space_detail.html", context, status=status)


@require_GET
@pair_page
def detail(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    return _render_detail(request, space)


@require_GET
@pair_page
def agreement_history_page(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    return render(
        request,
        "pairs/space_agreement_history.html",
        {"space": space, "pair": space.pair, "versions": agreement_history(space.pair)},
    )


@require_http_methods(["GET", "POST"])
@pair_page
def agreement_edit(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    if not space.is_live:
        raise Http404("This pair has closed")
    latest = agreement_history(space.pair)[:1]
    if request.method == "POST":
        form = AgreementProposeForm(request.POST)
        if form.is_valid():
            try:
                version = agreement_propose(
                    pair=space.pair,
                    actor=space.me,
                    text=form.cleaned_data["text"],
                    change_note=form.cleaned_data["change_note"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"Version {version.number} proposed. It is pending until "
                    f"{space.partner.person.name} accepts it.",
                )
                return redirect(_detail_url(space, "agreement"))
        status = 400
    else:
        form = AgreementProposeForm(initial={"text": latest[0].text if latest else ""})
        status = 200
    return render(
        request,
        "pairs/space_agreement_edit.html",
        {"space": space, "pair": space.pair, "form": form},
        status=status,
    )


@require_POST
@pair_page
def agreement_accept_view(
    request: AuthenticatedRequest, space: PairSpace, version_id: int
) -> HttpResponse:
    version = get_space_version(space, version_id)
    try:
        accepted = agreement_accept(version=version, actor=space.me)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if accepted.in_force:
            messages.success(
                request, f"Version {accepted.number} is now in force: you both accepted it."
            )
        else:
            messages.success(request, f"You accepted version {accepted.number}.")
    return redirect(_detail_url(space, "agreement"))


@require_POST
@pair_page
def goal_add(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            goal_create(pair=space.pair, actor=space.me, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Goal added.")
            return redirect(_detail_url(space, "goals"))
    return _render_detail(request, space, goal_form=form, status=400)


@require_POST
@pair_page
def goal_update(request: AuthenticatedRequest, space: PairSpace, goal_id: int) -> HttpResponse:
    goal = get_space_goal(space, goal_id)
    form = GoalUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the statuses.")
        return _render_detail(request, space, status=400)
    try:
        goal_update_status(goal=goal, actor=space.me, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
        return _render_detail(request, space, status=400)
    messages.success(request, "Progress recorded.")
    return redirect(_detail_url(space, f"goal-{goal.pk}"))


@require_GET
@pair_page
def resources(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    return render(
        request,
        "pairs/space_resources.html",
        {"space": space, "pair": space.pair, "resources": program_resources(space)},
    )


@require_http_methods(["GET", "POST"])
@pair_page
def close(request: AuthenticatedRequest, space: PairSpace) -> HttpResponse:
    page = pair_page_data(space)
    data = request.POST if request.method == "POST" else None
    form = ReflectionForm(data)
    # The starting-point questions again, for the change reports show.
    ratings = SelfAssessmentForm(
        data, topics=self_assessment_topics(space.me, AssessmentMoment.AFTER), prefix="after"
    )
    status = 200
    if request.method == "POST" and page.my_reflection is None:
        if all([form.is_valid(), ratings.is_valid()]):
            try:
                pair_close_with_reflection(
                    pair=space.pair,
                    actor=space.me,
                    after_ratings=ratings.ratings(),
                    **form.cleaned_data,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Thank you for your reflection.")
                return redirect(_detail_url(space))
        status = 400
    return render(
        request,
        "pairs/space_close.html",
        {
            "space": space,
            "pair": space.pair,
            "page": page,
            "form": form,
            "ratings": ratings,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
@manager_page
def manager_detail(request: AuthenticatedRequest, program: Program, pair_id: int) -> HttpResponse:
    pair = get_program_pair(program, pair_id, space_only=True)
    return render(
        request,
        "pairs/space_manager_detail.html",
        {"program": program, "pair": pair, "view": manager_view(pair)},
    )


@require_http_methods(["GET", "POST"])
@manager_page
def manager_close(request: AuthenticatedRequest, program: Program, pair_id: int) -> HttpResponse:
    pair = get_program_pair(program, pair_id, space_only=True)
    detail = reverse("pairs:manager_detail", args=[program.pk, pair.pk])

    def close_pair(data: dict[str, Any]) -> str:
        pair_close_by_manager(pair=pair, actor=request.user, reason=data["reason"])
        return "The pair is closed. Both people can still read their space."

    confirmation = Confirmation(
        title="Close the pair",
        question=f"Close the pair of {pair.mentor.person.name} (mentor) and "
        f"{pair.mentee.person.name} (mentee)?",
        effects=_manager_close_effects(pair),
        button="Close the pair",
        cancel_url=detail,
        form=ManagerCloseForm(request.POST if request.method == "POST" else None),
    )
    return confirm_then_act(
        request,
        confirmation,
        act=close_pair,
        done_url=detail,
        template="programs/confirm.html",
        context={"program": program},
    )


def _manager_close_effects(pair: Pair) -> list[str]:
    ends_on = pair.program.ends_on
    effects = [
        "It is marked completed: the program has reached its end date."
        if clock.today() >= ends_on
        else f"It ends now, before the program's end on {ends_on:%d %B %Y}.",
        "It cannot be reopened.",
        "Both keep read access to their space and can still write their closing reflection. "
        "They can no longer plan sessions, send messages, write notes or change their "
        "agreement.",
    ]
    to_come = pair_session_counts(pair).to_come
    if to_come:
        effects.append(
            f"The {count_of(to_come, 'session')} still planned "
            f"{'is' if to_come == 1 else 'are'} cancelled: both people are told, and booked "
            "sessions leave their calendars."
        )
    return effects
