"""API tokens after the second factor, and each user's own list of them (API and page)."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from engagements.models import ApiToken, token_digest
from engagements.services.mfa import recovery_codes_renew
from tests.helpers.tokens import api_token

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
TOKENS_URL = "/api/auth/tokens/"
CREDENTIALS = {"username": "am", "password": "correct-horse-battery"}


def code_now(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def app(account_manager):
    device = TOTPDevice.objects.create(user=account_manager, name="app", confirmed=True)
    recovery_codes_renew(user=account_manager)
    return device


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# -- issuing -----------------------------------------------------------------------------------


def test_a_user_with_an_app_gets_no_token_without_a_code(anon, app):
    response = anon.post(TOKEN_URL, CREDENTIALS)

    assert response.status_code == 400
    assert "code" in response.json()
    assert not ApiToken.objects.exists()


def test_a_wrong_code_gets_no_token(anon, app):
    response = anon.post(TOKEN_URL, {**CREDENTIALS, "code": "000000"})

    assert response.status_code == 400
    assert "code" in response.json()
    assert not ApiToken.objects.exists()


def test_the_current_code_gets_a_named_token_that_works(anon, app, co_managed):
    response = anon.post(TOKEN_URL, {**CREDENTIALS, "code": code_now(app), "name": "backups"})

    assert response.status_code == 200
    body = response.json()
    token = ApiToken.objects.get(digest=token_digest(body["token"]))
    assert (token.name, token.pk, body["name"]) == ("backups", body["id"], "backups")
    assert with_token(body["token"]).get("/api/engagements/").status_code == 200


def test_wrong_codes_lock_the_token_endpoint_in_json(anon, app, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        anon.post(TOKEN_URL, {**CREDENTIALS, "code": "000000"})

    response = anon.post(TOKEN_URL, {**CREDENTIALS, "code": code_now(app)})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


def test_msp_staff_who_must_enrol_get_no_token_before_they_do(anon, account_manager, settings):
    settings.RACI_REQUIRE_MFA = True

    response = anon.post(TOKEN_URL, CREDENTIALS)

    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_client_it_manager_without_an_app_gets_a_token_with_the_password(
    anon, client_it_manager, settings
):
    settings.RACI_REQUIRE_MFA = True

    response = anon.post(TOKEN_URL, {"username": "itm", "password": "correct-horse-battery"})

    assert response.status_code == 200


def test_enrolling_revokes_tokens_issued_before_the_second_factor(client, account_manager):
    key = api_token(account_manager)
    client.force_login(account_manager)
    client.get("/accounts/mfa/enrol/")
    device = TOTPDevice.objects.get(user=account_manager)

    client.post("/accounts/mfa/enrol/", {"code": code_now(device)})

    assert with_token(key).get("/api/engagements/").status_code == 401


# -- listing and revoking your own -------------------------------------------------------------


def test_a_user_lists_only_their_own_tokens_without_keys(account_manager, other_account_manager):
    mine = api_token(account_manager, name="mine")
    api_token(other_account_manager, name="theirs")

    response = with_token(mine).get(TOKENS_URL)

    assert response.status_code == 200
    assert [t["name"] for t in response.json()] == ["mine"]
    assert mine not in response.content.decode()
    assert response.json()[0]["prefix"] == mine[:8]
    assert response.json()[0]["last_used"] is not None


def test_a_user_revokes_one_of_their_tokens(account_manager):
    keep, drop = api_token(account_manager, "keep"), api_token(account_manager, "drop")
    drop_id = ApiToken.objects.get(name="drop").pk

    response = with_token(keep).delete(f"{TOKENS_URL}{drop_id}/")

    assert response.status_code == 204
    assert with_token(drop).get(TOKENS_URL).status_code == 401
    assert with_token(keep).get(TOKENS_URL).status_code == 200


def test_another_users_token_cannot_be_revoked(account_manager, other_account_manager):
    mine = api_token(account_manager)
    theirs = api_token(other_account_manager)
    their_id = ApiToken.objects.get(user=other_account_manager).pk

    response = with_token(mine).delete(f"{TOKENS_URL}{their_id}/")

    assert response.status_code == 404
    assert with_token(theirs).get(TOKENS_URL).status_code == 200


def test_delete_on_the_token_endpoint_revokes_only_the_token_sent(account_manager):
    first, second = api_token(account_manager), api_token(account_manager)

    assert with_token(first).delete(TOKEN_URL).status_code == 204
    assert with_token(first).get(TOKENS_URL).status_code == 401
    assert with_token(second).get(TOKENS_URL).status_code == 200


# -- the account page --------------------------------------------------------------------------


def test_the_account_page_makes_a_token_and_shows_its_key_once(client, account_manager):
    client.force_login(account_manager)

    page = client.post(reverse("account_token_new"), {"name": "monitoring"})

    key = page.context["new_key"]
    assert key in page.content.decode()
    assert ApiToken.objects.get(digest=token_digest(key)).name == "monitoring"
    assert key not in client.get(reverse("account")).content.decode()


def test_the_account_page_lists_and_revokes_only_your_own(
    client, account_manager, other_account_manager
):
    api_token(account_manager, "mine")
    api_token(other_account_manager, "theirs")
    theirs = ApiToken.objects.get(name="theirs")
    client.force_login(account_manager)

    page = client.get(reverse("account")).content.decode()
    refused = client.post(reverse("account_token_revoke", args=[theirs.pk]))
    revoked = client.post(
        reverse("account_token_revoke", args=[ApiToken.objects.get(name="mine").pk])
    )

    assert "mine" in page and "theirs" not in page
    assert refused.status_code == 404
    assert revoked.status_code == 302
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["theirs"]


def test_a_session_that_owes_its_code_cannot_make_a_token(client, account_manager, app):
    client.force_login(account_manager)

    response = client.post(reverse("account_token_new"), {"name": "sneaky"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_anonymous_callers_see_no_tokens(anon, client, account_manager):
    api_token(account_manager)

    assert anon.get(TOKENS_URL).status_code == 401
    assert client.get(reverse("account")).status_code == 302
