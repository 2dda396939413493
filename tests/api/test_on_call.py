"""GET /api/clients/{id}/on-call/: who covers an activity at a moment, from the agreed
scope, in the client's time zone, on its public holidays and across a DST change."""

import pytest

from engagements.models import MembershipKind, Person, Status
from tests.factories import MembershipFactory, UserFactory
from tests.fixtures.oncall import ALERTS
from tests.helpers.http import api_client


def ask(api, client, **params):
    return api.get(f"/api/clients/{client.pk}/on-call/", {"activity": ALERTS, **params})


def names(covers):
    return [(c["role"], [p["name"] for p in c["people"]]) for c in covers]


def test_in_business_hours_the_it_lead_covers_with_their_phone(am, alerts_scope):
    response = ask(am, alerts_scope.client, at="2026-07-01T14:00:00Z")  # Wed 10:00 EDT
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "activity": {"code": ALERTS, "name": "Respond to infrastructure alerts"},
        "at": "2026-07-01T14:00:00Z",
        "local_time": "2026-07-01T10:00:00-04:00",
        "window": "business_hours",
        "holiday": None,
        "engagement": {
            "id": alerts_scope.pk,
            "title": "Harbor scope",
            "revision": 1,
        },
        "status": "signed_off",
        "covering": [
            {
                "role": "IT lead",
                "side": "internal",
                "people": [
                    {"name": "Dana", "email": "dana@example.com", "phone": "+1 212 555 0101"}
                ],
            }
        ],
        "backup": [
            {
                "role": "MSP desk",
                "side": "msp",
                "people": [{"name": "Ana", "email": "ana@example.com", "phone": "+1 212 555 0104"}],
            }
        ],
        "response_target_minutes": 15,
    }


def test_after_hours_the_noc_covers(am, alerts_scope):
    body = ask(am, alerts_scope.client, at="2026-07-01T23:30:00Z").json()  # Wed 19:30 EDT
    assert (body["window"], names(body["covering"])) == ("after_hours", [("NOC", ["Sam"])])
    assert body["backup"] == []


def test_early_on_a_business_day_is_after_hours(am, alerts_scope):
    body = ask(am, alerts_scope.client, at="2026-07-01T06:00:00-04:00").json()
    assert body["window"] == "after_hours"


def test_on_a_sunday_the_weekend_on_call_covers(am, alerts_scope):
    body = ask(am, alerts_scope.client, at="2026-07-05T14:00:00Z").json()
    assert (body["window"], body["holiday"]) == ("weekends_holidays", None)
    assert names(body["covering"]) == [("Weekend on-call", ["Lee"])]


def test_on_independence_day_observed_a_friday_is_a_holiday(am, alerts_scope):
    body = ask(am, alerts_scope.client, at="2026-07-03T14:00:00Z").json()  # Fri 10:00 EDT
    assert body["window"] == "weekends_holidays"
    assert body["holiday"] == "Independence Day (observed)"
    assert names(body["covering"]) == [("Weekend on-call", ["Lee"])]


def test_the_same_utc_hour_changes_window_across_the_dst_change(am, alerts_scope):
    before = ask(am, alerts_scope.client, at="2026-03-06T12:30:00Z").json()  # Fri 07:30 EST
    after = ask(am, alerts_scope.client, at="2026-03-09T12:30:00Z").json()  # Mon 08:30 EDT
    assert (before["local_time"], before["window"]) == (
        "2026-03-06T07:30:00-05:00",
        "after_hours",
    )
    assert (after["local_time"], after["window"]) == ("2026-03-09T08:30:00-04:00", "business_hours")


def test_a_moment_without_an_offset_is_read_as_utc(am, alerts_scope):
    body = ask(am, alerts_scope.client, at="2026-07-01T14:00:00").json()
    assert body["local_time"] == "2026-07-01T10:00:00-04:00"


def test_without_at_it_answers_for_now(am, alerts_scope):
    response = ask(am, alerts_scope.client)
    assert response.status_code == 200
    assert response.json()["window"] in {"business_hours", "after_hours", "weekends_holidays"}


def test_someone_who_left_is_not_offered_to_call(am, alerts_scope):
    Person.objects.filter(name="Dana").update(active=False)
    body = ask(am, alerts_scope.client, at="2026-07-01T14:00:00Z").json()
    assert names(body["covering"]) == [("IT lead", [])]


def test_with_no_signed_revision_it_answers_from_the_draft_and_says_so(am, alerts_scope):
    type(alerts_scope).objects.filter(pk=alerts_scope.pk).update(
        status=Status.DRAFT, signed_off_at=None, signed_off_by=None
    )
    body = ask(am, alerts_scope.client, at="2026-07-01T14:00:00Z").json()
    assert body["status"] == "draft"


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01T00:00:00Z", "2026-07-01T25:00"])
def test_an_unreadable_moment_is_a_400_naming_at(am, alerts_scope, at):
    response = ask(am, alerts_scope.client, at=at)
    assert response.status_code == 400
    assert list(response.json()) == ["at"]


def test_an_unknown_activity_is_a_400_naming_activity(am, alerts_scope):
    response = am.get(f"/api/clients/{alerts_scope.client.pk}/on-call/", {"activity": "nope"})
    assert response.status_code == 400
    assert list(response.json()) == ["activity"]


def test_a_missing_activity_is_a_400_naming_activity(am, alerts_scope):
    response = am.get(f"/api/clients/{alerts_scope.client.pk}/on-call/")
    assert response.status_code == 400
    assert list(response.json()) == ["activity"]


def test_another_clients_user_gets_a_404(other_am, alerts_scope):
    assert ask(other_am, alerts_scope.client).status_code == 404


def test_an_unknown_client_is_a_404(am, alerts_scope):
    assert am.get("/api/clients/999999/on-call/", {"activity": ALERTS}).status_code == 404


def test_anonymous_is_refused(anon, alerts_scope):
    assert ask(anon, alerts_scope.client).status_code in (401, 403)


def test_the_service_desk_reads_the_answer(alerts_scope):
    desk = UserFactory(username="desk")
    MembershipFactory(user=desk, client=alerts_scope.client, kind=MembershipKind.SERVICE_DESK)
    response = ask(api_client(desk), alerts_scope.client, at="2026-07-03T14:00:00Z")
    assert response.status_code == 200
    assert response.json()["holiday"] == "Independence Day (observed)"


def test_the_answer_costs_a_fixed_number_of_queries(
    am, alerts_scope, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        assert ask(am, alerts_scope.client, at="2026-07-01T14:00:00Z").status_code == 200
