"""Two-factor sign-in: enrolment with a real TOTP code, the code after the password,
recovery codes, throttling, and who must have it under RACI_REQUIRE_MFA."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagements.demo import demo_summary
from engagements.models import MembershipKind
from engagements.services.mfa import recovery_codes_renew
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ENROL = "/accounts/mfa/enrol/"
VERIFY = "/accounts/mfa/verify/"


def current_code(device: TOTPDevice) -> str:
    """What the user's authenticator app shows now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device, recovery_codes_renew(user=user)


@pytest.fixture
def service_desk(acme):
    user = UserFactory(username="desk")
    MembershipFactory(user=user, client=acme, kind=MembershipKind.SERVICE_DESK)
    return user


# -- enrolment ---------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret(client, account_manager):
    client.force_login(account_manager)

    page = client.get(ENROL)

    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=account_manager, confirmed=False)
    assert "<svg" in html
    secret = page.context["secret"].replace(" ", "")
    assert device.config_url.split("secret=")[1].startswith(secret)


def test_enrolment_with_a_current_code_turns_it_on_and_shows_ten_recovery_codes(
    client, account_manager
):
    client.force_login(account_manager)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=account_manager)

    page = client.post(ENROL, {"code": current_code(device)})

    assert page.status_code == 200
    assert len(page.context["codes"]) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=account_manager).count() == 10
    # This session gave its code while enrolling: it goes on without another.
    assert client.get("/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_app(client, account_manager):
    client.force_login(account_manager)
    client.get(ENROL)

    page = client.post(ENROL, {"code": "000000"})

    assert page.status_code == 422
    assert "not the current one" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=account_manager, confirmed=True).exists()


def test_reloading_enrolment_keeps_the_same_secret(client, account_manager):
    client.force_login(account_manager)

    first, second = (client.get(ENROL).context["secret"] for _ in range(2))

    assert first == second


def test_a_session_that_owes_its_code_cannot_enrol_another_app(client, account_manager):
    device, _ = enrolled(account_manager)
    client.force_login(account_manager)  # the password only

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=account_manager)) == [device]


# -- the code after the password ---------------------------------------------------------------


def test_after_the_password_an_enrolled_user_reaches_nothing_before_the_code(
    client, account_manager, co_managed
):
    device, _ = enrolled(account_manager)
    client.force_login(account_manager)

    page = client.get(f"/engagements/{co_managed.pk}/")
    api = client.get("/api/engagements/")

    assert page.status_code == 302
    assert page["Location"] == f"{VERIFY}?next=%2Fengagements%2F{co_managed.pk}%2F"
    assert api.status_code == 403
    assert "second factor" in api.json()["detail"]

    response = client.post(
        VERIFY, {"code": current_code(device), "next": f"/engagements/{co_managed.pk}/"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{co_managed.pk}/"
    assert client.get(f"/engagements/{co_managed.pk}/").status_code == 200
    assert client.get("/api/engagements/").status_code == 200


def test_signing_in_with_the_form_leads_to_the_code_page(client, account_manager):
    enrolled(account_manager)

    response = client.post(
        reverse("login"),
        {"username": "am", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.1",
        follow=True,
    )

    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert response.templates[0].name == "engagements/mfa_verify.html"


def test_a_wrong_code_is_refused(client, account_manager):
    enrolled(account_manager)
    client.force_login(account_manager)

    response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 422
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client, account_manager):
    _, codes = enrolled(account_manager)
    client.force_login(account_manager)

    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200

    client.logout()
    client.force_login(account_manager)
    again = client.post(VERIFY, {"code": codes[0]})

    assert again.status_code == 422
    assert StaticToken.objects.filter(device__user=account_manager).count() == 9


def test_new_recovery_codes_cancel_the_old_ones(client, account_manager):
    device, old = enrolled(account_manager)
    client.force_login(account_manager)
    client.post(VERIFY, {"code": current_code(device)})

    page = client.post(reverse("mfa_recovery_new"))

    new = page.context["codes"]
    assert len(new) == 10
    assert not set(old) & set(new)
    client.logout()
    client.force_login(account_manager)
    assert client.post(VERIFY, {"code": old[1]}).status_code == 422
    assert client.post(VERIFY, {"code": new[1]}).status_code == 302


def test_wrong_codes_are_throttled_like_sign_in_and_the_lock_does_not_extend(
    client, account_manager, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    device, codes = enrolled(account_manager)
    client.force_login(account_manager)
    for _ in range(3):
        client.post(VERIFY, {"code": "999999"})

    refused = client.post(VERIFY, {"code": current_code(device)})
    recovery_refused = client.post(VERIFY, {"code": codes[0]})

    assert refused.status_code == 429
    assert recovery_refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 3  # tries during the lock are not counted
    assert client.get("/").status_code == 302


def test_the_lock_on_codes_ends_after_the_cool_off(client, account_manager, settings):
    settings.AXES_FAILURE_LIMIT = 3
    device, _ = enrolled(account_manager)
    client.force_login(account_manager)
    for _ in range(3):
        client.post(VERIFY, {"code": "999999"})
    # LOGIN_COOLOFF_MINUTES later:
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=account_manager).update(throttling_failure_timestamp=past)

    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302


# -- who must have it --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["account_manager", "service_desk", "admin_user"])
def test_msp_staff_and_admins_without_an_app_are_sent_to_enrolment(request, client, settings, who):
    settings.RACI_REQUIRE_MFA = True
    user = request.getfixturevalue(who)
    client.force_login(user)

    page = client.get("/")
    api = client.get("/api/engagements/")
    admin = client.get("/admin/")

    assert page.status_code == 302
    assert page["Location"].startswith(ENROL)
    assert api.status_code == 403
    assert admin.status_code == 302
    assert client.get(ENROL).status_code == 200


def test_a_client_it_manager_is_not_forced_but_may_enrol(client, settings, client_it_manager):
    settings.RACI_REQUIRE_MFA = True
    client.force_login(client_it_manager)

    assert client.get("/").status_code == 200
    assert client.get(ENROL).status_code == 200


def test_a_client_it_manager_who_enrolled_is_asked_for_the_code(
    client, settings, client_it_manager
):
    settings.RACI_REQUIRE_MFA = False
    enrolled(client_it_manager)
    client.force_login(client_it_manager)

    assert client.get("/").status_code == 302


def test_with_the_requirement_off_nobody_is_forced(client, settings, account_manager):
    settings.RACI_REQUIRE_MFA = False
    client.force_login(account_manager)

    assert client.get("/").status_code == 200


def test_enrolled_msp_staff_go_on_after_the_code(client, settings, account_manager):
    settings.RACI_REQUIRE_MFA = True
    device, _ = enrolled(account_manager)
    client.force_login(account_manager)

    assert client.get("/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get("/").status_code == 200


def test_the_demo_says_mfa_is_off(client, settings):
    settings.DEBUG = True
    settings.RACI_REQUIRE_MFA = False

    assert "Two-factor sign-in is off" in demo_summary()
    assert "two-factor sign-in is not required" in client.get(reverse("login")).content.decode()


def test_an_admin_resets_a_lost_phone_with_the_command(account_manager):
    from io import StringIO

    from django.core.management import call_command

    enrolled(account_manager)
    out = StringIO()

    call_command("mfa_reset", "am", stdout=out)

    assert "reset for am" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=account_manager).exists()
    assert not StaticToken.objects.filter(device__user=account_manager).exists()


def test_the_command_names_an_unknown_user(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("mfa_reset", "ghost")
