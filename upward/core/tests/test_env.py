"""Configuration comes from the environment, and a bad value names its variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from upward import env

BASE = Path(__file__).resolve().parents[3]


def test_database_url_defaults_to_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    config = env.database_from_url("DATABASE_URL", "sqlite:///var/x.sqlite3", base_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_postgres_url_is_parsed():
    config = env.database_from_url(
        "DATABASE_URL", "postgres://app:secret@db.internal:5433/upward", base_dir=BASE
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "upward")


def test_unsupported_database_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="^DATABASE_URL: unsupported scheme 'mysql'"):
        env.database_from_url("DATABASE_URL", "mysql://root@localhost/x", base_dir=BASE)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("file:///tmp/mail", "filebased"),
        ("console:", "console"),
        ("locmem:", "locmem"),
        ("smtp://user:p%40ss@mail.example.com:587?tls=true", "smtp"),
    ],
)
def test_email_url_chooses_the_backend(url, backend):
    assert backend in env.email_from_url("EMAIL_URL", url, base_dir=BASE)["EMAIL_BACKEND"]


def test_smtp_url_carries_credentials_and_tls():
    config = env.email_from_url(
        "EMAIL_URL", "smtp://user:p%40ss@mail.example.com:587?tls=true", base_dir=BASE
    )
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_PORT"] == 587


def test_bad_email_url_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="^EMAIL_URL: "):
        env.email_from_url("EMAIL_URL", "pigeon://coop", base_dir=BASE)


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="^DEBUG: expected true or false"):
        env.env_bool("DEBUG", False)


def test_secret_key_is_required_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="^SECRET_KEY: required"):
        env.secret_key("SECRET_KEY", debug=False, base_dir=tmp_path)


def test_development_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key("SECRET_KEY", debug=True, base_dir=tmp_path)
    assert len(first) >= 50
    assert env.secret_key("SECRET_KEY", debug=True, base_dir=tmp_path) == first
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def _manage(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/upward"),
        ("DEBUG", "perhaps"),
        ("EMAIL_URL", "pigeon://coop"),
        ("REDIS_URL", "memcached://localhost"),
    ],
)
def test_start_up_with_a_bad_value_stops_with_a_message_naming_the_variable(variable, value):
    result = _manage("check", environ={"DEBUG": "true", variable: value})
    assert result.returncode == 2
    assert f"Configuration error: {variable}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_start_up_without_secret_key_is_refused():
    result = _manage("check", environ={"DEBUG": "false"})
    assert result.returncode == 2
    assert "SECRET_KEY: required" in result.stderr


def test_site_url_follows_the_development_port(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("PORT", "8123")

    assert env.site_url("SITE_URL", debug=True) == "http://127.0.0.1:8123"


def test_site_url_defaults_to_port_8000_in_development(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)

    assert env.site_url("SITE_URL", debug=True) == "http://127.0.0.1:8000"


def test_site_url_given_wins_over_the_port(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://upward.example.com/")
    monkeypatch.setenv("PORT", "8123")

    assert env.site_url("SITE_URL", debug=True) == "https://upward.example.com"


def test_site_url_is_required_in_production(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)

    with pytest.raises(ImproperlyConfigured, match="^SITE_URL: required when DEBUG is false"):
        env.site_url("SITE_URL", debug=False)


def test_a_site_url_without_a_scheme_names_the_variable(monkeypatch):
    monkeypatch.setenv("SITE_URL", "upward.example.com")

    with pytest.raises(ImproperlyConfigured, match="^SITE_URL: expected an address"):
        env.site_url("SITE_URL", debug=False)


def test_links_in_emails_lead_to_the_port_make_run_serves(tmp_path):
    """The settings module, loaded as `make run` loads it, with PORT set."""
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    environment = {
        **os.environ,
        "DEBUG": "true",
        "PORT": "8765",
        "DJANGO_SETTINGS_MODULE": "upward.settings",
    }
    environment.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=BASE
    )
    assert result.stdout.strip() == "http://127.0.0.1:8765", result.stderr
