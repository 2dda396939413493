"""Property-based conformance: schemathesis generates requests from /api/schema/ (valid and
invalid ones) and checks that none gets a 5xx and every response matches the schema: a
documented status, the documented content type, headers and body.

Bounded so the suite stays quick: a few examples per operation, no coverage or stateful
phase. Half of the generated ids are swapped for a real engagement's so the happy paths of
acme's draft are exercised too, not only 404s.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from raci_project.wsgi import application
from tests.helpers.tokens import api_token

CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "generation": {"max-examples": 4, "mode": "all"},
    }
)

# Loaded at import, not from a fixture (see ECOSYSTEM.md: from_fixture fails on pytest 9.2).
# schemathesis calls the app as "localhost".
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_test_transaction():
    """Calls go straight to the WSGI app, not through Django's test client, so do what the
    test client does: keep Django from closing the test's connection (and with it the
    test's transaction) at the end of each request, as it would on PostgreSQL."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(account_manager):
    return api_token(account_manager)


def _aim_at(case, engagement) -> None:
    """Point some generated ids at a real engagement and its first role, row and tool."""
    params = case.path_parameters or {}
    for name in ("id", "engagement_pk"):
        value = params.get(name)
        if isinstance(value, int) and value % 2 == 0:
            params[name] = engagement.pk
    if "engagement_pk" in params and params.get("id") == engagement.pk:
        first = {
            "roles": engagement.roles.first(),
            "rows": engagement.rows.first(),
        }
        for segment, obj in first.items():
            if f"/{segment}/" in case.path and obj is not None:
                params["id"] = obj.pk
    if case.path.startswith("/api/tools/") and params.get("id") == engagement.pk:
        tool = engagement.tools.first()
        if tool is not None:
            params["id"] = tool.pk


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_conforms_to_its_schema(case, token, small_draft, settings, in_test_transaction):
    settings.ALLOWED_HOSTS = ["localhost"]
    _aim_at(case, small_draft)
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@pytest.mark.django_db
def test_the_oscal_export_documents_its_409(am, small_draft):
    response = am.get(f"/api/engagements/{small_draft.pk}/oscal/")
    documented = am.get("/api/schema/", {"format": "json"}).json()["paths"][
        "/api/engagements/{engagement_pk}/oscal/"
    ]["get"]["responses"]

    assert str(response.status_code) in documented
