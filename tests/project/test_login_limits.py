"""Sign-in cannot be turned against the people it protects: locks are per user and client
address, the address is read through the trusted proxies only, a lock does not extend
itself, and spraying usernames from one address is throttled there."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.20"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20


def via_proxy(client_address: str, spoofed: str | None = None) -> Client:
    """A browser at client_address, reaching the app through one proxy that appends the
    address it saw to whatever X-Forwarded-For the browser sent."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def log_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302


def test_guessing_from_one_address_does_not_lock_the_user_out_at_their_own(behind_one_proxy):
    UserFactory(username="victim")
    attacker = via_proxy(ATTACKER)
    for _ in range(10):
        log_in(attacker, "victim", "guess")

    assert log_in(attacker, "victim", "correct-horse-battery").status_code == 429
    assert logged_in(log_in(via_proxy(VICTIM), "victim", "correct-horse-battery"))


def test_the_lock_is_keyed_on_the_client_not_on_the_proxy(behind_one_proxy):
    UserFactory(username="victim")
    for _ in range(6):
        log_in(via_proxy(ATTACKER), "victim", "guess")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_forged_forwarded_for_header_does_not_choose_the_address(behind_one_proxy):
    UserFactory(username="victim")
    # The attacker claims to be the victim; the proxy appends the attacker's real address.
    for _ in range(6):
        log_in(via_proxy(ATTACKER, spoofed=VICTIM), "victim", "guess")

    assert logged_in(log_in(via_proxy(VICTIM), "victim", "correct-horse-battery"))


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="victim")
    for spoof in range(6):
        Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{spoof}").post(
            LOGIN, {"username": "victim", "password": "guess"}
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_failing_while_locked_does_not_extend_the_lock(behind_one_proxy, settings):
    UserFactory(username="victim")
    attacker = via_proxy(ATTACKER)
    for _ in range(5):
        log_in(attacker, "victim", "guess")
    locked_at = AccessAttempt.objects.get().attempt_time

    for _ in range(5):
        assert log_in(attacker, "victim", "guess").status_code == 429

    attempt = AccessAttempt.objects.get()
    assert attempt.attempt_time == locked_at
    assert attempt.failures_since_start == 5


def test_the_lock_ends_when_the_cool_off_has_passed(behind_one_proxy, settings):
    UserFactory(username="victim")
    attacker = via_proxy(ATTACKER)
    for _ in range(5):
        log_in(attacker, "victim", "guess")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert logged_in(log_in(attacker, "victim", "correct-horse-battery"))


def test_the_cool_off_is_short():
    from django.conf import settings

    assert timedelta(0) < settings.AXES_COOLOFF_TIME <= timedelta(minutes=30)


def test_spraying_many_usernames_from_one_address_is_throttled_there(behind_one_proxy):
    UserFactory(username="real")
    sprayer = via_proxy(ATTACKER)
    answers = [log_in(sprayer, f"user{n}", "Summer2026!").status_code for n in range(25)]

    assert answers[:20] == [200] * 20  # the login page again, "wrong username or password"
    assert set(answers[20:]) == {429}
    assert log_in(sprayer, "real", "correct-horse-battery").status_code == 429
    # Everyone else still logs in.
    assert logged_in(log_in(via_proxy(VICTIM), "real", "correct-horse-battery"))


def test_there_is_no_self_service_password_reset(client):
    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.post("/accounts/password_reset/", {"email": "a@b.c"}).status_code == 404


def test_a_logged_in_user_can_change_their_password_with_the_current_one(client):
    user = UserFactory(username="changer")
    client.force_login(user)

    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-longer-passphrase-2026")
