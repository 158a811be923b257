"""The schema documents what the API does: typed bodies, answers and every error shape."""

from __future__ import annotations

from upward.api.api import PROBLEM_STATUSES, api


def _operations():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation, schema


def test_every_operation_has_a_typed_success_and_documented_problems():
    for path, method, operation, _schema in _operations():
        responses = operation["responses"]
        success = [status for status in responses if status.startswith("2")]
        assert success, f"{method} {path} documents no success"
        for status in success:
            content = responses[status].get("content", {})
            assert "application/json" in content, f"{method} {path} {status} is untyped"
        for status in PROBLEM_STATUSES:
            problem = responses[status]["content"]["application/problem+json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}, (method, path, status)
        assert operation.get("summary"), f"{method} {path} has no summary"


def test_every_write_takes_a_typed_body_or_none():
    for path, method, operation, _schema in _operations():
        if method in {"post", "patch"} and "requestBody" in operation:
            content = operation["requestBody"]["content"]
            assert content, f"{method} {path}"
            media = next(iter(content.values()))
            assert "schema" in media, f"{method} {path} body is untyped"


def test_every_operation_needs_a_token_or_a_session():
    for path, method, operation, _schema in _operations():
        names = {name for requirement in operation.get("security", []) for name in requirement}
        assert {"TokenAuth", "BrowserSession"} <= names, f"{method} {path}: {names}"
