"""Deployment guarantees: a clean `check --deploy`, login lockout, expiring sessions."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "raci.example.com",
}


def _manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "CSRF_")) and k not in PRODUCTION_ENV
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_a_real_secret_key_and_debug_off():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_notices_debug_left_on():
    debug_on = {**PRODUCTION_ENV, "DEBUG": "1"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=debug_on)
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr


@pytest.mark.django_db
def test_the_sixth_bad_password_in_a_row_is_refused_even_when_it_is_right():
    user = UserFactory(username="locksmith")
    factory = RequestFactory()

    def attempt(password):
        request = factory.post("/accounts/login/", REMOTE_ADDR="203.0.113.7")
        return authenticate(request=request, username="locksmith", password=password)

    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert attempt("wrong-password") is None
    assert attempt("correct-horse-battery") is None  # locked out
    other_address = factory.post("/accounts/login/", REMOTE_ADDR="198.51.100.9")
    assert (
        authenticate(request=other_address, username="locksmith", password="correct-horse-battery")
        == user
    )


@pytest.mark.django_db
def test_five_bad_passwords_then_the_right_one_still_logs_in():
    user = UserFactory(username="typo")
    factory = RequestFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        request = factory.post("/accounts/login/", REMOTE_ADDR="203.0.113.8")
        assert authenticate(request=request, username="typo", password="nope") is None
    request = factory.post("/accounts/login/", REMOTE_ADDR="203.0.113.8")
    assert authenticate(request=request, username="typo", password="correct-horse-battery") == user


def test_sessions_expire():
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_every_response_carries_a_content_security_policy(client):
    response = client.get("/admin/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert script_src.startswith("script-src 'self'")  # plus a nonce when a page uses one
    assert "unsafe" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
