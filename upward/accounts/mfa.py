"""Required two-factor authentication for administrators and program managers.

With UPWARD_MFA_REQUIRED on, a person in either role who has no TOTP app or
security key yet is sent to set one up before any other page answers; the API
refuses their browser session the same way. A sign-in through single sign-on
counts as strong when UPWARD_MFA_TRUST_SSO is on: the identity provider then
answers for the second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Pages a person must still reach while setting MFA up: the MFA pages themselves,
# signing out, email confirmation and static files.
ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/")


def _privileged(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can_manage_programs)


def _has_second_factor(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    kinds = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    return bool(Authenticator.objects.filter(user=user, type__in=kinds).exists())


def _signed_in_through_sso(request: HttpRequest, user: Any) -> bool:
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, user)  # this session's, for this user
    return any(record.get("method") == "socialaccount" for record in records)


def mfa_setup_missing(request: HttpRequest, user: Any) -> bool:
    """True when `user` must set up a second factor before doing anything else."""
    if not settings.UPWARD_MFA_REQUIRED or not _privileged(user):
        return False
    if settings.UPWARD_MFA_TRUST_SSO and _signed_in_through_sso(request, user):
        return False
    return not _has_second_factor(user)


class RequireMfaMiddleware:
    """Send administrators and managers without a second factor to the MFA set-up page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ALLOWED_PREFIXES) or not mfa_setup_missing(
            request, request.user
        ):
            return self.get_response(request)
        return redirect("mfa_index")
