"""Authentication: tokens for scripts, sessions for browsers, nothing for anonymous callers
except the schema and its docs."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from engagements.models import ApiToken, token_digest
from tests.factories import UserFactory
from tests.helpers.tokens import api_token

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"


def test_a_user_exchanges_username_and_password_for_a_token(anon, account_manager):
    response = anon.post(
        TOKEN_URL, {"username": "am", "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 200
    key = response.json()["token"]
    assert ApiToken.objects.get(digest=token_digest(key)).user == account_manager


def test_a_form_encoded_request_works_too(anon, account_manager):
    response = anon.generic(
        "POST",
        TOKEN_URL,
        "username=am&password=correct-horse-battery",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200


def test_asking_again_issues_another_token_and_both_work(anon, account_manager, co_managed):
    body = {"username": "am", "password": "correct-horse-battery"}

    first, second = (anon.post(TOKEN_URL, body).json()["token"] for _ in range(2))

    assert first != second
    for key in (first, second):
        assert (
            APIClient().get("/api/engagements/", HTTP_AUTHORIZATION=f"Token {key}").status_code
            == 200
        )


@pytest.mark.parametrize(
    "body",
    [
        {"username": "am", "password": "wrong"},
        {"username": "nobody", "password": "correct-horse-battery"},
        {"username": "am"},
        {},
        {"username": ["am"], "password": "x"},
    ],
)
def test_wrong_credentials_are_400_and_create_no_token(anon, account_manager, body):
    response = anon.post(TOKEN_URL, body)

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_an_inactive_user_gets_no_token(anon):
    UserFactory(username="gone", is_active=False)

    assert (
        anon.post(TOKEN_URL, {"username": "gone", "password": "correct-horse-battery"}).status_code
        == 400
    )


def test_the_token_authenticates_requests(account_manager, co_managed, globex_engagement):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(account_manager)}")

    response = client.get("/api/engagements/")

    assert response.status_code == 200
    assert [e["id"] for e in response.json()["results"]] == [co_managed.pk]


def test_a_wrong_token_is_401(co_managed):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")

    assert client.get("/api/engagements/").status_code == 401


def test_revoking_the_token(account_manager):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(account_manager)}")

    assert client.delete(TOKEN_URL).status_code == 204
    assert not ApiToken.objects.exists()
    assert client.get("/api/engagements/").status_code == 401


def test_a_browser_session_needs_a_csrf_token_to_write(account_manager, co_managed):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(account_manager)

    assert client.get("/api/engagements/").status_code == 200
    response = client.patch(f"/api/engagements/{co_managed.pk}/", {"title": "X"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# -- anonymous callers ------------------------------------------------------------------------


def _operations():
    """Every operation the schema documents, with ids filled in (auth comes before lookup)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in schema["paths"].items():
        for method in methods:
            if method == "parameters":
                continue
            yield method, re.sub(r"\{[^}]+\}", "1", path)


OPERATIONS = sorted(set(_operations()))


@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_anonymous_callers_get_401_everywhere(anon, co_managed, method, path, unchanged):
    with unchanged(co_managed):
        response = getattr(anon, method)(path, {})

    if (method, path) == ("post", TOKEN_URL):
        assert response.status_code == 400  # the one door in: asking for a token
    else:
        assert response.status_code == 401, response.content
        assert response["WWW-Authenticate"] == "Token"


def test_every_documented_operation_is_checked_for_anonymous_access():
    assert len(OPERATIONS) >= 44


def test_the_schema_is_public_openapi_3(anon):
    response = anon.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/engagements/{id}/matrix/" in schema["paths"]
    matrix_patch = schema["paths"]["/api/engagements/{id}/matrix/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "412", "428"} <= set(
        matrix_patch["responses"]
    )
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_docs_are_served_from_installed_files_not_a_cdn(anon):
    response = anon.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(asset.startswith("/") for asset in assets), assets
    assert "swagger-ui-dist" in html
    script = next(a for a in assets if a.endswith("swagger-ui-bundle.js"))
    assert anon.get(script).status_code == 200


def test_too_many_failed_logins_lock_the_token_endpoint_in_json(anon, account_manager, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        anon.post(TOKEN_URL, {"username": "am", "password": "guess"})

    response = anon.post(TOKEN_URL, {"username": "am", "password": "correct-horse-battery"})

    assert response.status_code == 429
    assert "Too many failed logins" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert not ApiToken.objects.exists()
