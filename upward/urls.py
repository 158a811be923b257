from django.contrib import admin
from django.urls import include, path

from upward.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("upward.people.urls")),
    path("programs/", include("upward.programs.urls")),
    path("matching/", include("upward.matching.urls")),
    path("pairs/", include("upward.pairs.urls")),
    path("audit/", include("upward.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
