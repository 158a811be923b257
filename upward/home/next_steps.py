"""What a participant should do next in each program they joined, in plain words.

Read from their registration and what they may know of their pair (pairs'
`participant_pair`, which never reveals a partner's answer): the step follows
the program as it moves on, instead of promising a matching date long past.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format

from upward.core import clock
from upward.pairs.selectors import ParticipantPair, ViewState
from upward.programs.models import ProgramStatus, Registration, RegistrationStatus
from upward.programs.selectors.registration import is_editable


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str = ""
    link_text: str = ""


def next_step(registration: Registration, pair: ParticipantPair | None) -> NextStep:
    program = registration.program
    if registration.status == RegistrationStatus.WITHDRAWN:
        return NextStep("You withdrew from this program.")
    if pair is not None and pair.state == ViewState.LIVE:
        return NextStep(
            f"Your pair with {pair.partner.person.name} is under way.",
            reverse("pairs:detail", args=[pair.pair.pk]),
            "Open your pair",
        )
    if pair is not None and pair.state == ViewState.ANSWER:
        return NextStep(
            f"We propose {pair.partner.person.name} as your {pair.partner_role}.",
            reverse("pairs:proposal", args=[pair.pair.pk]),
            "See why and answer",
        )
    if pair is not None and pair.state == ViewState.WAITING:
        return NextStep("You answered your proposal; the pair starts when you both said yes.")
    if pair is not None and pair.state == ViewState.CLOSED:
        return NextStep(
            "Your pair has closed.", reverse("pairs:detail", args=[pair.pair.pk]), "Read it"
        )
    if program.status == ProgramStatus.CLOSED:
        return NextStep("The program has closed.")
    if not registration.is_ready:
        return NextStep(
            "Read your preparation guide before matching.",
            reverse("programs:registration_guide", args=[registration.pk]),
            "Read the guide",
        )
    if is_editable(registration) and not getattr(registration, "rated_start", True):
        return NextStep(
            "Rate where you start, in a minute: you'll see what changed when your pair closes.",
            reverse("programs:starting_point", args=[registration.pk]),
            "Rate my starting point",
        )
    if program.status in (ProgramStatus.MATCHING, ProgramStatus.RUNNING):
        return NextStep("We are finding the best partner for you.")
    if program.matching_on >= clock.today():
        return NextStep(f"Matching on {date_format(program.matching_on, 'j F Y')}.")
    return NextStep("Matching starts soon.")
