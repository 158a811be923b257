"""Prepare the test provider: its database, RSA signing key, Upward's client and users.

    python -m upward.accounts.tests.idp.bootstrap '<json>'

with {"client_id", "client_secret", "redirect_uri", "users": [[email, password, name]]}.
"""

from __future__ import annotations

import json
import sys

import django


def main(raw: str) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    config = json.loads(raw)
    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Upward",
        client_type="confidential",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        redirect_uris=[config["redirect_uri"]],
        require_consent=False,
        reuse_consent=True,
        jwt_alg="RS256",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for email, password, name in config["users"]:
        first, _, last = name.partition(" ")
        User.objects.create_user(
            username=email, email=email, password=password, first_name=first, last_name=last
        )


if __name__ == "__main__":
    main(sys.argv[1])
