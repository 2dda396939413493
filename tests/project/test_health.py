"""Load balancers can ask whether the app is up and ready; when the database is out of
reach, the API says 503 in JSON with Retry-After and pages say so plainly, leaking no
connection details; every answer carries a request id and a Permissions-Policy."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db.utils import OperationalError
from django.test import Client

from raci_project import health

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails the way an unreachable server fails."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    monkeypatch.setattr(health, "_migrated", False)


def test_healthz_answers_without_the_database(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_answers_and_is_migrated(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, database_down):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"status": "unavailable", "reason": "database unreachable"}
    assert "10.0.0.5" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        lambda self, targets: [("a migration", False)],
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["reason"] == "migrations pending"


@pytest.mark.django_db
def test_the_api_answers_503_json_with_retry_after_when_the_database_is_down(
    account_manager, database_down
):
    client = Client(raise_request_exception=False)
    response = client.get("/api/engagements/", HTTP_AUTHORIZATION="Token abc")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    body = response.json()
    assert "database does not answer" in body["detail"]
    assert body["request_id"] == response["X-Request-ID"]
    assert "10.0.0.5" not in response.content.decode()


@pytest.mark.django_db
def test_a_page_answers_a_plain_503_page_when_the_database_is_down(database_down):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session"
    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "temporarily unavailable" in html
    assert response["X-Request-ID"] in html
    assert "db.internal" not in html


def test_any_other_error_is_a_500_that_shows_the_request_id(rf):
    request = rf.get("/engagements/1/")
    request.id = "trace-42"
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = health.server_error(request)

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "trace-42" in response.content.decode()
    assert "a bug" not in response.content.decode()


@pytest.mark.django_db
def test_every_response_carries_a_permissions_policy_and_a_request_id(client):
    for path in ("/accounts/login/", "/api/schema/", "/healthz", "/api/nowhere/"):
        response = client.get(path)
        assert "camera=()" in response["Permissions-Policy"], path
        assert "geolocation=()" in response["Permissions-Policy"], path
        assert len(response["X-Request-ID"]) == 32, path


def test_a_proxy_request_id_is_kept_and_a_hostile_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.1")["X-Request-ID"] == "lb-7f3a.1"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert replaced != "<script>\n" and len(replaced) == 32


@pytest.mark.django_db
def test_each_request_is_logged_as_one_json_line(client, account_manager, caplog):
    client.force_login(account_manager)
    with caplog.at_level(logging.INFO, logger="raci.request"):
        response = client.get("/api/engagements/")

    line = json.loads(caplog.records[-1].getMessage())
    assert line["method"] == "GET"
    assert line["path"] == "/api/engagements/"
    assert line["status"] == 200
    assert line["user_id"] == account_manager.pk
    assert line["request_id"] == response["X-Request-ID"]
    assert line["duration_ms"] >= 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_real_server_with_an_unreachable_database_answers_503_not_500(tmp_path):
    """gunicorn, PostgreSQL on a port nobody listens on: the outage as a load balancer sees
    it, with no mocking."""
    port, dead = _free_port(), _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{dead}/raci",
        "SECRET_KEY": "x" * 60,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "raci_project.wsgi", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def get(path):
            # A token and a session cookie, so the app has to ask the database who this is.
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}",
                headers={"Authorization": "Token abc", "Cookie": "sessionid=" + "a" * 32},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as r:
                    return r.status, dict(r.headers), r.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), error.read().decode()

        for _ in range(100):
            try:
                get("/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)

        assert get("/healthz")[0] == 200
        status, headers, body = get("/readyz")
        assert (status, headers["Retry-After"]) == (503, "30")
        status, headers, body = get("/api/engagements/")
        assert status == 503 and headers["Content-Type"] == "application/json"
        assert str(dead) not in body
        status, headers, body = get("/")
        assert status == 503 and "temporarily unavailable" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_health_endpoints_take_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
