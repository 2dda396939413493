"""Editing compliance controls in place in a real browser: the line turns into a form, saves
through htmx, and a second control saves after the first (the page keeps its version)."""

import pytest
from playwright.sync_api import expect

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import Control, Origination, ServiceModel
from tests.e2e.test_accessibility import UNNAMED_CONTROLS


@pytest.fixture
def with_controls(people):
    engagement = services.engagement_create(
        client=people["client"],
        title="Co-managed IT",
        service_model=ServiceModel.CO_MANAGED,
        by=people["alex"],
    )
    hipaa = services.catalog_load(catalog=parse_catalog(BUNDLED["hipaa"])).framework
    chosen = services.controls_select(
        engagement=engagement,
        by=people["alex"],
        framework=hipaa,
        controls=list(
            Control.objects.filter(framework=hipaa, control_id__in=["164.312(b)", "164.312(d)"])
        ),
    )
    return engagement, {resp.control.control_id: resp for resp in chosen}


def test_controls_are_edited_in_place_one_after_another(live_server, log_in, with_controls):
    engagement, chosen = with_controls
    alex = log_in("alex")
    alex.goto(f"{live_server.url}/engagements/{engagement.pk}/compliance/")
    expect(alex.locator("#compliance-counts")).to_contain_text("2 errors")

    first = alex.locator(f"#control-{chosen['164.312(b)'].pk}")
    assert alex.evaluate(UNNAMED_CONTROLS) == []
    first.get_by_role("link", name="Edit 164.312(b)").click()
    expect(first.get_by_label("Origination")).to_be_visible()
    assert alex.evaluate(UNNAMED_CONTROLS) == []  # the form opened in place too
    first.get_by_label("Origination").select_option(label="Inherited from a vendor")
    first.get_by_role("button", name="Save 164.312(b)").click()
    expect(first).to_contain_text("Name the vendor the control is inherited from.")
    expect(alex.locator("#save-state")).to_have_text("Not saved: see the message in place")
    first.get_by_label("Inherited from").fill("Microsoft Azure")
    first.get_by_role("button", name="Save 164.312(b)").click()
    expect(first).to_contain_text("Inherited from Microsoft Azure")
    expect(alex.locator("#save-state")).to_have_text("Saved")
    expect(alex.locator("#compliance-counts")).to_contain_text("1 error")

    second = alex.locator(f"#control-{chosen['164.312(d)'].pk}")
    second.get_by_role("link", name="Edit 164.312(d)").click()
    second.get_by_label("Origination").select_option(label="Not applicable")
    second.get_by_role("button", name="Save 164.312(d)").click()
    expect(second).to_contain_text("Not applicable")
    expect(alex.locator("#compliance-counts")).to_contain_text("0 errors")

    for resp in chosen.values():
        resp.refresh_from_db()
    assert chosen["164.312(b)"].origination == Origination.INHERITED
    assert chosen["164.312(b)"].vendor_name == "Microsoft Azure"
    assert chosen["164.312(d)"].origination == Origination.NOT_APPLICABLE
