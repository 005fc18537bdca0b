import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tandem.env import env_bool, env_int, env_list, env_str, env_timezone


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_forms_are_protected_against_cross_site_requests(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "a@b.org", "password": "x"})
    assert response.status_code == 403


def test_env_bool_rejects_a_typo_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='ture' is not a boolean"):
        env_bool("DEBUG", False)


def test_env_readers_parse_good_values(monkeypatch):
    monkeypatch.setenv("A_BOOL", "Yes")
    monkeypatch.setenv("A_NUMBER", "42")
    monkeypatch.setenv("A_LIST", "a.example.org, b.example.org,")
    assert env_bool("A_BOOL", False) is True
    assert env_int("A_NUMBER", 1) == 42
    assert env_list("A_LIST", []) == ["a.example.org", "b.example.org"]
    assert env_str("NOT_SET_ANYWHERE", "fallback") == "fallback"


def test_env_int_and_timezone_reject_bad_values(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT='twenty' is not a whole number"):
        env_int("EMAIL_PORT", 587)
    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="not a known time zone"):
        env_timezone("TIME_ZONE", "UTC")


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_SECURE)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "tandem.settings", "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _start({"TANDEM_PRODUCTION": "true", "TANDEM_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "Environment variable SECRET_KEY is required but not set." in result.stderr


def test_production_turns_on_secure_cookies(tmp_path):
    result = _start(
        {
            "TANDEM_PRODUCTION": "true",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "tandem.example.org",
            "TANDEM_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://tandem@127.0.0.1:5432/tandem",
        }
    )
    assert result.stdout.strip() == "True", result.stderr


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    first = _start({"TANDEM_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    _start({"TANDEM_DATA_DIR": str(tmp_path)})
    assert len(key) > 40
    assert (tmp_path / "secret_key").read_text() == key
