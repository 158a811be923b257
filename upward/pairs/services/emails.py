"""Emails about a pair. Called by tasks (pairs.tasks) after the transaction commits.

Nothing here ever tells a person how their partner answered: a proposal email
goes only to people still asked to answer, the live email only once both said
yes, and a decline sends nothing to the other person.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upward.notifications.email import absolute_url, send_email
from upward.pairs.models import Answer, Pair, PairStatus
from upward.pairs.selectors import participant_reasons
from upward.programs.models import Registration

# A pair closed longer ago than this is not news any more: no email.
CLOSED_NEWS_KEEPS = timedelta(days=2)


def _first_name(registration: Registration) -> str:
    return registration.person.name.split()[0] if registration.person.name else ""


def proposal_context(pair: Pair, *, me: Registration, partner: Registration) -> dict[str, Any]:
    """What one person reads about their proposed partner, in pages and emails alike."""
    program = pair.program
    partner_person = partner.person
    return {
        "pair": pair,
        "program": program,
        "first_name": _first_name(me),
        "partner_name": partner_person.name,
        "partner_title": partner_person.title,
        "partner_department": partner_person.department.name if partner_person.department else "",
        "partner_role": "mentor" if me.pk == pair.mentee_id else "mentee",
        "reasons": participant_reasons(pair.reasons),
        "respond_by": pair.respond_by,
        "link": absolute_url(reverse("pairs:proposal", args=[pair.pk])),
        "team": f"The {program.name} team via Upward",
    }


def _load(pair_id: int) -> Pair | None:
    return (
        Pair.objects.select_related(
            "program", "mentor__person__department", "mentee__person__department"
        )
        .filter(pk=pair_id)
        .first()
    )


def _people(pair: Pair) -> list[tuple[Registration, Registration, str]]:
    """(me, partner, my answer) for each side."""
    return [
        (pair.mentor, pair.mentee, pair.mentor_answer),
        (pair.mentee, pair.mentor, pair.mentee_answer),
    ]


@transaction.atomic
def pair_send_proposal_emails(*, pair_id: int, reminder: bool = False) -> int:
    """Email each person still asked to answer; returns how many emails went out."""
    pair = _load(pair_id)
    if pair is None or pair.status != PairStatus.PROPOSED:
        return 0
    sent = 0
    for me, partner, answer in _people(pair):
        if answer != Answer.PENDING or not me.person.is_active:
            continue
        context = proposal_context(pair, me=me, partner=partner)
        subject = (
            f"Reminder: are you comfortable being paired with {partner.person.name}?"
            if reminder
            else f"{pair.program.name}: meet your proposed {context['partner_role']}"
        )
        send_email(
            to=[me.person.email],
            subject=subject,
            template="pairs/emails/proposal_reminder" if reminder else "pairs/emails/proposal",
            context=context,
            recipient_timezone=me.person.timezone,
        )
        sent += 1
    return sent


@transaction.atomic
def pair_send_live_emails(*, pair_id: int) -> int:
    """Tell both people their pair is live and what to do next."""
    pair = _load(pair_id)
    if pair is None or pair.status != PairStatus.LIVE:
        return 0
    for me, partner, _ in _people(pair):
        context = proposal_context(pair, me=me, partner=partner)
        # Next steps happen in the pair's space, not on the proposal page.
        context["link"] = absolute_url(reverse("pairs:detail", args=[pair.pk]))
        send_email(
            to=[me.person.email],
            subject=f"{pair.program.name}: you and {partner.person.name} are paired",
            template="pairs/emails/pair_live",
            context=context,
            recipient_timezone=me.person.timezone,
        )
    return 2


@transaction.atomic
def pair_send_closed_emails(*, pair_id: int, closed_by_id: int | None) -> int:
    """Tell the people who did not close the pair that it closed, and ask for their reflection.

    `closed_by_id` is the registration that closed it (None: a program manager,
    and then both people are told). The reason a manager gave stays in the record.
    """
    pair = _load(pair_id)
    if pair is None or pair.status not in (PairStatus.ENDED, PairStatus.COMPLETED):
        return 0
    if pair.closed_at is None or pair.closed_at < timezone.now() - CLOSED_NEWS_KEEPS:
        return 0  # old news (a task run late, or history written by the demo)
    sent = 0
    for me, partner, _ in _people(pair):
        if me.pk == closed_by_id or not me.person.is_active:
            continue
        context = proposal_context(pair, me=me, partner=partner)
        context["link"] = absolute_url(reverse("pairs:close", args=[pair.pk]))
        context["by_partner"] = closed_by_id is not None
        context["completed"] = pair.status == PairStatus.COMPLETED
        send_email(
            to=[me.person.email],
            subject=f"{pair.program.name}: your pair with {partner.person.name} has closed",
            template="pairs/emails/pair_closed",
            context=context,
            recipient_timezone=me.person.timezone,
        )
        sent += 1
    return sent
