"""The signed link in an invitation email, and the checks it must pass.

The token is `django.core.signing.dumps([invitation id, nonce])` with its own
salt: it carries no secret, cannot be forged without SECRET_KEY, and carries
its signing time, so it expires `UPWARD_INVITATION_LINK_DAYS` after the email
that contained it was sent. Resending an invitation draws a new nonce, which
kills every older link for it.

A refused link says why in plain words, but never whose invitation it was.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing

from upward.core.errors import ApplicationError
from upward.programs.models import Invitation, InvitationStatus

SALT = "upward.programs.invitation"
DEFAULT_LINK_DAYS = 21


class InvitationLinkError(ApplicationError):
    """A link that cannot be used; `reason` is one of the constants below."""

    INVALID = "invalid"
    EXPIRED = "expired"
    OTHER_PERSON = "other_person"
    REPLACED = "replaced"
    REVOKED = "revoked"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, extra={"reason": reason})
        self.reason = reason


def link_lifetime() -> timedelta:
    return timedelta(days=int(getattr(settings, "UPWARD_INVITATION_LINK_DAYS", DEFAULT_LINK_DAYS)))


def invitation_token(invitation: Invitation) -> str:
    """A fresh token for `invitation`: valid for `link_lifetime()` from now."""
    return signing.dumps([invitation.pk, invitation.nonce], salt=SALT)


def _payload(token: str, *, max_age: timedelta | None) -> tuple[int, str]:
    data: Any = signing.loads(token, salt=SALT, max_age=max_age)
    if (
        not isinstance(data, list)
        or len(data) != 2
        or not isinstance(data[0], int)
        or not isinstance(data[1], str)
    ):
        raise signing.BadSignature("unexpected payload")
    return data[0], data[1]


def _inviter_name(invitation: Invitation) -> str:
    inviter = invitation.invited_by
    return inviter.get_full_name() if inviter is not None else "the program team"


def invitation_for_link(*, token: str, user: Any) -> Invitation:
    """The invitation behind `token`, if `user` is the person it was sent to.

    Raises InvitationLinkError: tampered or unknown (INVALID), sent to someone
    else (OTHER_PERSON), superseded by a resend (REPLACED), too old (EXPIRED),
    or withdrawn by the manager (REVOKED). The identity check comes before the
    expiry check, so a forwarded link tells a stranger nothing about the program.
    """
    expired = False
    try:
        invitation_id, nonce = _payload(token, max_age=link_lifetime())
    except signing.SignatureExpired:
        # The signature is genuine, only old: read it again to name who to ask.
        expired = True
        try:
            invitation_id, nonce = _payload(token, max_age=None)
        except signing.BadSignature:
            raise _invalid() from None
    except signing.BadSignature:
        raise _invalid() from None

    invitation = (
        Invitation.objects.select_related("program", "person", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise _invalid()
    if not _is_addressee(invitation, user):
        raise InvitationLinkError(
            "This invitation was sent to another person. If you were forwarded it and would "
            "like to take part, ask the program team for your own invitation.",
            reason=InvitationLinkError.OTHER_PERSON,
        )
    if invitation.nonce != nonce:
        raise InvitationLinkError(
            "This invitation link has been replaced by a newer one. Please use the link in "
            "the most recent invitation email.",
            reason=InvitationLinkError.REPLACED,
        )
    if invitation.status == InvitationStatus.REVOKED:
        raise InvitationLinkError(
            f"This invitation has been withdrawn. If you think that is a mistake, ask "
            f"{_inviter_name(invitation)}.",
            reason=InvitationLinkError.REVOKED,
        )
    if expired and invitation.status in (InvitationStatus.SENT, InvitationStatus.OPENED):
        raise InvitationLinkError(
            f"This invitation link has expired — ask {_inviter_name(invitation)} for a new one.",
            reason=InvitationLinkError.EXPIRED,
        )
    return invitation


def _invalid() -> InvitationLinkError:
    return InvitationLinkError(
        "This link is not valid: please check that you copied the whole link from the email.",
        reason=InvitationLinkError.INVALID,
    )


def _is_addressee(invitation: Invitation, user: Any) -> bool:
    """The signed-in user is the invited person: by their directory link, else by email."""
    if not getattr(user, "is_authenticated", False):
        return False
    person = invitation.person
    if person.user_id is not None:
        return bool(person.user_id == user.pk)
    return bool(person.email.strip().lower() == str(user.email).strip().lower())
