"""The client IT manager decides without scrolling past the matrix: in Chromium, the
decision is in the first screen, and the comment box and the findings come before the
matrix."""

from playwright.sync_api import expect

from engagements import services
from engagements.models import ServiceModel


def test_the_decision_is_on_the_first_screen_and_the_matrix_comes_last(live_server, people, log_in):
    engagement = services.engagement_create(
        client=people["client"],
        title="Co-managed IT",
        service_model=ServiceModel.CO_MANAGED,
        by=people["alex"],
    )
    services.engagement_submit(engagement=engagement, by=people["alex"])
    kim = log_in("kim")
    kim.goto(f"{live_server.url}/engagements/{engagement.pk}/review/")

    approve = kim.get_by_role("button", name="Approve and sign off")
    expect(approve).to_be_visible()
    assert approve.bounding_box()["y"] + approve.bounding_box()["height"] < 900
    expect(kim.get_by_text("First revision: nothing was signed before it")).to_be_visible()

    matrix_top = kim.locator("#full-matrix").bounding_box()["y"]
    comment_box = kim.get_by_label("Comment on the whole revision")
    assert comment_box.bounding_box()["y"] < matrix_top
    assert kim.locator("#review-findings").bounding_box()["y"] < matrix_top

    # Only the activities with findings, then fold the matrix away.
    kim.get_by_label("With findings").check()
    kim.get_by_role("button", name="Show", exact=True).click()
    expect(kim.get_by_text("showing activities with findings")).to_be_visible()
    rows = kim.locator("#full-matrix tr.matrix-row")
    assert rows.count() < len(engagement.rows.all())
    kim.locator("#full-matrix > summary").click()
    expect(kim.locator("#full-matrix tr.matrix-row").first).to_be_hidden()
