"""The pages: the questionnaire, the recommendation with its reasons, starting a draft from
it, and moving an engagement to the other model."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagements import services
from engagements.models import (
    Assessment,
    Assignment,
    Engagement,
    ITTeam,
    MatrixRow,
    Role,
    ServiceModel,
    Status,
)
from engagements.reference.templates import IT_MANAGER, SPONSOR

pytestmark = pytest.mark.django_db

ALL_NO = {
    "wants_full_control": False,
    "wants_hands_off_cost": False,
    "needs_security_skills": False,
    "recurring_backlogs": False,
    "preventable_incidents": False,
    "always_reactive": False,
    "staff_turnover": False,
    "stalled_projects": False,
}


def html_of(response) -> str:
    return unescape(response.content.decode())


def answers_of(client) -> dict:
    return {
        name: getattr(Assessment.objects.get(client=client), name) for name in ("it_team", *ALL_NO)
    }


def letters_by_code(engagement) -> dict:
    return {
        (a.row.activity.code, a.role.name): a.letters
        for a in Assignment.objects.filter(row__engagement=engagement).select_related(
            "row__activity", "role"
        )
    }


# -- the questionnaire -----------------------------------------------------------------------


def test_the_account_manager_answers_the_questionnaire(client, acme, account_manager):
    client.force_login(account_manager)
    response = client.post(
        f"/clients/{acme.pk}/assessment/",
        {
            "it_team": ITTeam.SMALL_OVERWHELMED,
            "needs_security_skills": "on",
            "staff_turnover": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{acme.pk}/recommendation/"
    assert answers_of(acme) == {
        **ALL_NO,
        "it_team": ITTeam.SMALL_OVERWHELMED,
        "needs_security_skills": True,
        "staff_turnover": True,
    }
    assert Assessment.history.get().door == "page"


def test_the_questionnaire_shows_the_saved_answers(client, acme, account_manager):
    services.assessment_save(
        client=acme, by=account_manager, it_team=ITTeam.LARGE_NEEDS_24X7, always_reactive=True
    )
    client.force_login(account_manager)
    response = client.get(f"/clients/{acme.pk}/assessment/")
    html = html_of(response)
    assert response.status_code == 200
    assert "Do you have an existing IT team?" in html
    assert 'value="large_needs_24x7" required id="id_it_team_3" checked' in html
    assert 'name="always_reactive" id="id_always_reactive" checked' in html
    assert 'name="staff_turnover" id="id_staff_turnover">' in html


def test_the_client_it_manager_may_answer_for_their_own_company(client, acme, client_it_manager):
    """They know their own team best, and the service allows them to."""
    client.force_login(client_it_manager)
    response = client.post(f"/clients/{acme.pk}/assessment/", {"it_team": ITTeam.MID_NEEDS_DEPTH})
    assert response.status_code == 302
    assert answers_of(acme)["it_team"] == ITTeam.MID_NEEDS_DEPTH
    assert Assessment.objects.get(client=acme).updated_by == client_it_manager


def test_unticking_a_box_saves_a_no(client, acme, account_manager):
    services.assessment_save(
        client=acme, by=account_manager, it_team=ITTeam.NONE, wants_full_control=True
    )
    client.force_login(account_manager)
    client.post(f"/clients/{acme.pk}/assessment/", {"it_team": ITTeam.NONE})
    assert answers_of(acme)["wants_full_control"] is False


@pytest.mark.parametrize("team", ["", "huge", "none'--"])
def test_a_missing_or_unknown_team_answer_is_a_field_error_and_nothing_is_saved(
    client, acme, account_manager, team
):
    client.force_login(account_manager)
    response = client.post(
        f"/clients/{acme.pk}/assessment/", {"it_team": team, "recurring_backlogs": "on"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["it_team"]
    assert 'class="field-error"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_bad_answer_leaves_the_previous_answers_untouched(client, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    client.force_login(account_manager)
    response = client.post(
        f"/clients/{acme.pk}/assessment/", {"it_team": "bogus", "stalled_projects": "on"}
    )
    assert response.status_code == 400
    assert answers_of(acme) == {**ALL_NO, "it_team": ITTeam.NONE}


# -- the recommendation ----------------------------------------------------------------------


def test_the_recommendation_shows_the_fit_per_answer_and_the_reasons(client, acme, account_manager):
    services.assessment_save(
        client=acme,
        by=account_manager,
        it_team=ITTeam.SMALL_OVERWHELMED,
        wants_hands_off_cost=True,
        recurring_backlogs=True,
    )
    client.force_login(account_manager)
    response = client.get(f"/clients/{acme.pk}/recommendation/")
    html = html_of(response)
    assert response.status_code == 200
    recommendation = response.context["recommendation"]
    assert f"Recommended: {recommendation.column}" in html
    assert recommendation.summary in html
    # which row, which cell
    assert (
        "For “Small IT team, overwhelmed” the article says Fully Managed IT is “Good option” "
        "and Co-Managed IT “Excellent fit”." in html
    )
    assert (
        "For “Want hands-off, predictable cost” the article says Fully Managed IT is “Best fit” "
        "and Co-Managed IT “Less ideal”." in html
    )
    # each model's fit written out, the selected rows marked in the article's table
    assert "Excellent fit for “Small IT team, overwhelmed” (counts twice)" in html
    assert "✓ Your answer, counts twice" in html
    assert "Best cell" not in html and "Worst cell" not in html
    assert "“recurring support backlogs”" in html
    # every row of the article's table, the answered ones marked
    selected = [row["scenario"] for row in response.context["table"] if row["selected"]]
    assert selected == ["Small IT team, overwhelmed", "Want hands-off, predictable cost"]
    assert "Want full control retained" in html
    assert "Start a draft engagement from this recommendation" in html


def test_no_internal_staff_rules_co_managed_out(client, acme, account_manager):
    services.assessment_save(
        client=acme, by=account_manager, it_team=ITTeam.NONE, wants_full_control=True
    )
    client.force_login(account_manager)
    html = html_of(client.get(f"/clients/{acme.pk}/recommendation/"))
    assert "Recommended: Fully Managed IT" in html
    assert "ruled out" in html
    assert "Co-Managed IT is “Not recommended”" not in html  # the rule is quoted as written
    assert 'is "Not recommended" for "No internal IT staff at all"' in html


def test_before_any_answer_the_page_asks_for_them(client, acme, account_manager):
    client.force_login(account_manager)
    response = client.get(f"/clients/{acme.pk}/recommendation/")
    html = html_of(response)
    assert response.status_code == 200
    assert "has not answered the model questionnaire yet" in html
    assert f'href="/clients/{acme.pk}/assessment/"' in html
    assert "Start a draft engagement" not in html


def test_the_client_it_manager_reads_it_but_cannot_start_a_draft(
    client, acme, account_manager, client_it_manager
):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.MID_NEEDS_DEPTH)
    client.force_login(client_it_manager)
    response = client.get(f"/clients/{acme.pk}/recommendation/")
    assert response.status_code == 200
    assert "Recommended: Co-Managed IT" in html_of(response)
    assert "Start a draft engagement" not in html_of(response)
    response = client.post(f"/clients/{acme.pk}/recommendation/start/", {})
    assert response.status_code == 403
    assert not Engagement.objects.exists()


def test_the_recommendation_page_costs_the_same_queries_whatever_the_answers(
    client, acme, account_manager
):
    client.force_login(account_manager)
    counts = []
    for answers in (
        {"it_team": ITTeam.NONE},
        {"it_team": ITTeam.SMALL_OVERWHELMED, **dict.fromkeys(ALL_NO, True)},
    ):
        services.assessment_save(client=acme, by=account_manager, **{**ALL_NO, **answers})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/clients/{acme.pk}/recommendation/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 8


# -- starting a draft from it ----------------------------------------------------------------


def test_starting_from_the_recommendation_creates_the_recommended_draft(
    client, acme, account_manager
):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.MID_NEEDS_DEPTH)
    client.force_login(account_manager)
    response = client.post(f"/clients/{acme.pk}/recommendation/start/", {"title": ""})
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{engagement.pk}/"
    assert (engagement.service_model, engagement.status) == (
        ServiceModel.CO_MANAGED,
        Status.DRAFT,
    )
    assert engagement.title == "Co-managed IT"
    roles = set(engagement.roles.values_list("name", flat=True))
    assert IT_MANAGER in roles and SPONSOR not in roles
    follow = client.get(response["Location"])
    assert "from the co-managed template, as the assessment recommends" in html_of(follow)


def test_starting_with_a_title_uses_it(client, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    client.force_login(account_manager)
    client.post(f"/clients/{acme.pk}/recommendation/start/", {"title": "Acme managed IT 2027"})
    engagement = Engagement.objects.get()
    assert (engagement.title, engagement.service_model) == (
        "Acme managed IT 2027",
        ServiceModel.FULLY_MANAGED,
    )


def test_starting_before_any_answer_is_refused_with_the_reason(client, acme, account_manager):
    client.force_login(account_manager)
    response = client.post(f"/clients/{acme.pk}/recommendation/start/", {})
    assert response.status_code == 400
    assert "has not answered the model questionnaire yet" in html_of(response)
    assert not Engagement.objects.exists()


def test_starting_is_a_post(client, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    client.force_login(account_manager)
    assert client.get(f"/clients/{acme.pk}/recommendation/start/").status_code == 405
    assert not Engagement.objects.exists()


# -- isolation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/clients/{pk}/assessment/", "/clients/{pk}/recommendation/"],
)
def test_another_clients_people_get_a_404(
    client, acme, account_manager, other_account_manager, other_client_it_manager, path
):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    for outsider in (other_account_manager, other_client_it_manager):
        client.force_login(outsider)
        assert client.get(path.format(pk=acme.pk)).status_code == 404
        response = client.post(path.format(pk=acme.pk), {"it_team": "large_needs_24x7"})
        assert response.status_code in (404, 405)
    assert answers_of(acme)["it_team"] == ITTeam.NONE


def test_another_account_manager_cannot_start_a_draft_for_acme(
    client, acme, account_manager, other_account_manager
):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    client.force_login(other_account_manager)
    assert client.post(f"/clients/{acme.pk}/recommendation/start/", {}).status_code == 404
    assert not Engagement.objects.exists()


def test_a_client_that_does_not_exist_is_a_404(client, account_manager):
    client.force_login(account_manager)
    assert client.get("/clients/999999/recommendation/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/clients/{pk}/assessment/",
        "/clients/{pk}/recommendation/",
        "/clients/{pk}/recommendation/start/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, acme, path):
    url = path.format(pk=acme.pk)
    response = client.get(url) if not url.endswith("start/") else client.post(url, {})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


# -- links -----------------------------------------------------------------------------------


def test_the_portfolio_links_each_client_to_its_assessment_and_recommendation(
    client, acme, client_it_manager
):
    client.force_login(client_it_manager)
    html = html_of(client.get("/"))
    assert f'href="/clients/{acme.pk}/assessment/"' in html
    assert f'href="/clients/{acme.pk}/recommendation/"' in html


# -- moving between models -------------------------------------------------------------------


def test_move_to_co_managed_on_a_signed_off_engagement_starts_a_new_draft(
    client, account_manager, signed_fully_managed
):
    before = letters_by_code(signed_fully_managed)
    client.force_login(account_manager)
    page = client.get(f"/engagements/{signed_fully_managed.pk}/transition/")
    assert page.status_code == 200
    assert "Domains the internal team takes over" in html_of(page)
    assert "Move to co-managed</button>" in html_of(page)
    assert "led now by: MSP" in html_of(page)

    response = client.post(
        f"/engagements/{signed_fully_managed.pk}/transition/",
        {"domains": ["helpdesk", "patching"], "note": "Two new hires."},
    )
    draft = Engagement.objects.get(previous_revision=signed_fully_managed)
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{draft.pk}/"
    assert (draft.service_model, draft.status, draft.revision) == (
        ServiceModel.CO_MANAGED,
        Status.DRAFT,
        2,
    )
    signed_fully_managed.refresh_from_db()
    assert signed_fully_managed.status == Status.SUPERSEDED

    after = letters_by_code(draft)
    moved = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    assert moved and {code.split(".")[0] for code, _role in moved} == {"helpdesk", "patching"}

    matrix = html_of(client.get(response["Location"]))
    assert (
        "Revision 2 is a new draft on the co-managed model (Helpdesk and user support, "
        "Patching and updates moved)." in matrix
    )
    assert f'href="/engagements/{draft.pk}/diff/?old=1&new=2"' in matrix

    diff = client.get(f"/engagements/{draft.pk}/diff/", {"old": 1, "new": 2})
    changed = {domain.name for domain in diff.context["view"].domains}
    domains = {
        row.activity.domain.name
        for row in MatrixRow.objects.filter(
            engagement=draft, activity__code__in=["helpdesk.tier1", "patching.servers"]
        ).select_related("activity__domain")
    }
    assert changed == domains
    assert IT_MANAGER in html_of(diff)


def test_move_to_fully_managed_on_a_draft_happens_in_place(client, account_manager, co_managed):
    client.force_login(account_manager)
    page = client.get(f"/engagements/{co_managed.pk}/transition/")
    assert "Domains the MSP takes back" in html_of(page)
    response = client.post(
        f"/engagements/{co_managed.pk}/transition/",
        {"domains": ["helpdesk"], "expected_version": co_managed.version},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{co_managed.pk}/"
    co_managed.refresh_from_db()
    assert co_managed.service_model == ServiceModel.FULLY_MANAGED
    assert Engagement.objects.count() == 1
    assert "This draft is now fully managed (Helpdesk and user support moved). Changed:" in html_of(
        client.get(response["Location"])
    )


def test_picking_no_domain_is_a_field_error_and_nothing_moves(
    client, account_manager, signed_fully_managed
):
    client.force_login(account_manager)
    response = client.post(f"/engagements/{signed_fully_managed.pk}/transition/", {})
    assert response.status_code == 400
    assert response.context["form"].errors["domains"] == ["Pick at least one domain to move."]
    assert Engagement.objects.count() == 1


def test_an_unknown_domain_is_a_field_error(client, account_manager, co_managed):
    client.force_login(account_manager)
    version = co_managed.version
    response = client.post(
        f"/engagements/{co_managed.pk}/transition/", {"domains": ["helpdesk", "nope"]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["domains"]
    co_managed.refresh_from_db()
    assert (co_managed.service_model, co_managed.version) == (ServiceModel.CO_MANAGED, version)


def test_a_stale_draft_is_refused_with_the_reason(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/transition/",
        {"domains": ["helpdesk"], "expected_version": co_managed.version - 1 or 999},
    )
    assert response.status_code == 412
    assert "since you loaded it" in html_of(response)
    co_managed.refresh_from_db()
    assert co_managed.service_model == ServiceModel.CO_MANAGED


def test_a_revision_in_review_cannot_move(client, account_manager, co_managed):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    client.force_login(account_manager)
    page = client.get(f"/engagements/{co_managed.pk}/")
    assert "Move to fully managed" not in html_of(page)
    response = client.post(f"/engagements/{co_managed.pk}/transition/", {"domains": ["helpdesk"]})
    assert response.status_code == 409
    assert "only a draft or a signed-off revision can move" in html_of(response)
    co_managed.refresh_from_db()
    assert (co_managed.service_model, co_managed.status) == (
        ServiceModel.CO_MANAGED,
        Status.IN_REVIEW,
    )


def test_the_engagement_page_offers_the_move_to_its_account_manager_only(
    client, account_manager, client_it_manager, signed_fully_managed
):
    client.force_login(account_manager)
    html = html_of(client.get(f"/engagements/{signed_fully_managed.pk}/"))
    assert f'href="/engagements/{signed_fully_managed.pk}/transition/">Move to co-managed' in html
    client.force_login(client_it_manager)
    html = html_of(client.get(f"/engagements/{signed_fully_managed.pk}/"))
    assert "/transition/" not in html


def test_the_client_it_manager_cannot_move_an_engagement(
    client, client_it_manager, signed_fully_managed
):
    client.force_login(client_it_manager)
    url = f"/engagements/{signed_fully_managed.pk}/transition/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"domains": ["helpdesk"]}).status_code == 403
    assert Engagement.objects.count() == 1


def test_another_clients_account_manager_gets_a_404_and_nothing_moves(
    client, other_account_manager, signed_fully_managed
):
    client.force_login(other_account_manager)
    url = f"/engagements/{signed_fully_managed.pk}/transition/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"domains": ["helpdesk"]}).status_code == 404
    assert Engagement.objects.count() == 1
    assert not Role.objects.filter(engagement=signed_fully_managed, name=IT_MANAGER).exists()


def test_anonymous_visitors_are_sent_to_log_in_from_the_picker(client, signed_fully_managed):
    url = f"/engagements/{signed_fully_managed.pk}/transition/"
    response = client.post(url, {"domains": ["helpdesk"]})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert Engagement.objects.count() == 1


def test_the_picker_costs_the_same_queries_for_a_small_or_a_full_matrix(
    client, account_manager, fully_managed
):
    client.force_login(account_manager)
    url = f"/engagements/{fully_managed.pk}/transition/"
    client.get(url)  # sessions and caches warm
    with CaptureQueriesContext(connection) as full:
        assert client.get(url).status_code == 200
    MatrixRow.objects.filter(engagement=fully_managed).exclude(
        activity__domain__code__in=["helpdesk", "patching"]
    ).delete()
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200
    assert [choice[0] for choice in response.context["form"].fields["domains"].choices] == [
        "helpdesk",
        "patching",
    ]
    assert len(small) == len(full)


def test_a_superseded_revision_says_why_it_cannot_move(
    client, account_manager, signed_fully_managed
):
    services.engagement_revise(engagement=signed_fully_managed, by=account_manager)
    client.force_login(account_manager)
    response = client.get(f"/engagements/{signed_fully_managed.pk}/transition/")
    assert response.status_code == 409
    assert "Revision 1 is superseded" in html_of(response)
    assert "<button" not in html_of(response).split("Move to co-managed</h2>")[1]
