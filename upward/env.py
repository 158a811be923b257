"""Read configuration from environment variables, failing loudly on bad values.

Every reader names the variable in its error, so a typo in a deployment stops
start-up with a message an operator can act on instead of a silent default.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(name: str, url: str, *, base_dir: Path) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES entry (SQLite or PostgreSQL only)."""
    import dj_database_url

    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name}: unsupported scheme {scheme!r}; use sqlite:///path or postgres://user@host/db"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except Exception as exc:  # the library raises several types for one mistake
        raise ImproperlyConfigured(f"{name}: cannot parse {url!r}: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"]) if config["NAME"] else base_dir / "var" / "upward.sqlite3"
        if not path.is_absolute():
            path = base_dir / path
        config["NAME"] = str(path)
        config["OPTIONS"] = sqlite_options()
        # Tests use a file too, not Django's in-memory shared cache: there, two
        # connections writing at once fail at once ("table is locked") instead of
        # queueing on busy_timeout, so race tests would need retry loops.
        config["TEST"] = {"NAME": str(path.with_name(f"test_{path.name}"))}
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


def sqlite_options() -> dict[str, Any]:
    # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue on busy_timeout instead of one failing
    # with "database is locked" halfway through a transaction.
    return {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
    }


def email_from_url(name: str, url: str, *, base_dir: Path) -> dict[str, Any]:
    """Turn EMAIL_URL into Django's EMAIL_* settings.

    smtp://user:pass@host:587?tls=true, smtps://user:pass@host:465,
    file:///absolute/dir (or file:var/mail), console:, locmem:, dummy:.
    """
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}: an smtp URL needs a host, got {url!r}")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        try:
            port = parts.port or (465 if scheme == "smtps" else 25)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: bad port in {url!r}") from None
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp" and query.get("tls", "").lower() in _TRUE,
            "EMAIL_TIMEOUT": 20,
        }
    if scheme == "file":
        raw = unquote(parts.path or parts.netloc)
        directory = Path(raw) if raw else base_dir / "var" / "mail"
        if not directory.is_absolute():
            directory = base_dir / directory
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(directory),
        }
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple:
        return {"EMAIL_BACKEND": simple[scheme]}
    raise ImproperlyConfigured(
        f"{name}: unsupported scheme {scheme!r}; use smtp://, smtps://, file:, console: or locmem:"
    )


def secret_key(name: str, *, debug: bool, base_dir: Path) -> str:
    """SECRET_KEY from the environment; in development, one generated once into var/."""
    value = os.environ.get(name, "").strip()
    if value:
        if not debug and len(value) < 50:
            raise ImproperlyConfigured(f"{name}: must be at least 50 characters in production")
        return value
    if not debug:
        raise ImproperlyConfigured(
            f"{name}: required when DEBUG is false (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`)"
        )
    key_file = base_dir / "var" / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def site_url(name: str, *, debug: bool) -> str:
    """The address people reach Upward at, for links in emails, invites and feeds.

    In development it follows PORT (the port `make run` serves on), so the
    links a developer clicks lead back to the server they started. In
    production it is required: a wrong guess would send every recipient to
    a dead link.
    """
    value = (os.environ.get(name) or "").strip().rstrip("/")
    if value:
        parsed = urlsplit(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ImproperlyConfigured(
                f"{name}: expected an address such as https://upward.example.com, got {value!r}"
            )
        return value
    if debug:
        return f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}"
    raise ImproperlyConfigured(
        f"{name}: required when DEBUG is false: the address people use to reach Upward "
        "(e.g. https://upward.example.com); every link in emails and calendar files starts with it"
    )


def encryption_keys(name: str, *, debug: bool, base_dir: Path) -> list[str]:
    """Fernet keys for data encrypted at rest, newest first (comma-separated).

    Production needs them in the environment; development generates one into var/
    once, like SECRET_KEY. Losing the keys loses the encrypted data: back them up.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        if not debug:
            raise ImproperlyConfigured(
                f"{name}: required when DEBUG is false. Generate one with `python -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
                " and keep a copy: without it, encrypted self-identification cannot be read."
            )
        key_file = base_dir / "var" / "encryption_key"
        if not key_file.exists():
            from cryptography.fernet import Fernet

            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(Fernet.generate_key().decode())
            key_file.chmod(0o600)
        value = key_file.read_text().strip()
    keys = [key.strip() for key in value.split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 bytes, url-safe base64)"
            )
    return keys
