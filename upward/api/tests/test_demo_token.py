from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from upward.api.tests.conftest import TokenClient
from upward.demo.api_token import DEMO_API_TOKEN
from upward.demo.services import demo_logins_ensure

pytestmark = pytest.mark.django_db


def test_demo_logins_prints_a_working_token_for_the_administrator():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "none yet" in out.getvalue()
    demo_logins_ensure()
    demo_logins_ensure()  # twice: still one token, renewed
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert DEMO_API_TOKEN in out.getvalue()
    assert "none yet" not in out.getvalue()
    me = TokenClient(DEMO_API_TOKEN).get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["role"] == "administrator"
    assert me.json()["token_scope"] == "write"
