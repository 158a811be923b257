"""Upward's URLs plus the benchmark's ceiling: the smallest signed-in page Django can serve."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from upward.urls import urlpatterns as upward_urlpatterns


@login_required
def ceiling(request: HttpRequest) -> HttpResponse:
    # The same middleware, session and user lookup as every page; no template, no query of its own.
    return HttpResponse(f"Hello {request.user.get_username()}", content_type="text/plain")


urlpatterns = [path("bench/ceiling/", ceiling), *upward_urlpatterns]
