"""Program URLs, one list per area so each area's views stay in one module."""

from upward.programs.views.recruiting import urlpatterns as recruiting_urls
from upward.programs.views.registration import urlpatterns as registration_urls
from upward.programs.views.setup import urlpatterns as setup_urls

app_name = "programs"
urlpatterns = [*setup_urls, *recruiting_urls, *registration_urls]
