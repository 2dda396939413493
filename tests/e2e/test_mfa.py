"""Two-factor sign-in in a real browser: an account manager who must have it signs in, scans
(here: reads) the secret, confirms with the app's code, keeps the recovery codes, and only
then reaches the portfolio."""

import base64

from django_otp.oath import totp

from tests.e2e.conftest import PASSWORD


def app_code(secret: str) -> str:
    """What an authenticator app shows for this secret now."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def test_an_account_manager_enrols_before_reaching_the_portfolio(
    chromium, live_server, people, settings
):
    settings.RACI_REQUIRE_MFA = True
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("alex")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()

        page.wait_for_url("**/accounts/mfa/enrol/**")
        assert page.locator(".qr-code svg").is_visible()
        page.goto(f"{live_server.url}/")  # nothing else opens before enrolment
        page.wait_for_url("**/accounts/mfa/enrol/**")

        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code").fill(app_code(secret))
        page.get_by_role("button", name="Confirm").click()

        assert page.locator("#recovery-codes li").count() == 10
        page.get_by_role("link", name="I have saved them").click()
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_by_role("link", name="Alex Morgan").is_visible()
    finally:
        context.close()
