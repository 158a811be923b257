"""Upward's one settings module, driven by environment variables.

See docs/configuration.md for every variable. A bad value stops start-up with a
message naming the variable (upward.env).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

from csp.constants import NONE, SELF

from upward.env import (
    database_from_url,
    email_from_url,
    encryption_keys,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key,
    site_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# pytest imports settings before any conftest runs, so it is recognised here.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = (
    env_str("SECRET_KEY") or "insecure-test-key-" + "x" * 40
    if TESTING
    else secret_key("SECRET_KEY", debug=DEBUG, base_dir=BASE_DIR)
)
# Self-identification is encrypted at rest with these (upward.core.crypto, docs/privacy.md).
UPWARD_ENCRYPTION_KEYS = (
    (env_str("UPWARD_ENCRYPTION_KEYS") or "dGVzdC1vbmx5LWtleS1mb3ItdXB3YXJkLXRlc3RzLTE=").split(",")
    if TESTING
    else encryption_keys("UPWARD_ENCRYPTION_KEYS", debug=DEBUG, base_dir=BASE_DIR)
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = site_url("SITE_URL", debug=DEBUG or TESTING)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "pgtrigger",
    "upward.core",
    "upward.accounts",
    "upward.people",
    "upward.programs",
    "upward.matching",
    "upward.pairs",
    "upward.feedback",
    "upward.reports",
    "upward.notifications",
    "upward.api",
    "upward.privacy",
    "upward.home",
    "upward.schedule",
    "upward.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "upward.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "upward.core.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "upward.core.middleware.PrivatePagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "upward.accounts.mfa.RequireMfaMiddleware",
    "upward.accounts.idle.PrivilegedIdleTimeoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "upward.people.middleware.PersonTimezoneMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "upward.urls"
WSGI_APPLICATION = "upward.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "upward.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        "DATABASE_URL",
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'upward.sqlite3'}",
        base_dir=BASE_DIR,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"REDIS_URL: expected redis://host:port/db, got {REDIS_URL!r}")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A database cache is shared by every application server, so login
    # throttling holds across a cluster without any other service.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "upward_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    # Hashing cost is not what the tests are about; keep Argon2 out of the hot path.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login; verification is mandatory; sign-up is
# limited to people in the directory (upward.people.signup).
ACCOUNT_ADAPTER = "upward.people.signup.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "upward.people.signup.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# Changing a password ends every *other* session of the account (Django ties each
# session to the password hash) and keeps the one in use, so the person is not
# thrown out of the page where they just proved who they are. A password reset
# ends every session, since the person resetting was not signed in (docs/security.md).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The reset form answers the same for every address (upward.people.signup).
ACCOUNT_FORMS = {"reset_password": "upward.people.signup.ResetPasswordForm"}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Upward] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or TESTING else "https"
# Failed logins are throttled per address and per submitted email alike, so an
# unknown email gets exactly the same answer as a known one.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT") or "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/5m/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Passkeys and security keys are a second factor; signing in with a passkey alone stays off.
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow WebAuthn on http://localhost only; development and tests run there.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or TESTING
MFA_TOTP_ISSUER = "Upward"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True


# OpenID Connect single sign-on (docs/sso.md): one provider from OIDC_PROVIDER_URL and
# friends, or several listed in OIDC_PROVIDERS, each from OIDC_<ID>_URL, _CLIENT_ID,
# _CLIENT_SECRET and _NAME. Upward's provider class checks every ID token fully.
def _oidc_app(provider_id: str, prefix: str, default_name: str) -> dict[str, object]:
    url = env_str(f"{prefix}URL") or env_str(f"{prefix}PROVIDER_URL")
    if not url:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{prefix}URL: the provider's issuer URL is required")
    return {
        "provider_id": provider_id,
        "name": env_str(f"{prefix}NAME") or default_name,
        "client_id": env_str(f"{prefix}CLIENT_ID") or "",
        "secret": env_str(f"{prefix}CLIENT_SECRET") or "",
        "settings": {"server_url": url},
    }


OIDC_APPS: list[dict[str, object]] = []
if env_list("OIDC_PROVIDERS", []):
    OIDC_APPS = [
        _oidc_app(name.lower(), f"OIDC_{name.upper()}_", name)
        for name in env_list("OIDC_PROVIDERS", [])
    ]
elif env_str("OIDC_PROVIDER_URL"):
    OIDC_APPS = [_oidc_app("sso", "OIDC_", "Single sign-on")]
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {
    "openid_connect": {
        "provider_class": "upward.accounts.sso.UpwardOIDCProvider",
        "APPS": OIDC_APPS,
        "EMAIL_AUTHENTICATION": True,
    }
}
SOCIALACCOUNT_STORE_TOKENS = False
# SSO only: password sign-in is off for everyone but these break-glass administrators.
UPWARD_SSO_ONLY = env_bool("UPWARD_SSO_ONLY", False)
UPWARD_BREAK_GLASS_EMAILS = [e.lower() for e in env_list("UPWARD_BREAK_GLASS_EMAILS", [])]

_email = email_from_url(
    "EMAIL_URL", env_str("EMAIL_URL") or f"file://{VAR_DIR / 'mail'}", base_dir=BASE_DIR
)
if TESTING:
    _email = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
globals().update(_email)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Upward <upward@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Production hardening; `manage.py check --deploy` runs in CI under these.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _inline_style_hashes(template: Path) -> list[str]:
    """CSP hashes of a template's <style> blocks, read from the file so they never go stale.

    Only 500.html has one: it is rendered with no context, no database and no static
    files, so it cannot link a stylesheet or receive a nonce.
    """
    blocks = re.findall(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), re.S)
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'"
        for b in blocks
    ]


# Content-Security-Policy (django-csp 4): scripts and styles from Upward's own origin
# only, no inline script, no inline style attribute, nothing embeds Upward.
# style-src is strict too: every page's style lives in static/css (the one style
# attribute, the funnel's bar width, became an SVG attribute), and Chart.js and htmx
# style through the DOM, which CSP allows. img-src takes data: for Pico's inline SVG
# icons (select arrows, checkboxes). No form-action: single sign-on posts to Upward,
# which redirects to the identity provider, and Chromium applies form-action to that
# redirect. A browser test loads every page of every role under this policy
# (upward/core/tests/test_browser_pages.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *_inline_style_hashes(BASE_DIR / "templates" / "500.html")],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features Upward never uses are switched off for every page. Security
# keys (WebAuthn) and the copy-link buttons (clipboard) stay on for Upward's own origin.
UPWARD_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "serial=(), hid=(), bluetooth=(), screen-wake-lock=(), xr-spatial-tracking=(), "
    "browsing-topics=(), clipboard-write=(self), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self)"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "upward.security": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Upward's own settings.
UPWARD_SIGNUP_REQUIRES_DIRECTORY = env_bool("UPWARD_SIGNUP_REQUIRES_DIRECTORY", True)
UPWARD_INVITATION_LINK_DAYS = env_int("UPWARD_INVITATION_LINK_DAYS", 21, minimum=1)
UPWARD_INVITATION_REMINDER_DAYS = env_int("UPWARD_INVITATION_REMINDER_DAYS", 5, minimum=1)
# Runs up to this many participants answer within the request; larger ones go to a worker.
UPWARD_MATCHING_INLINE_LIMIT = env_int("UPWARD_MATCHING_INLINE_LIMIT", 2000, minimum=0)
# A run queued or running for longer than this is ended as failed by the sweep.
UPWARD_MATCH_RUN_TIMEOUT_MINUTES = env_int("UPWARD_MATCH_RUN_TIMEOUT_MINUTES", 30, minimum=1)
# A task worker (manage.py run_worker) renews its lease six times per period; the jobs of a
# worker silent for longer are handed back to the queue (upward.schedule.workers).
UPWARD_WORKER_LEASE_SECONDS = env_int("UPWARD_WORKER_LEASE_SECONDS", 60, minimum=6)
# A full sync that would deactivate more than this share of the active directory is
# refused unless the administrator confirms the exact number (or the command is given
# --allow-mass-deactivation): a truncated export must not empty the directory.
UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT = env_int(
    "UPWARD_IMPORT_MAX_DEACTIVATION_PERCENT", 10, minimum=0
)
DIRECTORY_PAGE_SIZE = 50

# Two-factor authentication (docs/sso.md): required for administrators and program
# managers when on; a sign-in through single sign-on may count as the second factor.
UPWARD_MFA_REQUIRED = env_bool("UPWARD_MFA_REQUIRED", False)
UPWARD_MFA_TRUST_SSO = env_bool("UPWARD_MFA_TRUST_SSO", True)
# Administrators and program managers are signed out after this many hours without a
# request (upward.accounts.idle); members keep the two-week session.
UPWARD_PRIVILEGED_IDLE_HOURS = env_int("UPWARD_PRIVILEGED_IDLE_HOURS", 12, minimum=1)

# The REST API (docs/api.md).
UPWARD_API_TOKEN_DAYS = env_int("UPWARD_API_TOKEN_DAYS", 90, minimum=1)
UPWARD_API_RATE_LIMIT_PER_MINUTE = env_int("UPWARD_API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)
NINJA_PAGINATION_MAX_LIMIT = 200

# Webhooks (docs/webhooks.md). Private, loopback and link-local addresses are refused
# unless allowed here; tests allow them to reach their receiver on 127.0.0.1.
UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS = env_bool("UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS", False)


def _retention_days(data_class: str, default: int) -> int:
    return env_int(f"UPWARD_RETENTION_{data_class}_DAYS", default, minimum=0)


# The retention schedule (upward/privacy/retention.py, docs/privacy.md): how many days each
# kind of data is kept, counted from the moment each class names. 0: as soon as it expires.
UPWARD_RETENTION_NOTES_DAYS = _retention_days("NOTES", 183)
UPWARD_RETENTION_MESSAGES_DAYS = _retention_days("MESSAGES", 183)
UPWARD_RETENTION_CHECK_IN_COMMENTS_DAYS = env_int(
    "UPWARD_RETENTION_CHECK_IN_COMMENTS_DAYS", 365, minimum=0
)
UPWARD_RETENTION_CONCERNS_DAYS = _retention_days("CONCERNS", 730)
UPWARD_RETENTION_SELF_IDENTIFICATION_DAYS = env_int(
    "UPWARD_RETENTION_SELF_IDENTIFICATION_DAYS", 365, minimum=0
)
UPWARD_RETENTION_INVITATIONS_DAYS = _retention_days("INVITATIONS", 183)
UPWARD_RETENTION_AUDIT_DAYS = _retention_days("AUDIT", 730)
UPWARD_RETENTION_SIGN_INS_DAYS = _retention_days("SIGN_INS", 730)
UPWARD_RETENTION_TASK_RESULTS_DAYS = _retention_days("TASK_RESULTS", 30)
UPWARD_RETENTION_EXPORTS_DAYS = _retention_days("EXPORTS", 7)
UPWARD_RETENTION_SESSIONS_DAYS = _retention_days("SESSIONS", 0)
UPWARD_RETENTION_TOKENS_DAYS = _retention_days("TOKENS", 0)
UPWARD_RETENTION_CALENDAR_FEEDS_DAYS = _retention_days("CALENDAR_FEEDS", 0)
UPWARD_RETENTION_EMAIL_CHANGES_DAYS = _retention_days("EMAIL_CHANGES", 0)

# An administrator's change of someone's login email waits this long, during which the
# current address can stop it (docs/privacy.md). 0: as soon as the new address confirms.
UPWARD_EMAIL_CHANGE_HOLD_HOURS = env_int("UPWARD_EMAIL_CHANGE_HOLD_HOURS", 24, minimum=0)
UPWARD_WEBHOOKS_ALLOW_HTTP = env_bool("UPWARD_WEBHOOKS_ALLOW_HTTP", DEBUG or TESTING)
UPWARD_WEBHOOK_TIMEOUT_SECONDS = env_int("UPWARD_WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)
