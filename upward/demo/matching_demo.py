"""The demo's matching step: make sure the demo mentor and mentee are proposed to each other.

The demo program in its matching phase ("New generation insight", built by
demo.programs) already holds the demo mentor (Maya) and mentee (Richard) among
thirty registrations. This pins the two together, as a manager would, so that
whatever run the demo program manager starts, adjusts and publishes, the demo
mentor and mentee each find a proposal to confirm from their own login.

Call `demo_matching_prepare()` from seed_demo after the programs are seeded.
Idempotent: an existing pin is left alone.
"""

from __future__ import annotations

from django.db import transaction

from upward.core.audit import audit_log
from upward.demo.company import PERSONA_BY_KEY
from upward.demo.programs import MATCHING_NAME
from upward.matching.models import ConstraintKind, PairConstraint
from upward.programs.models import Program, ProgramStatus, Registration, RegistrationStatus

PIN_REASON = "Demo: the demo mentor and mentee are paired so both can confirm."


def _registration(program: Program, key: str) -> Registration | None:
    return (
        Registration.objects.filter(
            program=program,
            person__email__iexact=PERSONA_BY_KEY[key].email,
            role=key,
            status=RegistrationStatus.REGISTERED,
        )
        .select_related("person")
        .first()
    )


@transaction.atomic
def demo_matching_prepare() -> PairConstraint | None:
    """Pin the demo mentor with the demo mentee in the demo program that is matching."""
    manager_email = PERSONA_BY_KEY["program_manager"].email
    program = Program.objects.filter(
        name=MATCHING_NAME,
        status=ProgramStatus.MATCHING,
        manager_links__user__email__iexact=manager_email,
    ).first()
    if program is None:
        return None
    mentor, mentee = _registration(program, "mentor"), _registration(program, "mentee")
    if mentor is None or mentee is None:
        return None
    existing = PairConstraint.objects.filter(program=program, mentor=mentor, mentee=mentee).first()
    if existing is not None:
        return existing
    manager = program.managers.filter(email__iexact=manager_email).first()
    pin = PairConstraint(
        program=program,
        mentor=mentor,
        mentee=mentee,
        kind=ConstraintKind.PIN,
        reason=PIN_REASON,
        created_by=manager,
    )
    pin.full_clean()
    pin.save()
    audit_log(
        actor=manager,
        action="pair_constraint.pinned",
        summary=f"Pinned {mentor.person} with {mentee.person} (demo)",
        target=pin,
        data={"program": program.pk},
    )
    return pin
