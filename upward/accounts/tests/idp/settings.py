"""A real OpenID Connect provider (django-oidc-provider) for the SSO tests.

It runs as its own Django process on 127.0.0.1, started by the `identity_provider`
fixture (upward/accounts/tests/sso_fixtures.py) with IDP_DIR (its database and
fault file) and IDP_URL in the environment.
"""

import os
from pathlib import Path

IDP_DIR = Path(os.environ["IDP_DIR"])
SITE_URL = os.environ["IDP_URL"]
SECRET_KEY = "idp-test-only-" + "y" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
    "upward.accounts.tests.idp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "upward.accounts.tests.idp.faults.TamperSignatureMiddleware",
]
ROOT_URLCONF = "upward.accounts.tests.idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": IDP_DIR / "idp.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# Its own cookie names: the Upward test server runs on the same machine.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
OIDC_USERINFO = "upward.accounts.tests.idp.faults.userinfo"
OIDC_IDTOKEN_PROCESSING_HOOK = "upward.accounts.tests.idp.faults.id_token_hook"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
OIDC_SKIP_CONSENT_EXPIRE = 365
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
