"""The site's URLs: each app lists every path it serves, in full, in its own urls.py.

Everything that belongs to one program lives under /programs/<program_id>/,
whichever app serves it (programs, matching, pairs).
"""

from django.contrib import admin
from django.urls import include, path

from upward.accounts.views import admin_login

urlpatterns = [
    path("", include("upward.home.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("upward.people.urls")),
    path("", include("upward.programs.urls")),
    path("", include("upward.matching.urls")),
    path("", include("upward.pairs.urls")),
    path("", include("upward.feedback.urls")),
    path("", include("upward.reports.urls")),
    path("", include("upward.api.urls")),
    path("", include("upward.privacy.urls")),
    path("", include("upward.accounts.urls")),
    path("", include("upward.core.urls")),
    # Before the admin's own URLs: its login page would check the password alone.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
