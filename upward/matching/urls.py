"""Matching URLs: one list per area so each area's views stay in one module."""

from upward.matching.views.optin import urlpatterns as optin_urls
from upward.matching.views.publish import urlpatterns as publish_urls
from upward.matching.views.runs import urlpatterns as runs_urls

app_name = "matching"
urlpatterns = [*runs_urls, *publish_urls, *optin_urls]
