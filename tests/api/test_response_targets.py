"""/api/engagements/{id}/rows/{row}/response-targets/: how fast each activity is answered,
per window; a target in a window nobody covers is an error finding."""

from engagements.analysis import engagement_findings
from engagements.models import Activity, ResponseTarget
from engagements.selectors import load_matrix
from tests.helpers.http import api_client


def url(engagement, row):
    return f"/api/engagements/{engagement.pk}/rows/{row.pk}/response-targets/"


def alerts_row(engagement):
    return engagement.rows.get(activity=Activity.objects.get(code="monitoring.respond-alerts"))


def test_templates_start_with_sensible_targets(am, co_managed):
    response = am.get(url(co_managed, alerts_row(co_managed)))
    assert response.json() == {"after_hours": 15, "business_hours": 15, "weekends_holidays": 15}


def test_setting_and_removing_targets(am, co_managed):
    row = alerts_row(co_managed)
    response = am.put(
        url(co_managed, row), {"business_hours": 30, "after_hours": None}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"business_hours": 30, "weekends_holidays": 15}


def test_a_target_nobody_can_meet_is_an_error_finding(am, co_managed):
    row = alerts_row(co_managed)
    row.coverage.filter(window="after_hours").delete()
    codes = [f.code for f in engagement_findings(load_matrix(co_managed)) if f.row_id == row.pk]
    assert "GAP_RESPONSE_TARGET" in codes


def test_bad_minutes_are_a_400_naming_the_window_and_nothing_changes(am, co_managed):
    row = alerts_row(co_managed)
    before = list(ResponseTarget.objects.filter(row=row).values_list("window", "minutes"))
    for body in ({"after_hours": -5}, {"after_hours": "soon"}, {"lunch": 10}):
        response = am.put(url(co_managed, row), body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == list(body)
    assert list(ResponseTarget.objects.filter(row=row).values_list("window", "minutes")) == before


def test_the_client_it_manager_cannot_change_targets(itm, co_managed):
    row = alerts_row(co_managed)
    assert itm.get(url(co_managed, row)).status_code == 200
    assert itm.put(url(co_managed, row), {"after_hours": 5}, format="json").status_code == 403


def test_another_clients_user_gets_a_404(other_am, co_managed):
    row = alerts_row(co_managed)
    assert other_am.get(url(co_managed, row)).status_code == 404
    assert other_am.put(url(co_managed, row), {"after_hours": 5}, format="json").status_code == 404


def test_a_signed_revision_keeps_its_targets(am, signed_co_managed):
    row = alerts_row(signed_co_managed)
    response = am.put(url(signed_co_managed, row), {"after_hours": 5}, format="json")
    assert response.status_code == 409


def test_setting_targets_without_if_match_is_refused_with_428(account_manager, co_managed):
    plain = api_client(account_manager, careful=False)
    response = plain.put(
        url(co_managed, alerts_row(co_managed)), {"business_hours": 30}, format="json"
    )
    assert response.status_code == 428
    assert (
        ResponseTarget.objects.get(row=alerts_row(co_managed), window="business_hours").minutes
        == 15
    )
