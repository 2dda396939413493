"""Bringing your own spreadsheet in a real browser: the upload, the mapping step, the
preview and the draft it makes, and each page's width on a phone."""

import time

import pytest
from playwright.sync_api import expect

from engagements.models import Assignment, Engagement, SheetMapping
from tests.helpers.sheets import BANDED, xlsx

WIDTHS = (390, 1024, 1440)


@pytest.fixture
def sheet_file(tmp_path):
    path = tmp_path / "acme-raci.xlsx"
    path.write_bytes(xlsx(("Cover", [["Prepared for Acme"]]), ("Who does what", BANDED)))
    return path


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_sheet_is_uploaded_mapped_previewed_and_becomes_a_draft(
    live_server, log_in, people, sheet_file, settings
):
    settings.RACI_MSP_NAME = "Bluewave"
    started = time.perf_counter()
    alex = log_in("alex")
    alex.goto(f"{live_server.url}/engagements/new/")
    alex.get_by_role("link", name="Start from your own spreadsheet").click()
    alex.get_by_label("Your RACI sheet (.xlsx or .csv)").set_input_files(str(sheet_file))
    alex.get_by_label("Client", exact=True).select_option(label="Acme Logistics")
    alex.get_by_label("Title").fill("Acme from their own sheet")
    alex.get_by_role("button", name="Read the sheet").click()

    # The mapping: the sheet and header were found, sides guessed, rows matched with scores.
    expect(alex.get_by_role("heading", name="How acme-raci.xlsx maps")).to_be_visible()
    expect(alex.get_by_label("Sheet")).to_have_value("Who does what")
    expect(alex.get_by_label("Row of titles")).to_have_value("4")
    expect(alex.get_by_label("Side of column E")).to_have_value("msp")
    expect(alex.get_by_label("Server patching")).to_have_value("patching.servers")
    # Rename a role, and turn a row into a skipped one.
    alex.get_by_label("Role for column C").fill("Acme helpdesk")
    alex.get_by_label("Keep the coffee machine running").select_option("skip")
    alex.get_by_role("button", name="Preview the matrix").click()

    # The preview: the matrix in the grid's layout, its findings, and nothing written yet.
    expect(alex.get_by_role("heading", name="The matrix", exact=True)).to_be_visible()
    expect(alex.get_by_role("columnheader", name="Acme helpdesk").first).to_be_visible()
    expect(alex.get_by_role("heading", name="Findings in this matrix")).to_be_visible()
    assert not Engagement.objects.filter(title="Acme from their own sheet").exists()
    alex.get_by_role("button", name="Create the draft").click()

    alex.wait_for_url(f"{live_server.url}/engagements/*/")
    engagement = Engagement.objects.get(title="Acme from their own sheet")
    assert engagement.roles.filter(name="Acme helpdesk").exists()
    assert not engagement.rows.filter(activity__name__icontains="coffee").exists()
    assert (
        Assignment.objects.get(
            row__engagement=engagement,
            row__activity__code="backup-dr.monitor-jobs",
            role__name="Bluewave NOC",
        ).letters
        == "AR"
    )
    assert SheetMapping.objects.filter(client=people["client"]).count() == 1
    print(f"upload to draft in the browser: {time.perf_counter() - started:.1f} s")


def test_the_on_ramp_pages_fit_a_phone(live_server, log_in, people, sheet_file, artifacts):
    alex = log_in("alex")
    alex.goto(f"{live_server.url}/engagements/new/from-sheet/")
    alex.get_by_label("Your RACI sheet (.xlsx or .csv)").set_input_files(str(sheet_file))
    alex.get_by_label("Client", exact=True).select_option(label="Acme Logistics")
    alex.get_by_role("button", name="Read the sheet").click()
    mapping_url = alex.url
    preview_url = mapping_url.replace("/mapping/", "/preview/")
    pages = {
        "upload": f"{live_server.url}/engagements/new/from-sheet/",
        "mapping": mapping_url,
        "preview": preview_url,
    }
    for width in WIDTHS:
        alex.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            alex.goto(url)
            alex.screenshot(path=str(artifacts / f"own-sheet-{name}-{width}.png"), full_page=True)
            if width == 390:
                assert no_sideways_scroll(alex), f"{name} scrolls sideways at 390 px"
