"""The Django admin, for operators only: no password hash, and no silent email change.

Roles are managed on Upward's own roles page (/roles/). Here an administrator may
ask to correct a login email; the change goes through `user_email_change`: the new
address must confirm it, the old one is told and can stop it during a hold, and
only then does it apply and end the person's sessions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from upward.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "is_active", "role", "last_login", "date_joined"]
    readonly_fields = ["role", "last_login", "date_joined"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change and "email" in form.changed_data:
            from upward.accounts.services import user_email_change

            new_email = obj.email
            obj.email = form.initial["email"]
            super().save_model(request, obj, form, change)
            pending = user_email_change(actor=request.user, user=obj, new_email=new_email)
            obj.refresh_from_db()
            if pending is not None:
                messages.warning(
                    request,
                    f"The login still signs in with {obj.email}. {new_email} was asked to "
                    f"confirm, and {obj.email} was told and can stop the change; it takes "
                    f"effect once confirmed, on {pending.takes_effect_at:%d %B %Y, %H:%M} UTC "
                    "at the earliest.",
                )
            return
        super().save_model(request, obj, form, change)


def _read_only(model: Any, base: type[admin.ModelAdmin[Any]]) -> None:
    """Re-register allauth's admin for `model` so no field can be edited there."""

    class ReadOnly(base):  # type: ignore[valid-type,misc]
        def has_add_permission(self, request: HttpRequest) -> bool:
            return False

        def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return False

    admin.site.unregister(model)
    admin.site.register(model, ReadOnly)


def _lock_allauth_admin() -> None:
    # A login email changes only through the user's page above (both addresses told);
    # allauth's own admin would let an operator change it silently. Authenticator
    # secrets are never shown; removing a lost authenticator (delete) stays possible.
    from allauth.account.admin import EmailAddressAdmin
    from allauth.account.models import EmailAddress
    from allauth.mfa.admin import AuthenticatorAdmin
    from allauth.mfa.models import Authenticator

    _read_only(EmailAddress, EmailAddressAdmin)
    _read_only(Authenticator, AuthenticatorAdmin)


_lock_allauth_admin()
