"""The pair's agreement, the "rules of the road": versioned, co-authored, accepted by both.

Version 1 is the program's text. Either person may propose an edit: it becomes
a new version, accepted by its author only, and the agreement is pending until
the other accepts that same version. Only the latest version can be accepted,
so nobody signs something already superseded. Every version is kept.

Writers lock the pair (mentor registration, then pair: the order every pair
service uses) so two people proposing or accepting at once are applied one
after the other. The audit log records the fact of a change, never the text.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from upward.core.audit import audit_log
from upward.core.errors import ApplicationError
from upward.pairs.events import pair_changed
from upward.pairs.models import AgreementVersion, Pair, PairStatus
from upward.pairs.services.locks import lock_pair
from upward.programs.models import Registration

MAX_AGREEMENT_LENGTH = 20_000
NOT_LIVE = "This pair has closed: its agreement can no longer change."
NOT_LATEST = "A newer version has been proposed since: read it, then accept that one."
NO_CHANGE = "That is the same text as the current version."

DEFAULT_AGREEMENT = """Our rules of the road for {program}

Confidentiality: what we say in our sessions stays between us, unless we both agree to share it.
Topics we keep off the table: we each tell the other what we would rather not discuss.
Cadence: we meet {cadence}, for {session_minutes} minutes, from {starts_on} to {ends_on}.
Rescheduling: we give each other at least one working day's notice and propose a new time.
Feedback: at the end of each session we say what works and what doesn't, kindly and directly.
"""


def side_of(pair: Pair, actor: Registration) -> str:
    """'mentor' or 'mentee': refuse anyone who is neither."""
    if actor.pk == pair.mentor_id:
        return "mentor"
    if actor.pk == pair.mentee_id:
        return "mentee"
    raise ApplicationError("Only the pair's mentor and mentee can do this.")


def lock_live_pair(pair_id: int) -> Pair:
    pair = lock_pair(pair_id)
    if pair.status != PairStatus.LIVE:
        raise ApplicationError(NOT_LIVE)
    return pair


def _initial_text(pair: Pair) -> str:
    """The program's rules of the road; a sensible default when the program has none."""
    program = pair.program
    text = program.render_agreement().strip()
    if text:
        return text
    original, program.agreement_text = program.agreement_text, DEFAULT_AGREEMENT
    try:
        return program.render_agreement().strip()
    finally:
        program.agreement_text = original


@transaction.atomic
def agreement_start(*, pair: Pair) -> AgreementVersion:
    """Version 1 from the program's text, accepted by nobody yet. Idempotent."""
    locked = lock_live_pair(pair.pk)
    existing = AgreementVersion.objects.filter(pair=locked).order_by("number").first()
    if existing is not None:
        return existing
    version = AgreementVersion(pair=locked, number=1, text=_initial_text(locked))
    version.full_clean()
    version.save()
    audit_log(
        actor=None,  # written when the pair goes live: by nobody in particular
        action="agreement.started",
        summary=f"Pair {locked.pk}: agreement v1 from the program's text",
        target=locked,
        data={"number": 1},
    )
    return version


@transaction.atomic
def agreement_propose(
    *, pair: Pair, actor: Registration, text: str, change_note: str = ""
) -> AgreementVersion:
    """A new version with `text`, accepted by its author only: pending until the other accepts."""
    locked = lock_live_pair(pair.pk)
    side = side_of(locked, actor)
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise ApplicationError("The agreement cannot be empty.")
    if len(text) > MAX_AGREEMENT_LENGTH:
        raise ApplicationError(f"Keep the agreement under {MAX_AGREEMENT_LENGTH} characters.")
    latest = AgreementVersion.objects.filter(pair=locked).order_by("-number").first()
    if latest is not None and latest.text.strip() == text:
        raise ApplicationError(NO_CHANGE)
    number = (AgreementVersion.objects.filter(pair=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    version = AgreementVersion(
        pair=locked,
        number=number,
        text=text,
        proposed_by=actor,
        change_note=change_note.strip()[:300],
    )
    setattr(version, f"{side}_accepted_at", timezone.now())
    version.full_clean()
    version.save()
    version_id = version.pk

    def enqueue() -> None:
        from upward.pairs.tasks import send_agreement_proposed

        send_agreement_proposed.enqueue(version_id=version_id)

    transaction.on_commit(enqueue)
    audit_log(
        actor=actor.person.user,
        action="agreement.proposed",
        summary=f"Pair {locked.pk}: the {side} proposed agreement v{number}",
        target=locked,
        data={"number": number, "side": side},
    )
    pair_changed(locked.pk)
    return version


@transaction.atomic
def agreement_accept(*, version: AgreementVersion, actor: Registration) -> AgreementVersion:
    """`by` accepts `version`; in force once both accepted it. Only the latest can be accepted."""
    locked = lock_live_pair(version.pair_id)
    side = side_of(locked, actor)
    current = (
        AgreementVersion.objects.select_for_update().filter(pair=locked).order_by("-number").first()
    )
    if current is None or current.pk != version.pk:
        raise ApplicationError(NOT_LATEST)
    if getattr(current, f"{side}_accepted_at") is not None:
        raise ApplicationError("You have already accepted this version.")
    setattr(current, f"{side}_accepted_at", timezone.now())
    current.full_clean()
    current.save(update_fields=[f"{side}_accepted_at", "updated_at"])
    audit_log(
        actor=actor.person.user,
        action="agreement.accepted",
        summary=f"Pair {locked.pk}: the {side} accepted agreement v{current.number}",
        target=locked,
        data={"number": current.number, "side": side, "in_force": current.in_force},
    )
    pair_changed(locked.pk)
    return current
