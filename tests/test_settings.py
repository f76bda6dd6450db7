import os
import secrets
import subprocess
import sys

from django.conf import settings

IMPORT_SETTINGS = "import attportal.settings"


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", IMPORT_SETTINGS],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_development_secret_key():
    result = _import_settings(DJANGO_DEBUG="0", SECRET_KEY="django-insecure-" + "x" * 60)
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = _import_settings(
        DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="portal.example.org"
    )
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_reported_by_name():
    result = _import_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_tests_run_on_the_configured_database_with_persistent_connections():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_production_refuses_a_key_with_too_few_distinct_characters():
    result = _import_settings(DJANGO_DEBUG="0", SECRET_KEY="ab" * 40)
    assert result.returncode != 0 and "too weak" in result.stderr
