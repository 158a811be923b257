from __future__ import annotations

import pytest

from upward.accounts.models import Role
from upward.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_administrator_grants_and_revokes_a_role_with_an_audit_entry(
    administrator_client, mentor
):
    page = administrator_client.get("/roles/", {"q": "Jo Jun"})
    assert mentor.email.encode() in page.content
    administrator_client.post(f"/roles/{mentor.pk}/", {"role": "program_manager"})
    mentor.refresh_from_db()
    assert mentor.role == Role.PROGRAM_MANAGER
    administrator_client.post(f"/roles/{mentor.pk}/", {"role": "member"})
    mentor.refresh_from_db()
    assert mentor.role == Role.MEMBER
    assert AuditEntry.objects.filter(action="user.role_changed").count() == 2


def test_the_last_administrator_stays(administrator_client, administrator):
    administrator_client.post(f"/roles/{administrator.pk}/", {"role": "member"})
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


@pytest.mark.parametrize("persona", ["program_manager_client", "mentor_client"])
def test_only_administrators_reach_the_roles_page(request, persona, mentor):
    client = request.getfixturevalue(persona)
    assert client.get("/roles/").status_code == 403
    assert client.post(f"/roles/{mentor.pk}/", {"role": "administrator"}).status_code == 403


def test_the_admin_shows_no_password_hash(administrator_client, mentor):
    page = administrator_client.get(f"/admin/accounts/user/{mentor.pk}/change/")
    assert page.status_code == 200
    assert mentor.password.encode() not in page.content
    assert b'name="password"' not in page.content


def test_allauth_email_addresses_cannot_be_edited_in_the_admin(administrator_client, mentor):
    from allauth.account.models import EmailAddress

    address, _ = EmailAddress.objects.get_or_create(
        user=mentor, email=mentor.email, defaults={"verified": True}
    )
    url = f"/admin/account/emailaddress/{address.pk}/change/"
    administrator_client.post(url, {"email": "silent@example.com", "user": mentor.pk})
    address.refresh_from_db()
    assert address.email == mentor.email
    assert b'name="email"' not in administrator_client.get(url).content
