"""The product's story in a real browser: an account manager builds a matrix, sees a gap
appear and clear, submits it; the client's IT manager comments and approves; the account
manager revises it, sees what changed, and downloads the workbook."""

import re

from playwright.sync_api import expect

from engagements.models import Assignment, Engagement, Status
from tests.e2e.conftest import cell, open_domain


def test_from_a_new_draft_to_a_signed_revision_and_its_diff(live_server, people, log_in, artifacts):
    alex = log_in("alex")

    # The portfolio offers a new engagement for the client.
    expect(alex.get_by_role("heading", name="Acme Logistics")).to_be_visible()
    alex.get_by_role("link", name="New engagement for Acme Logistics").click()
    alex.get_by_label("Title").fill("Co-managed IT")
    alex.get_by_role("group", name="Service model").get_by_label("Co-managed IT").check()
    alex.get_by_role("button", name="Create the draft").click()
    expect(alex.get_by_role("heading", name=re.compile("Co-managed IT"))).to_be_visible()
    engagement = Engagement.objects.get(client=people["client"])
    assert alex.url == f"{live_server.url}/engagements/{engagement.pk}/"

    # A gap appears when the only Accountable is cleared, and clears when it is put back.
    expect(alex.locator("#status")).to_contain_text("0 errors")
    open_domain(alex, "Patching and updates")
    accountable = cell(alex, "Deploy server patches", "Client IT manager")
    expect(accountable).to_have_value("A")
    accountable.fill("")
    accountable.press("Tab")
    expect(alex.locator("#status")).to_contain_text("1 error")
    row = alex.locator("tr.matrix-row", has=alex.get_by_role("link", name="Deploy server patches"))
    expect(row.locator(".row-findings")).to_contain_text(
        'Nobody is accountable for "Deploy server patches"'
    )
    expect(alex.locator("#findings-panel")).to_contain_text("Nobody is accountable")
    # An emptied cell is said as cleared; the grid may already have moved on to "Saved".
    expect(alex.locator("#save-state")).to_have_text(re.compile(r"^(Cleared|Saved)"))
    row.scroll_into_view_if_needed()
    alex.screenshot(path=str(artifacts / "matrix-editor.png"))

    accountable = cell(alex, "Deploy server patches", "Client IT manager")
    accountable.fill("a")
    accountable.press("Enter")
    expect(alex.locator("#status")).to_contain_text("0 errors")
    expect(row.locator(".row-findings")).to_be_empty()
    expect(cell(alex, "Deploy server patches", "Client IT manager")).to_have_value("A")

    # Letters typed in any order are stored the one canonical way.
    doer = cell(alex, "Deploy server patches", "MSP NOC")
    doer.fill("i r")
    doer.press("Tab")
    expect(cell(alex, "Deploy server patches", "MSP NOC")).to_have_value("R/I")

    alex.get_by_role("button", name="Submit for review").click()
    expect(alex.locator(".engagement-meta .status")).to_have_text("In review")

    # The client's IT manager comments on an activity and approves.
    kim = log_in("kim")
    kim.get_by_role("link", name="Review").click()
    expect(kim.get_by_role("heading", name="Your decision")).to_be_visible()
    kim.get_by_role("link", name="Deploy server patches", exact=True).click()
    kim.get_by_label("Comment on Deploy server patches").fill("Sunday night windows only, please.")
    kim.get_by_role("button", name="Add comment on Deploy server patches").click()
    row_thread = kim.locator("tr.row-detail .thread")
    expect(row_thread).to_contain_text("Sunday night windows only, please.")
    kim.get_by_label("Your full name").fill("Kim Osei")
    kim.get_by_label("Your job title").fill("IT Manager")
    kim.get_by_label("I am authorised to sign").check()
    kim.get_by_role("button", name="Approve and sign off").click()
    expect(kim.locator(".engagement-meta .status")).to_have_text("Signed off")
    engagement.refresh_from_db()
    assert (engagement.status, engagement.signed_off_by) == (Status.SIGNED_OFF, people["kim"])

    # The account manager sees the comment, revises, changes a cell and reads the diff.
    alex.reload()
    expect(alex.locator(".engagement-meta .status")).to_have_text("Signed off")
    alex.get_by_role("link", name="Review and discussion").click()
    expect(alex.locator("#discussion")).to_contain_text("Sunday night windows only, please.")
    alex.get_by_role("link", name="Matrix", exact=True).click()
    alex.get_by_role("button", name="Revise: start revision 2").click()
    expect(alex.get_by_text("revision 2", exact=True)).to_be_visible()
    open_domain(alex, "Patching and updates")
    sysadmin = cell(alex, "Deploy server patches", "Internal systems administrator")
    sysadmin.fill("R")
    sysadmin.press("Tab")
    expect(alex.locator("#save-state")).to_have_text("Saved")
    alex.get_by_role("link", name="What changed since revision 1").click()
    changes = alex.locator("tr.diff-row", has_text="Deploy server patches")
    moved = changes.locator("td.diff-changed")
    expect(moved).to_have_count(1)
    expect(moved.locator("del")).to_have_text("C")
    expect(moved.locator("ins")).to_have_text("R")
    expect(moved.locator(".diff-mark")).to_have_text("~")
    revised = Engagement.objects.get(previous_revision=engagement)
    assert (
        Assignment.objects.get(
            row__engagement=revised,
            row__activity__code="patching.servers",
            role__name="Internal systems administrator",
        ).letters
        == "R"
    )

    # The workbook of the new revision downloads from the page.
    with alex.expect_download() as download_info:
        alex.get_by_role("link", name="Download the Excel workbook").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-r2.xlsx")
    saved = artifacts / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"  # an xlsx is a zip archive
