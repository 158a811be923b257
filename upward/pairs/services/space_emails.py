"""Emails of the pair's space. Called by a task after the transaction commits.

An agreement edit is pending until the partner accepts it, so the partner is
told there is a version to read. The email never quotes the agreement: the
link leads to the page, behind sign-in.
"""

from __future__ import annotations

from django.urls import reverse

from upward.notifications.email import absolute_url, send_email
from upward.pairs.models import AgreementVersion, PairStatus


def agreement_send_proposal_email(*, version_id: int) -> int:
    """Tell the partner of the version's author that it waits for them. Returns emails sent."""
    version = (
        AgreementVersion.objects.select_related(
            "pair__program", "pair__mentor__person", "pair__mentee__person", "proposed_by__person"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None or version.proposed_by is None or version.in_force:
        return 0
    pair = version.pair
    if pair.status != PairStatus.LIVE:
        return 0
    newest = AgreementVersion.objects.filter(pair=pair).order_by("-number").values("pk").first()
    if newest is None or newest["pk"] != version.pk:
        return 0  # superseded before the email left: the newer one has its own
    author = version.proposed_by
    partner = pair.mentee if author.pk == pair.mentor_id else pair.mentor
    if not partner.person.email:
        return 0
    send_email(
        to=[partner.person.email],
        subject=f"{author.person.name} proposed an edit to your agreement",
        template="pairs/emails/agreement_proposed",
        context={
            "first_name": partner.person.name.split()[0] if partner.person.name else "",
            "author_name": author.person.name,
            "number": version.number,
            "program": pair.program,
            "link": absolute_url(reverse("pairs:detail", args=[pair.pk]) + "#agreement"),
            "team": f"The {pair.program.name} team via Upward",
        },
        recipient_timezone=partner.person.timezone,
    )
    return 1
