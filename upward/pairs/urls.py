"""The pair's space: one URL list per area so each area's views stay in one module."""

from upward.pairs.views.conversation import urlpatterns as conversation_urls
from upward.pairs.views.sessions import urlpatterns as sessions_urls
from upward.pairs.views.space import urlpatterns as space_urls

app_name = "pairs"
urlpatterns = [*space_urls, *sessions_urls, *conversation_urls]
