"""The REST API, v1: one NinjaAPI, one router per domain. See docs/api.md."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from upward.api import problems
from upward.api.auth import api_auth
from upward.api.problems import TITLES
from upward.api.routers import (
    admin,
    feedback,
    matching,
    me,
    pairs,
    programs,
    reports,
    webhooks,
)

PROBLEM_STATUSES = ("400", "401", "403", "404", "422", "429")


class UpwardAPI(NinjaAPI):
    """Every error is documented as it is sent: application/problem+json (RFC 9457)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = {
                    str(status): response
                    for status, response in operation.setdefault("responses", {}).items()
                }
                operation["responses"] = responses
                for status in PROBLEM_STATUSES:
                    responses.setdefault(status, {"description": TITLES[int(status)]})
                for status, response in responses.items():
                    if status.startswith(("4", "5")):
                        response["content"] = {"application/problem+json": {"schema": problem_ref}}
        return schema


api = UpwardAPI(
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

for module in (me, programs, matching, pairs, feedback, reports, webhooks, admin):
    api.add_router("", module.router)
