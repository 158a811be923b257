"""django-allauth hooks: who may sign up, and linking a new login to its Person.

They live with the directory, which decides who may sign up, rather than with
accounts, which knows nothing of the directory (accounts sits below people).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

# The same lookup allauth's own form makes (internal, but pinned by allauth<66).
from allauth.account.internal.userkit import filter_users_by_email
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest

from upward.accounts.signals import client_ip, email_fingerprint, security_log
from upward.people.selectors import person_exists_for_email

SSO_ONLY_MESSAGE = "This Upward signs people in through single sign-on: use the button below."


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        # A reset soon after someone else moved the login to a new address is how a
        # takeover would finish: the old address hears of it too (docs/privacy.md).
        from upward.accounts.services import password_reset_notice

        super().send_password_reset_mail(user, email, context)
        password_reset_notice(user)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # In SSO-only mode nobody signs up with a password (SSO sign-ups ask the
        # social adapter, which applies the directory rule).
        return not settings.UPWARD_SSO_ONLY and bool(super().is_open_for_signup(request))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        email = str(credentials.get("email", "")).strip().lower()
        if settings.UPWARD_SSO_ONLY and email not in settings.UPWARD_BREAK_GLASS_EMAILS:
            security_log.warning(
                "password sign-in refused (SSO only): account=%s ip=%s",
                email_fingerprint(email),
                client_ip(request),
            )
            raise forms.ValidationError(SSO_ONLY_MESSAGE)
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            # allauth refuses once the failure budget for this address or IP is spent.
            security_log.warning(
                "login throttled: account=%s ip=%s",
                email_fingerprint(str(credentials.get("email", ""))),
                client_ip(request),
            )
            raise

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip().lower()
        if settings.UPWARD_SIGNUP_REQUIRES_DIRECTORY and not person_exists_for_email(email):
            raise forms.ValidationError(
                "Sign up with the work email address your HR system lists for you. "
                "If you think it should be there, ask your program manager."
            )
        return email

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from upward.people.services import person_link_user

            person_link_user(user=user)
        return user


class ResetPasswordForm(AllauthResetPasswordForm):  # type: ignore[misc]  # allauth is untyped
    """Asking for a reset link answers the same whoever the address belongs to.

    allauth's form runs the adapter's `clean_email`, whose directory rule (right for
    signing up) refused addresses outside the directory with their own message and
    status: anyone could test who works here. The directory rule is left out here;
    allauth then sends the "no account" email to an unknown address, and the
    answer (a redirect to "check your inbox") is the same for all.
    """

    def clean_email(self) -> str:
        # The same lookup allauth's own form makes (an internal helper; allauth is <66).
        email = str(self.cleaned_data["email"]).strip().lower()
        self.users = filter_users_by_email(
            email, is_active=True, prefer_verified=True, for_login=True
        )
        return str(self.cleaned_data["email"])


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        if settings.UPWARD_SSO_ONLY:
            # The account adapter closes password sign-up in this mode; SSO stays open
            # to directory people.
            return self._directory_person(request, sociallogin)
        return self._directory_person(request, sociallogin) and bool(
            super().is_open_for_signup(request, sociallogin)
        )

    def _directory_person(self, request: HttpRequest, sociallogin: Any) -> bool:
        """The same "directory people only" rule as a password sign-up, on a verified email.

        A stranger from the identity provider (or an address it does not vouch for)
        gets a clear refusal page instead of a new account.
        """
        if not settings.UPWARD_SIGNUP_REQUIRES_DIRECTORY:
            return True
        verified = [
            address.email.strip().lower()
            for address in sociallogin.email_addresses
            if address.verified and address.email
        ]
        if any(person_exists_for_email(email) for email in verified):
            return True
        security_log.warning(
            "sso sign-up refused: account=%s ip=%s",
            email_fingerprint(verified[0] if verified else ""),
            client_ip(request),
        )
        from allauth.core.exceptions import ImmediateHttpResponse
        from django.shortcuts import render

        raise ImmediateHttpResponse(
            render(
                request,
                "account/sso_refused.html",
                {"had_verified_email": bool(verified)},
                status=403,
            )
        )

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        from upward.people.services import person_link_user

        person_link_user(user=user)
        return user
