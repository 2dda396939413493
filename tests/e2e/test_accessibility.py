"""Every control on every page has a name a screen reader can say, and letters are text."""

from playwright.sync_api import expect

from engagements import services
from engagements.models import ServiceModel
from tests.e2e.conftest import open_domain

UNNAMED_CONTROLS = """() => {
  const named = (el) => {
    if (el.getAttribute("aria-label")) return true;
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    if (ids.length && ids.every((id) => (document.getElementById(id) || {}).textContent))
      return true;
    if (el.labels && Array.from(el.labels).some((l) => l.textContent.trim())) return true;
    if (el.tagName === "BUTTON" && el.textContent.trim()) return true;
    return false;
  };
  return Array.from(document.querySelectorAll(
    "input:not([type=hidden]), select, textarea, button"
  )).filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120));
}"""


def test_every_control_has_a_name_on_every_page(live_server, people, log_in):
    engagement = services.engagement_create(
        client=people["client"],
        title="Co-managed IT",
        service_model=ServiceModel.CO_MANAGED,
        by=people["alex"],
    )
    alex = log_in("alex")
    base = f"{live_server.url}/engagements/{engagement.pk}"
    # Controls inside closed domains are in the page too, and are checked with the rest.
    for path in ("/", "/engagements/new/", f"{base}/", f"{base}/review/", f"{base}/history/"):
        alex.goto(path if path.startswith("http") else live_server.url + path)
        assert alex.evaluate(UNNAMED_CONTROLS) == [], path

    # The activity detail loaded under a row (scope, split note, coverage, comments).
    alex.goto(f"{base}/")
    open_domain(alex, "Patching and updates")
    alex.get_by_role("link", name="Deploy server patches", exact=True).click()
    expect(alex.get_by_label("How the work is split")).to_be_visible()
    assert alex.evaluate(UNNAMED_CONTROLS) == []
    expect(alex.get_by_role("combobox", name="After hours")).to_be_visible()

    # The client's read-only matrix shows letters as text, not only as colour.
    services.engagement_submit(engagement=engagement, by=people["alex"])
    kim = log_in("kim")
    kim.goto(f"{base}/review/")
    assert kim.evaluate(UNNAMED_CONTROLS) == []
    row = kim.locator("tr.matrix-row", has=kim.get_by_role("link", name="Deploy server patches"))
    expect(row.locator("td.has-a .letters")).to_have_text("A")
