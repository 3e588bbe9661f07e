"""The settings module read from the environment: production passes Django's deploy checks, nonsense is refused.

Each case runs in a subprocess so that the settings are imported fresh with exactly the environment given,
and nothing leaks into the test process's own (already configured) settings.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **overrides) -> dict[str, str]:
    """The environment of a real deployment: debug off, a long random key, named hosts, its own database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "AXES_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="partnership_audit.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="audit.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        PYTHONWARNINGS="error::DeprecationWarning",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def print_setting(name: str) -> str:
    return f"import django; from django.conf import settings; django.setup(); print(repr(settings.{name}))"


def test_production_settings_pass_the_deploy_checks_without_a_single_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("value", ["maybe", "2", "truthy"])
def test_a_debug_value_that_is_neither_true_nor_false_is_refused(tmp_path, value):
    result = run_python(print_setting("DEBUG"), production_env(tmp_path, DJANGO_DEBUG=value))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG" in result.stderr
    assert repr(value) in result.stderr


def test_production_without_a_secret_key_is_refused(tmp_path):
    result = run_python(print_setting("SECRET_KEY"), production_env(tmp_path, DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_is_refused(tmp_path):
    result = run_python(print_setting("ALLOWED_HOSTS"), production_env(tmp_path, DJANGO_ALLOWED_HOSTS=None))

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_debug_runs_without_a_secret_key_for_a_fresh_clone(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="1", DJANGO_SECRET_KEY=None, DJANGO_ALLOWED_HOSTS=None)

    result = run_python(print_setting("ALLOWED_HOSTS"), env)

    assert result.returncode == 0, result.stderr
    assert "'localhost'" in result.stdout


def test_behind_a_tls_proxy_the_forwarded_proto_header_marks_requests_secure(tmp_path):
    result = run_python(print_setting("SECURE_PROXY_SSL_HEADER"), production_env(tmp_path, DJANGO_BEHIND_TLS_PROXY="1"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_without_the_proxy_switch_forwarded_headers_are_not_trusted(tmp_path):
    result = run_python(print_setting("SECURE_PROXY_SSL_HEADER"), production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_production_redirects_to_https_and_sends_a_year_of_hsts_by_default(tmp_path):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )

    result = run_python(code, production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT must be between 1 and 10"),
        ("AXES_COOLOFF_MINUTES", "0", "AXES_COOLOFF_MINUTES must be a positive number"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "audit.example.org", "need a scheme"),
        ("EMAIL_USE_SSL", "1", "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true"),
        ("PULSE_MIN_ANSWERS", "4", "PULSE_MIN_ANSWERS must be 5 or more"),
        ("PULSE_MIN_TEAM_ANSWERS", "3", "PULSE_MIN_TEAM_ANSWERS must be 5 or more"),
        ("PULSE_MIN_COMMENT_ANSWERS", "1", "PULSE_MIN_COMMENT_ANSWERS must be 5 or more"),
    ],
)
def test_other_nonsense_in_the_environment_is_refused_with_a_message_naming_it(tmp_path, name, value, message):
    env = production_env(tmp_path, **{name: value})
    if name == "EMAIL_USE_SSL":
        env["EMAIL_USE_TLS"] = "1"

    result = run_python(print_setting("DEBUG"), env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_with_a_secret_key_under_fifty_characters_is_refused(tmp_path):
    result = run_python(print_setting("DEBUG"), production_env(tmp_path, DJANGO_SECRET_KEY="x" * 49))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be at least 50 characters" in result.stderr
    assert "x" * 49 not in result.stderr, "the message must not print the key"


def test_production_with_a_fifty_character_secret_key_starts(tmp_path):
    result = run_python(print_setting("DEBUG"), production_env(tmp_path, DJANGO_SECRET_KEY=secrets.token_hex(25)))

    assert result.returncode == 0, result.stderr
