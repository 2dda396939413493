"""Editing the matrix in a real browser: by keyboard, against a change made elsewhere, and
with JavaScript turned off."""

import pytest
from playwright.sync_api import expect

from engagements import services
from engagements.models import Assignment, MatrixRow, ServiceModel, Status
from tests.e2e.conftest import cell, open_domain


@pytest.fixture
def draft(people):
    return services.engagement_create(
        client=people["client"],
        title="Co-managed IT",
        service_model=ServiceModel.CO_MANAGED,
        by=people["alex"],
    )


def letters(engagement, code, role):
    found = Assignment.objects.filter(
        row__engagement=engagement, row__activity__code=code, role__name=role
    ).first()
    return found.letters if found else ""


def open_patching(page, live_server, engagement):
    page.goto(f"{live_server.url}/engagements/{engagement.pk}/")
    open_domain(page, "Patching and updates")


def test_cells_are_edited_by_keyboard_alone(live_server, log_in, draft):
    alex = log_in("alex")
    open_patching(alex, live_server, draft)
    first = cell(alex, "Deploy server patches", "Client IT manager")
    first.focus()
    alex.keyboard.type("ar")
    alex.keyboard.press("Tab")
    alex.keyboard.type("c")
    alex.keyboard.press("Tab")
    expect(alex.locator("#save-state")).to_have_text("Saved")
    # Focus stays where the keyboard put it while the saved cells are redrawn.
    focused = alex.evaluate("document.activeElement.getAttribute('aria-labelledby')")
    assert focused == alex.get_by_role(
        "textbox", name="Deploy server patches Internal systems administrator", exact=True
    ).get_attribute("aria-labelledby")
    expect(cell(alex, "Deploy server patches", "Client IT manager")).to_have_value("A/R")
    assert letters(draft, "patching.servers", "Client IT manager") == "AR"
    assert letters(draft, "patching.servers", "Internal service desk") == "C"

    # Enter on an activity opens its detail under the row, focused, and Close returns.
    link = alex.get_by_role("link", name="Deploy server patches", exact=True)
    link.focus()
    alex.keyboard.press("Enter")
    expect(alex.get_by_role("heading", name="Deploy server patches", level=3)).to_be_focused()
    alex.get_by_role("button", name="Close").click()
    expect(link).to_be_focused()


def test_a_change_made_in_another_tab_is_taken_in_not_overwritten(live_server, log_in, draft):
    first = log_in("alex")
    open_patching(first, live_server, draft)
    second = first.context.new_page()
    open_patching(second, live_server, draft)

    noc = cell(second, "Deploy server patches", "MSP NOC")
    noc.fill("A/R")
    noc.press("Tab")
    expect(second.locator("#save-state")).to_have_text("Saved")

    # Another cell of the same row: saved, and the other tab's change is taken in.
    mine = cell(first, "Deploy server patches", "Client IT manager")
    mine.fill("I")
    mine.press("Tab")
    expect(first.locator("#save-state")).to_contain_text("Saved")
    expect(cell(first, "Deploy server patches", "MSP NOC")).to_have_value("A/R")
    assert letters(draft, "patching.servers", "Client IT manager") == "I"
    assert letters(draft, "patching.servers", "MSP NOC") == "AR"

    # The same cell: a conflict on that cell, with both values; what was typed stays.
    stale = cell(second, "Deploy server patches", "Client IT manager")
    stale.fill("C")
    stale.press("Enter")
    box = second.locator(".cell-conflict-box")
    expect(box).to_contain_text("you, in another tab or window saved I here")
    expect(stale).to_have_value("C")
    assert letters(draft, "patching.servers", "Client IT manager") == "I"
    box.get_by_role("button", name="Keep mine (C)").click()
    expect(second.locator("#save-state")).to_contain_text("Saved")
    assert letters(draft, "patching.servers", "Client IT manager") == "C"


def test_the_editor_works_without_javascript(live_server, log_in, draft):
    alex = log_in("alex", java_script_enabled=False)
    alex.goto(f"{live_server.url}/engagements/{draft.pk}/")
    open_domain(alex, "Patching and updates")
    cell(alex, "Deploy server patches", "MSP NOC").fill("AR")
    cell(alex, "Deploy server patches", "Client IT manager").fill("")
    alex.get_by_role("button", name="Save the letters of Patching and updates").click()
    expect(alex.locator(".messages")).to_contain_text("Saved 2 cells.")
    assert letters(draft, "patching.servers", "MSP NOC") == "AR"

    # Activities open as pages of their own; their form posts normally.
    open_domain(alex, "Patching and updates")
    alex.get_by_role("link", name="Approve patch windows", exact=True).click()
    alex.get_by_label("In scope").uncheck()
    alex.get_by_role("button", name="Save Approve patch windows").click()
    expect(alex.locator(".messages")).to_contain_text("Saved Approve patch windows.")
    row = MatrixRow.objects.get(engagement=draft, activity__code="patching.approve-windows")
    assert row.in_scope is False

    alex.get_by_role("button", name="Submit for review").click()
    expect(alex.locator(".messages")).to_contain_text("Submitted revision 1 for review")
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
