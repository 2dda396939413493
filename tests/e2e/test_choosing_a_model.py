"""In a real browser: Kim answers the questionnaire for her company, Alex reads the
recommendation and starts a draft from it, then moves a signed-off engagement to co-managed
and opens the diff. Every control on the new pages has a name."""

from playwright.sync_api import expect

from engagements import services
from engagements.models import Engagement, ServiceModel, Status
from tests.e2e.test_accessibility import UNNAMED_CONTROLS
from tests.helpers.signing import SIGNATURE


def test_from_the_questionnaire_to_a_draft_and_a_move_to_co_managed(live_server, people, log_in):
    acme = people["client"]

    kim = log_in("kim")
    kim.get_by_role("link", name="Model assessment for Acme Logistics").click()
    assert kim.evaluate(UNNAMED_CONTROLS) == []
    kim.get_by_label("Mid-size IT team, needs depth").check()
    kim.get_by_label("Increasing turnover of IT staff").check()
    kim.get_by_role("button", name="Save the answers").click()
    expect(kim.get_by_role("heading", name="Recommended: Co-Managed IT")).to_be_visible()
    expect(kim.get_by_role("button", name="Start a draft engagement")).to_have_count(0)

    alex = log_in("alex")
    alex.get_by_role("link", name="Recommended model for Acme Logistics").click()
    assert alex.evaluate(UNNAMED_CONTROLS) == []
    expect(alex.get_by_text("For “Mid-size IT team, needs depth” the article says")).to_be_visible()
    alex.get_by_role("button", name="Start a draft engagement from this recommendation").click()
    expect(alex.get_by_text("as the assessment recommends")).to_be_visible()
    draft = Engagement.objects.get(client=acme)
    assert (draft.service_model, draft.status) == (ServiceModel.CO_MANAGED, Status.DRAFT)

    managed = services.engagement_create(
        client=acme, title="Managed IT", service_model=ServiceModel.FULLY_MANAGED, by=people["alex"]
    )
    services.engagement_submit(engagement=managed, by=people["alex"])
    services.engagement_approve(engagement=managed, by=people["kim"], **SIGNATURE)
    alex.goto(f"{live_server.url}/engagements/{managed.pk}/")
    alex.get_by_role("link", name="Move to co-managed").click()
    assert alex.evaluate(UNNAMED_CONTROLS) == []
    alex.get_by_label("Helpdesk and user support").check()
    alex.get_by_role("button", name="Move to co-managed").click()
    expect(alex.get_by_text("Revision 2 is a new draft on the co-managed model")).to_be_visible()
    alex.get_by_role("link", name="What changed since revision 1").click()
    expect(alex.get_by_text("Client IT manager").first).to_be_visible()
