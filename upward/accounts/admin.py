"""The Django admin, for operators only: no password hash, and no silent email change.

Roles are managed on Upward's own roles page (/roles/). Here an administrator may
correct a login email; the change goes through `user_email_change`, which tells
the old and the new address and ends the person's sessions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
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
            user_email_change(actor=request.user, user=obj, new_email=new_email)
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)
