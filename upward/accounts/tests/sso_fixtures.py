"""A real OpenID Connect provider in a second process, for the SSO tests.

`identity_provider` starts django-oidc-provider (upward/accounts/tests/idp) on a
free port of 127.0.0.1 with its own SQLite database, Upward registered as a client
whose redirect URI is the live test server's callback, and three people:
the mentor persona, someone in the directory who never signed in, and a stranger.
`sso_settings` points Upward's settings at it. `IdP.fault(word)` switches a fault on.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

CLIENT_ID = "upward-test-client"
CLIENT_SECRET = "upward-test-secret-0123456789"
PASSWORD = "idp-password-123"
USERS = [
    ("jo.junior@example.com", "Jo Junior"),
    ("dana.directory@example.com", "Dana Directory"),
    ("stranger@elsewhere.example", "Sam Stranger"),
]


@dataclass
class IdP:
    url: str
    directory: Path

    def fault(self, word: str = "") -> None:
        (self.directory / "fault").write_text(word)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def identity_provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdP]:
    directory = tmp_path_factory.mktemp("idp")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "upward.accounts.tests.idp.settings",
        "IDP_DIR": str(directory),
        "IDP_URL": url,
    }
    env.pop("DATABASE_URL", None)
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/accounts/oidc/sso/login/callback/",
        "users": [[email, PASSWORD, name] for email, name in USERS],
    }
    subprocess.run(
        [sys.executable, "-m", "upward.accounts.tests.idp.bootstrap", json.dumps(config)],
        env=env,
        check=True,
        timeout=120,
    )
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        discovery = f"{url}/openid/.well-known/openid-configuration"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(discovery, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError((directory / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield IdP(url=url, directory=directory)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture
def idp(identity_provider: IdP, settings: Any) -> IdP:
    """The provider with no fault, and Upward's settings pointing at it."""
    identity_provider.fault("")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "provider_class": "upward.accounts.sso.UpwardOIDCProvider",
            "EMAIL_AUTHENTICATION": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Test identity provider",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": f"{identity_provider.url}/openid"},
                }
            ],
        }
    }
    return identity_provider
