"""The API: the questionnaire, the recommendation, starting a draft from it, and moving an
engagement to the other model."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from engagements import services
from engagements.models import (
    Assessment,
    Assignment,
    Engagement,
    ITTeam,
    ServiceModel,
    Status,
)
from engagements.reference.templates import INTERNAL_DESK, IT_MANAGER, SPONSOR
from tests.helpers.http import api_client

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    return api_client(user)


@pytest.fixture
def am(account_manager):
    return api(account_manager)


@pytest.fixture
def itm(client_it_manager):
    return api(client_it_manager)


@pytest.fixture
def outsiders(other_account_manager, other_client_it_manager):
    return [api(other_account_manager), api(other_client_it_manager)]


def stored(client) -> dict:
    assessment = Assessment.objects.get(client=client)
    return {
        "it_team": assessment.it_team,
        "needs_security_skills": assessment.needs_security_skills,
        "staff_turnover": assessment.staff_turnover,
    }


def letters(engagement) -> dict:
    return {
        (a.row.activity.code, a.role.name): a.letters
        for a in Assignment.objects.filter(row__engagement=engagement).select_related(
            "row__activity", "role"
        )
    }


# -- the questionnaire -----------------------------------------------------------------------


def test_an_unanswered_questionnaire_reads_as_not_answered(am, acme):
    response = am.get(f"/api/clients/{acme.pk}/assessment/")
    assert response.status_code == 200
    assert response.json()["answered"] is False
    assert response.json()["it_team"] is None


def test_put_saves_every_answer_through_the_api_door(am, acme):
    response = am.put(
        f"/api/clients/{acme.pk}/assessment/",
        {"it_team": "small_overwhelmed", "needs_security_skills": True, "staff_turnover": True},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["answered"] is True
    assert (body["it_team"], body["updated_by"], body["wants_full_control"]) == (
        "small_overwhelmed",
        "am",
        False,
    )
    assert stored(acme) == {
        "it_team": ITTeam.SMALL_OVERWHELMED,
        "needs_security_skills": True,
        "staff_turnover": True,
    }
    assert Assessment.history.get().door == "api"


def test_put_replaces_the_answers_a_yes_left_out_is_a_no(am, acme, account_manager):
    services.assessment_save(
        client=acme, by=account_manager, it_team=ITTeam.NONE, staff_turnover=True
    )
    am.put(f"/api/clients/{acme.pk}/assessment/", {"it_team": "none"})
    assert stored(acme)["staff_turnover"] is False


def test_the_client_it_manager_may_answer(itm, acme):
    response = itm.put(f"/api/clients/{acme.pk}/assessment/", {"it_team": "mid_needs_depth"})
    assert response.status_code == 200
    assert stored(acme)["it_team"] == ITTeam.MID_NEEDS_DEPTH


@pytest.mark.parametrize(
    "body, field",
    [
        ({"it_team": "huge"}, "it_team"),
        ({}, "it_team"),
        ({"it_team": "none", "staff_turnover": "sometimes"}, "staff_turnover"),
        ({"it_team": None}, "it_team"),
    ],
)
def test_bad_answers_are_a_400_naming_the_field_and_nothing_is_saved(am, acme, body, field):
    response = am.put(f"/api/clients/{acme.pk}/assessment/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Assessment.objects.exists()


def test_another_clients_people_get_404s_and_nothing_is_saved(outsiders, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    for outsider in outsiders:
        url = f"/api/clients/{acme.pk}/assessment/"
        assert outsider.get(url).status_code == 404
        assert outsider.put(url, {"it_team": "large_needs_24x7"}).status_code == 404
        assert outsider.get(f"/api/clients/{acme.pk}/recommendation/").status_code == 404
        assert outsider.post(f"/api/clients/{acme.pk}/recommendation/", {}).status_code == 404
    assert stored(acme)["it_team"] == ITTeam.NONE
    assert not Engagement.objects.exists()


def test_anonymous_requests_get_401(acme):
    anonymous = APIClient()
    assert anonymous.get(f"/api/clients/{acme.pk}/assessment/").status_code == 401
    assert anonymous.put(f"/api/clients/{acme.pk}/assessment/", {}).status_code == 401
    assert anonymous.get(f"/api/clients/{acme.pk}/recommendation/").status_code == 401


# -- the recommendation ----------------------------------------------------------------------


def test_the_recommendation_gives_fits_per_answer_overall_and_reasons(am, acme, account_manager):
    services.assessment_save(
        client=acme,
        by=account_manager,
        it_team=ITTeam.SMALL_OVERWHELMED,
        wants_hands_off_cost=True,
        recurring_backlogs=True,
    )
    response = am.get(f"/api/clients/{acme.pk}/recommendation/")
    assert response.status_code == 200
    body = response.json()
    fully, co = body["models"]
    assert (fully["service_model"], co["service_model"]) == ("fully_managed", "co_managed")
    assert fully["fits"] == [
        {"scenario": "Small IT team, overwhelmed", "fit": "Good option", "weight": 2, "points": 10},
        {
            "scenario": "Want hands-off, predictable cost",
            "fit": "Best fit",
            "weight": 1,
            "points": 7,
        },
    ]
    assert [f["fit"] for f in co["fits"]] == ["Excellent fit", "Less ideal"]
    assert (fully["score"], co["score"]) == (17, 15)  # a signal adds a point to co-managed
    assert body["service_model"] == "fully_managed"
    assert body["is_close"] is True
    scenario = [r for r in body["reasons"] if r["kind"] == "scenario"]
    assert scenario[0]["scenario"] == "Small IT team, overwhelmed"
    assert (scenario[0]["fully_managed"], scenario[0]["co_managed"]) == (
        "Good option",
        "Excellent fit",
    )
    signal = next(r for r in body["reasons"] if r["kind"] == "signal")
    assert signal["quote"] == "recurring support backlogs"
    assert signal["favours"] == "co_managed"


def test_no_recommendation_before_the_questionnaire_is_answered(am, acme):
    response = am.get(f"/api/clients/{acme.pk}/recommendation/")
    assert response.status_code == 404
    assert "has not answered the model questionnaire yet" in response.json()["detail"]


def test_the_recommendation_costs_the_same_queries_whatever_the_answers(am, acme, account_manager):
    counts = []
    for flags in (False, True):
        services.assessment_save(
            client=acme,
            by=account_manager,
            it_team=ITTeam.SMALL_OVERWHELMED,
            wants_full_control=flags,
            needs_security_skills=flags,
            recurring_backlogs=flags,
            preventable_incidents=flags,
            stalled_projects=flags,
        )
        with CaptureQueriesContext(connection) as queries:
            assert am.get(f"/api/clients/{acme.pk}/recommendation/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6


# -- starting a draft from it ----------------------------------------------------------------


def test_post_starts_a_draft_from_the_recommended_template(am, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.LARGE_NEEDS_24X7)
    response = am.post(f"/api/clients/{acme.pk}/recommendation/", {}, format="json")
    assert response.status_code == 201
    engagement = Engagement.objects.get()
    assert response["Location"] == f"/api/engagements/{engagement.pk}/"
    assert response.json()["service_model"] == "co_managed"
    assert (engagement.status, engagement.title) == (Status.DRAFT, "Co-managed IT")
    roles = set(engagement.roles.values_list("name", flat=True))
    assert IT_MANAGER in roles and SPONSOR not in roles


def test_post_takes_a_title(am, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    response = am.post(f"/api/clients/{acme.pk}/recommendation/", {"title": "Acme 2027"})
    assert response.status_code == 201
    assert (response.json()["title"], response.json()["service_model"]) == (
        "Acme 2027",
        "fully_managed",
    )


def test_starting_without_answers_is_a_400_naming_the_assessment(am, acme):
    response = am.post(f"/api/clients/{acme.pk}/recommendation/", {})
    assert response.status_code == 400
    assert "has not answered" in response.json()["assessment"][0]
    assert not Engagement.objects.exists()


def test_the_client_it_manager_may_not_start_a_draft(itm, acme, account_manager):
    services.assessment_save(client=acme, by=account_manager, it_team=ITTeam.NONE)
    assert itm.get(f"/api/clients/{acme.pk}/recommendation/").status_code == 200
    response = itm.post(f"/api/clients/{acme.pk}/recommendation/", {})
    assert response.status_code == 403
    assert not Engagement.objects.exists()


# -- moving between models -------------------------------------------------------------------


def test_moving_a_signed_off_engagement_to_co_managed_returns_the_new_draft(
    am, signed_fully_managed
):
    before = letters(signed_fully_managed)
    response = am.post(
        f"/api/engagements/{signed_fully_managed.pk}/transition/",
        {"to_model": "co_managed", "domains": ["helpdesk"], "note": "New desk team."},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    draft = Engagement.objects.get(previous_revision=signed_fully_managed)
    assert response["Location"] == f"/api/engagements/{draft.pk}/"
    assert body["engagement"]["id"] == draft.pk
    assert (body["engagement"]["service_model"], body["engagement"]["revision"]) == (
        "co_managed",
        2,
    )
    assert body["previous"] == signed_fully_managed.pk
    assert body["domains"] == ["helpdesk"]
    assert INTERNAL_DESK in body["roles_added"]
    assert body["diff_url"] == f"/engagements/{draft.pk}/diff/?old=1&new=2"
    # the diff lists the moved cells, all in the picked domain, and only those changed
    assert body["cells"] and {c["activity"].split(".")[0] for c in body["cells"]} == {"helpdesk"}
    after = letters(draft)
    untouched = {key for key in before if not key[0].startswith("helpdesk.")}
    assert all(after.get(key) == before[key] for key in untouched)


def test_the_target_model_defaults_to_the_other_one_and_a_draft_moves_in_place(am, co_managed):
    response = am.post(
        f"/api/engagements/{co_managed.pk}/transition/",
        {"domains": ["patching"]},
        format="json",
        HTTP_IF_MATCH=co_managed.etag,
    )
    assert response.status_code == 200
    assert response.json()["previous"] is None
    assert response.json()["diff_url"] is None
    co_managed.refresh_from_db()
    assert co_managed.service_model == ServiceModel.FULLY_MANAGED
    assert Engagement.objects.count() == 1


def test_a_stale_if_match_is_412_and_nothing_moves(am, co_managed):
    response = am.post(
        f"/api/engagements/{co_managed.pk}/transition/",
        {"domains": ["patching"]},
        format="json",
        HTTP_IF_MATCH=f'"{co_managed.pk}-999"',
    )
    assert response.status_code == 412
    co_managed.refresh_from_db()
    assert co_managed.service_model == ServiceModel.CO_MANAGED


@pytest.mark.parametrize(
    "body, field",
    [
        ({"domains": []}, "domains"),
        ({}, "domains"),
        ({"domains": ["helpdesk", "nope"]}, "domains"),
        ({"domains": "helpdesk"}, "domains"),
        ({"domains": ["helpdesk"], "to_model": "outsourced"}, "to_model"),
        ({"domains": ["helpdesk"], "to_model": "fully_managed"}, "to_model"),
    ],
)
def test_bad_moves_are_a_400_naming_the_field_and_nothing_changes(
    am, signed_fully_managed, body, field
):
    before = letters(signed_fully_managed)
    response = am.post(
        f"/api/engagements/{signed_fully_managed.pk}/transition/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Engagement.objects.count() == 1
    assert letters(signed_fully_managed) == before


def test_a_revision_in_review_cannot_move(am, co_managed, account_manager):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    response = am.post(
        f"/api/engagements/{co_managed.pk}/transition/", {"domains": ["helpdesk"]}, format="json"
    )
    assert response.status_code == 409
    assert "in review" in response.json()["detail"]
    co_managed.refresh_from_db()
    assert co_managed.service_model == ServiceModel.CO_MANAGED


def test_the_client_it_manager_may_not_move_an_engagement(itm, signed_fully_managed):
    response = itm.post(
        f"/api/engagements/{signed_fully_managed.pk}/transition/",
        {"domains": ["helpdesk"]},
        format="json",
    )
    assert response.status_code == 403
    assert Engagement.objects.count() == 1


def test_another_clients_people_cannot_move_acmes_engagement(outsiders, signed_fully_managed):
    for outsider in outsiders:
        response = outsider.post(
            f"/api/engagements/{signed_fully_managed.pk}/transition/",
            {"domains": ["helpdesk"]},
            format="json",
        )
        assert response.status_code == 404
    assert Engagement.objects.count() == 1


def test_the_new_endpoints_are_in_the_schema(am):
    paths = am.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert set(paths["/api/clients/{id}/assessment/"]) >= {"get", "put"}
    assert set(paths["/api/clients/{id}/recommendation/"]) >= {"get", "post"}
    assert "post" in paths["/api/engagements/{id}/transition/"]


def test_a_superseded_revision_cannot_move(am, signed_fully_managed, account_manager):
    services.engagement_revise(engagement=signed_fully_managed, by=account_manager)
    response = am.post(
        f"/api/engagements/{signed_fully_managed.pk}/transition/",
        {"domains": ["helpdesk"]},
        format="json",
    )
    assert response.status_code == 409
    assert "superseded" in response.json()["detail"]
    assert Engagement.objects.count() == 2
    assert not Engagement.objects.filter(service_model=ServiceModel.CO_MANAGED).exists()
