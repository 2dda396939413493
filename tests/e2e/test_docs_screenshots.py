"""The documentation's screenshots, taken from the demo pages in headless Chromium so they
follow the pages. Each is checked for what its caption says before it is kept.

`make docs-images` writes them into docs/img/ (RACI_DOCS_IMAGES=1); a plain test run writes
them to artifacts/docs-img/ and leaves the committed ones alone.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engagements.demo import seed_demo
from engagements.models import Engagement

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
DEMO_PASSWORD = "raci-demo-2026"
WIDTH, HEIGHT = 1280, 760


@pytest.fixture
def demo(transactional_db):
    seed_demo()


@pytest.fixture
def images(artifacts) -> Path:
    folder = DOCS_IMG if os.environ.get("RACI_DOCS_IMAGES") else artifacts / "docs-img"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo_user(chromium, live_server):
    contexts = []

    def open_as(username: str):
        context = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_the_docs_screenshots_show_the_demo_matrix(demo, live_server, demo_user, images):
    cobalt = Engagement.objects.get(client__slug="cobalt")

    # Building an engagement: the top of Cobalt's draft as its account manager sees it, the
    # counts and the findings that block sign-off.
    jordan = demo_user("jordan")
    jordan.goto(f"{live_server.url}/engagements/{cobalt.pk}/")
    expect(jordan.locator("#findings-panel")).to_contain_text("Nobody is accountable")
    expect(jordan.get_by_role("button", name="Submit for review")).to_be_visible()
    jordan.screenshot(path=str(images / "findings.png"))

    # The README's and the home page's picture: the grid, its sticky header of sides and
    # roles, and the letters.
    grid = jordan.locator("#matrix")
    expect(grid.get_by_role("grid")).to_be_visible()
    grid.scroll_into_view_if_needed()
    jordan.screenshot(path=str(images / "grid.png"))

    # What a client IT manager sees: the same matrix, read-only.
    lee = demo_user("lee")
    lee.goto(f"{live_server.url}/engagements/{cobalt.pk}/")
    expect(lee.get_by_role("button", name="Submit for review")).to_have_count(0)
    lee.locator("#matrix").scroll_into_view_if_needed()
    lee.screenshot(path=str(images / "matrix-client.png"))

    for name in ("grid.png", "findings.png", "matrix-client.png"):
        assert (images / name).stat().st_size > 10_000, name
