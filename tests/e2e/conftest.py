"""End-to-end tests in real headless Chromium (Debian's package), against a live server.

One browser per test session (pytest-playwright's session fixtures, pointed at
/usr/bin/chromium); each test opens a fresh context per person. Never `playwright install`.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from engagements.models import Activity, MembershipKind
from tests.factories import ClientFactory, MembershipFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the tests also use the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "correct-horse-battery"


def cell(page, activity: str, role: str):
    """A matrix cell's input, found the way a screen reader names it: row, then column."""
    return page.get_by_role("textbox", name=f"{activity} {role}", exact=True)


def open_domain(page, name: str):
    """Open a domain's section of the matrix (domains with findings start open)."""
    domain = page.locator("details.domain", has=page.locator("summary", has_text=name))
    if not domain.evaluate("d => d.open"):
        domain.locator("summary").click()
    return domain


def pytest_configure(config):
    # pytest-base-url (pulled in by pytest-playwright) declares its session fixture in a way
    # pytest 9 warns about; nothing we can change here.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods"
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="needs Debian's chromium: apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


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
def log_in(live_server, new_context):
    """Open a browser context of its own for a person and log them in through the form."""

    def open_as(username: str, **context_args):
        context = new_context(**context_args)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return open_as


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
