"""The request type of every signed-in page.

LoginRequiredMiddleware sends anyone not signed in to the sign-in page before a
view runs (except the few views marked `login_not_required`), so inside a view
`request.user` is a User. Annotating views with this type says so to mypy.
"""

from __future__ import annotations

from django.http import HttpRequest

from upward.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User  # narrowed: the middleware guarantees a login
