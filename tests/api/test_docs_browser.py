"""/api/docs/ in a real (headless) browser: Swagger UI loads from our own static files under
the Content-Security-Policy, asks nothing of the internet, and lists the API's operations.

The browser talks to Django through Playwright's request routing (each request is answered
by Django's test client), so no live server thread and no database are needed; a request for
any other host is recorded and refused, as a firewall would."""

import os
from urllib.parse import urlparse

import pytest
from django.test import Client

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs /usr/bin/chromium"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


HOST = "raci.test"


def _answer_with_django(client, outside):
    def handle(route, request):
        url = urlparse(request.url)
        if url.netloc != HOST:
            outside.append(request.url)
            return route.abort()
        path = url.path + (f"?{url.query}" if url.query else "")
        response = client.generic(request.method, path, HTTP_HOST=HOST)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)

    return handle


def test_the_docs_render_offline_under_the_csp(page, settings):
    settings.ALLOWED_HOSTS = [HOST]
    outside, problems = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.route("**/*", _answer_with_django(Client(), outside))

    page.goto(f"http://{HOST}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)

    assert page.locator(".opblock").count() >= 40
    assert page.get_by_text("/api/engagements/{id}/matrix/").first.is_visible()
    assert outside == []
    # (Chromium notes that it ignores Cross-Origin-Opener-Policy on a plain-http host; fine.)
    assert [p for p in problems if "Cross-Origin-Opener-Policy" not in p] == []
