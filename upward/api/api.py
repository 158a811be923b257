"""The REST API, v1: one NinjaAPI, one router per domain. See docs/api.md."""

from __future__ import annotations

from ninja import NinjaAPI

from upward.api import problems
from upward.api.auth import api_auth
from upward.api.routers import admin, feedback, matching, me, pairs, programs, webhooks

api = NinjaAPI(
    title="Upward API",
    version="1",
    description=(
        "Upward's REST API. Authenticate with a personal access token "
        "(`Authorization: Bearer upw_…`, from Settings → API tokens) or a signed-in "
        "session with its CSRF token. Errors are RFC 9457 problem details. Writes take "
        "an `Idempotency-Key` header. Lists are cursor-paginated: pass `next_cursor` "
        "back as `cursor`."
    ),
    auth=api_auth,
    urls_namespace="api:v1",
    docs_url=None,
    openapi_extra={"info": {"license": {"name": "AGPL-3.0-or-later"}}},
)
problems.install(api)

for module in (me, programs, matching, pairs, feedback, webhooks, admin):
    api.add_router("", module.router)
