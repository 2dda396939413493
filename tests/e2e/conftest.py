"""End-to-end tests in real headless Chromium (Debian's package), against a live server.

One browser for the e2e tests (started with the first of them, stopped after the last), a
fresh context per person in each test. Never `playwright install`.

Playwright's sync API keeps an event loop running in this thread while it is started, and
Django refuses ORM calls from a thread with a running loop. So DJANGO_ALLOW_ASYNC_UNSAFE is
set here, and only while the browser is up: other tests (and the subprocesses some of them
start) never see it.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from engagements.models import Activity, MembershipKind
from tests.factories import ClientFactory, MembershipFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "correct-horse-battery"


def cell(page, activity: str, role: str):
    """A matrix cell's input, found the way a screen reader names it: row, then column."""
    return page.get_by_role("textbox", name=f"{activity} {role}", exact=True)


def open_domain(page, name: str):
    """Open a domain's group of the matrix grid with all its rows: a large matrix renders
    its first rows and loads the others as they scroll into view (without JavaScript, a
    link shows the domain whole)."""
    domain = page.locator("tbody.domain-group", has=page.get_by_text(name, exact=True))
    toggle = domain.locator(".domain-toggle")
    scripted = toggle.is_visible()
    if scripted and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    more = domain.locator("tr.more-rows")
    while more.count():
        if scripted:
            more.first.scroll_into_view_if_needed()
            more.first.wait_for(state="detached")
        else:
            more.locator("a").first.click()
            domain = page.locator("tbody.domain-group", has=page.get_by_text(name, exact=True))
            more = domain.locator("tr.more-rows")
    return domain


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                if os.environ.get("RACI_REQUIRE_CHROMIUM"):
                    raise pytest.UsageError(f"{CHROMIUM} is required (RACI_REQUIRE_CHROMIUM)")
                item.add_marker(
                    pytest.mark.skip(reason="needs Debian's chromium: apt-get install chromium")
                )


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def chromium():
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def catalog(transactional_db):
    """A live-server test runs in a transaction-less database that a previous one may have
    flushed: make sure the activity catalog is there."""
    if not Activity.objects.exists():
        call_command("loaddata", "catalog", verbosity=0)


@pytest.fixture
def people(catalog):
    """Acme's account manager and client IT manager, with real passwords to log in with."""
    acme = ClientFactory(name="Acme Logistics", slug="acme")
    alex = UserFactory(username="alex", first_name="Alex", last_name="Morgan", password=PASSWORD)
    kim = UserFactory(username="kim", first_name="Kim", last_name="Osei", password=PASSWORD)
    MembershipFactory(user=alex, client=acme, kind=MembershipKind.ACCOUNT_MANAGER)
    MembershipFactory(user=kim, client=acme, kind=MembershipKind.CLIENT_IT_MANAGER)
    return {"client": acme, "alex": alex, "kim": kim}


@pytest.fixture
def log_in(chromium, live_server):
    """Open a browser context of its own for a person and log them in through the form."""
    contexts = []

    def open_as(username: str, **context_args):
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, **context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
