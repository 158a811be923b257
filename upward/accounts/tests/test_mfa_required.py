"""With UPWARD_MFA_REQUIRED, administrators and program managers set up a second factor
before any other page answers; members are never asked."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.UPWARD_MFA_REQUIRED = True


@pytest.mark.parametrize("persona", ["administrator_client", "program_manager_client"])
def test_privileged_people_are_sent_to_mfa_setup_from_every_page(request, persona):
    client = request.getfixturevalue(persona)
    for path in ("/", "/programs/", "/people/", "/settings/api-tokens/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/"
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/2fa/totp/activate").status_code in (200, 301, 302)


def test_the_api_refuses_their_session_until_mfa_is_set_up(program_manager_client):
    response = program_manager_client.get("/api/v1/me")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_with_a_second_factor_every_page_opens(program_manager_client, program_manager):
    Authenticator.objects.create(
        user=program_manager, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert program_manager_client.get("/").status_code == 200
    assert program_manager_client.get("/api/v1/me").status_code == 200


def test_recovery_codes_alone_do_not_count(program_manager_client, program_manager):
    Authenticator.objects.create(
        user=program_manager, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    assert program_manager_client.get("/").status_code == 302


def test_members_are_never_asked(mentor_client):
    assert mentor_client.get("/").status_code == 200


def test_off_by_default_setting_leaves_everyone_alone(administrator_client, settings):
    settings.UPWARD_MFA_REQUIRED = False
    assert administrator_client.get("/").status_code == 200


def test_webauthn_and_recovery_codes_are_offered():
    from django.conf import settings

    assert {"totp", "webauthn", "recovery_codes"} <= set(settings.MFA_SUPPORTED_TYPES)
