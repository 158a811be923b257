"""The provider examples in docs/sso.md: valid shell, and settings Upward accepts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "sso.md"
BLOCKS = re.findall(r"```sh\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
PRINT_APPS = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS']))"
)


def test_the_doc_has_the_four_providers():
    text = DOC.read_text()
    for name in ("Microsoft Entra ID", "Google Workspace", "Okta", "Keycloak"):
        assert f"### {name}" in text
    assert len(BLOCKS) == 5


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.split("\n")[0][:40])
def test_each_example_is_valid_shell_that_upward_settings_accept(block):
    subprocess.run(["bash", "-n"], input=block, text=True, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "UPWARD_SSO"))}
    env["DJANGO_SETTINGS_MODULE"] = "upward.settings"
    env["DEBUG"] = "true"
    script = f'{block}\nexec {sys.executable} -c "{PRINT_APPS}"'
    result = subprocess.run(
        ["bash", "-c", script], env=env, text=True, capture_output=True, check=True
    )
    apps = json.loads(result.stdout.strip().splitlines()[-1])
    urls = re.findall(r'_URL="([^"]+)"', block)
    if urls:
        assert [app["settings"]["server_url"] for app in apps] == urls
        assert all(app["client_id"] and app["secret"] for app in apps)
