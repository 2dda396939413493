"""Revising a signed-off engagement, and the history of its revisions."""

from html import unescape

import pytest

from engagements import services
from engagements.models import Engagement, Status
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(co_managed, account_manager, client_it_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(
        engagement=co_managed, by=client_it_manager, **SIGNATURE, note="Agreed."
    )
    co_managed.refresh_from_db()
    return co_managed


def test_revise_starts_a_new_draft_and_supersedes_the_signed_one(client, account_manager, signed):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{signed.pk}/revise/", {"revise-note": "Add weekend cover."}
    )
    new = Engagement.objects.get(previous_revision=signed)
    assert response["Location"] == f"/engagements/{new.pk}/"
    assert (new.status, new.revision) == (Status.DRAFT, 2)
    signed.refresh_from_db()
    assert signed.status == Status.SUPERSEDED
    assert new.workflow_events.get().note == "Add weekend cover."


def test_the_signed_off_page_offers_revise_to_its_account_manager_only(
    client, account_manager, client_it_manager, signed
):
    client.force_login(account_manager)
    assert "Revise: start revision 2" in client.get(f"/engagements/{signed.pk}/").content.decode()
    client.force_login(client_it_manager)
    html = client.get(f"/engagements/{signed.pk}/").content.decode()
    assert "Revise: start revision 2" not in html
    assert "Signed off</strong> by Kim Osei" in html


def test_a_client_it_manager_cannot_revise(client, client_it_manager, signed):
    client.force_login(client_it_manager)
    assert client.post(f"/engagements/{signed.pk}/revise/", {}).status_code == 403
    assert not Engagement.objects.filter(previous_revision=signed).exists()


def test_revising_a_draft_is_refused_with_the_reason(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.post(f"/engagements/{co_managed.pk}/revise/", {}, follow=True)
    assert "Cannot start a new revision: revision 1 is draft." in unescape(
        response.content.decode()
    )
    assert Engagement.objects.count() == 1


def test_the_history_lists_every_revision_with_its_workflow(
    client, account_manager, client_it_manager, signed
):
    new = services.engagement_revise(engagement=signed, by=account_manager, note="2027 renewal")
    client.force_login(client_it_manager)
    response = client.get(f"/engagements/{new.pk}/history/")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert [r.revision for r, _ in response.context["revisions"]] == [2, 1]
    assert "Submitted for review" in html and "Approved and signed off" in html
    assert "“Agreed.”" in html and "“2027 renewal”" in html
    assert f'href="/engagements/{signed.pk}/"' in html


def test_a_superseded_revision_links_to_the_current_one(client, account_manager, signed):
    new = services.engagement_revise(engagement=signed, by=account_manager)
    client.force_login(account_manager)
    html = client.get(f"/engagements/{signed.pk}/").content.decode()
    assert f'<a href="/engagements/{new.pk}/">Go to revision 2</a>' in html


def test_another_client_cannot_see_the_history(client, other_account_manager, signed):
    client.force_login(other_account_manager)
    assert client.get(f"/engagements/{signed.pk}/history/").status_code == 404
    assert client.post(f"/engagements/{signed.pk}/revise/", {}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_the_history(client, signed):
    response = client.get(f"/engagements/{signed.pk}/history/")
    assert response["Location"].startswith("/accounts/login/")


# -- the diff between two revisions -------------------------------------------------------------


@pytest.fixture
def revised(signed, account_manager):
    """Revision 2 with a changed cell, a changed window, a new tool and longer hours."""
    from engagements.models import Window
    from tests.helpers.matrix import role_of, row_of

    new = services.engagement_revise(engagement=signed, by=account_manager)
    row = row_of(new, "patching.servers")
    services.assignment_set(
        engagement=new, row=row, role=role_of(new, "MSP NOC"), letters="AR", by=account_manager
    )
    services.assignment_set(
        engagement=new,
        row=row,
        role=role_of(new, "Client IT manager"),
        letters="I",
        by=account_manager,
    )
    services.coverage_set(
        engagement=new,
        row=row,
        window=Window.WEEKENDS_HOLIDAYS,
        role=role_of(new, "MSP NOC"),
        by=account_manager,
    )
    services.tool_add(engagement=new, name="Patch orchestrator", by=account_manager)
    services.engagement_update(engagement=new, by=account_manager, business_days="123456")
    return new


def test_the_diff_shows_cells_coverage_tools_and_terms_that_changed(
    client, client_it_manager, signed, revised
):
    client.force_login(client_it_manager)
    response = client.get(f"/engagements/{revised.pk}/diff/", {"old": 1, "new": 2})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    (domain,) = response.context["view"].domains
    (patching,) = [line for line in domain.lines if hasattr(line, "cells")]
    assert patching.name == "Deploy server patches"
    moved = [
        (c.cell.role, c.cell.before_display, c.cell.after_display, c.kind)
        for c in patching.cells
        if c.kind != "same"
    ]
    assert moved == [
        ("Client IT manager", "A", "I", "changed"),
        ("MSP NOC", "R", "A/R", "changed"),
    ]
    assert patching.notes == ["Weekends and holidays: nobody → MSP NOC"]
    assert "Patch orchestrator" in html
    assert "Mon, Tue, Wed, Thu, Fri, Sat" in html
    assert "Changed: 2 cells, 1 coverage window, 1 tool, 1 term of the engagement." in html


def test_the_diff_works_in_both_directions_and_from_any_revision_page(
    client, account_manager, signed, revised
):
    client.force_login(account_manager)
    response = client.get(f"/engagements/{signed.pk}/diff/", {"old": 2, "new": 1})
    (row,) = response.context["view"].diff.grid
    assert [(c.before, c.after) for c in row.cells if c.kind != "same"] == [("I", "A"), ("AR", "R")]


def test_comparing_a_revision_with_itself_is_refused(client, account_manager, revised):
    client.force_login(account_manager)
    response = client.get(f"/engagements/{revised.pk}/diff/", {"old": 2, "new": 2})
    assert response.status_code == 400
    assert "Choose two different revisions." in response.content.decode()


def test_an_unknown_revision_number_is_refused(client, account_manager, revised):
    client.force_login(account_manager)
    response = client.get(f"/engagements/{revised.pk}/diff/", {"old": 1, "new": 7})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_history_offers_the_comparison(client, account_manager, revised):
    client.force_login(account_manager)
    html = unescape(client.get(f"/engagements/{revised.pk}/history/").content.decode())
    assert f'href="/engagements/{revised.pk}/diff/?old=1&new=2"' in html
    assert "Show what changed" in html


def test_another_client_cannot_see_a_diff(client, other_client_it_manager, revised):
    client.force_login(other_client_it_manager)
    response = client.get(f"/engagements/{revised.pk}/diff/", {"old": 1, "new": 2})
    assert response.status_code == 404


def test_each_kind_of_change_has_a_text_marker_not_only_a_colour(
    client, client_it_manager, signed, revised
):
    client.force_login(client_it_manager)
    html = unescape(
        client.get(f"/engagements/{revised.pk}/diff/", {"old": 1, "new": 2}).content.decode()
    )
    # The legend names every marker, and a changed cell reads "Changed from A to I" to a
    # screen reader and "~ A → I" to the eye.
    assert "+</span> Added" in html and "−</span> Removed" in html and "~</span> Changed" in html
    assert 'class="cell diff-cell diff-changed has-i"' in html
    assert 'Changed from </span><del class="letters">A</del>' in html
    assert "unchanged activities" in html


def test_compliance_controls_show_on_the_diff_page(client, account_manager, signed, revised, hipaa):
    from tests.helpers.compliance import select

    select(revised, hipaa, "164.312(b)", by=account_manager)
    client.force_login(account_manager)
    response = client.get(f"/engagements/{revised.pk}/diff/", {"old": 1, "new": 2})
    html = unescape(response.content.decode())
    assert "Compliance controls" in html
    assert "164.312(b) Audit controls" in html
    assert "1 compliance control." in html
