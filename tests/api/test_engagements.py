"""/api/engagements/: list with filters, create from a template, read, change and delete
a draft."""

import pytest

from engagements import services
from engagements.models import Door, Engagement, ServiceModel, Status, WorkflowEvent
from tests.helpers.matrix import make_gap

pytestmark = pytest.mark.django_db

LIST = "/api/engagements/"


def detail(engagement):
    return f"/api/engagements/{engagement.pk}/"


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


# -- list and filters -------------------------------------------------------------------------


def test_an_account_manager_lists_their_clients_engagements(am, co_managed, globex_engagement):
    response = am.get(LIST)

    assert ids(response) == [co_managed.pk]
    item = response.json()["results"][0]
    assert item["client"] == {"id": co_managed.client_id, "name": "Acme Logistics", "slug": "acme"}
    assert item["status"] == "draft"
    assert item["editable"] is True
    assert item["etag"] == co_managed.etag
    assert item["business_start"] == "08:00"
    assert set(item["findings"]) == {"errors", "warnings", "info", "unacknowledged_errors"}
    assert item["findings"]["errors"] == item["findings"]["unacknowledged_errors"] == 0


def test_the_finding_counts_agree_with_the_findings_endpoint(am, co_managed, account_manager):
    make_gap(co_managed, account_manager)

    counts = am.get(LIST).json()["results"][0]["findings"]
    findings = am.get(f"/api/engagements/{co_managed.pk}/findings/", {"page_size": 1000})

    severities = [f["severity"] for f in findings.json()["results"]]
    assert counts["errors"] == severities.count("error")
    assert counts["warnings"] == severities.count("warning")
    assert counts["info"] == severities.count("info")


def test_the_list_counts_each_engagements_findings(am, co_managed, account_manager):
    make_gap(co_managed, account_manager)

    findings = am.get(LIST).json()["results"][0]["findings"]

    assert findings["errors"] == 1
    assert findings["unacknowledged_errors"] == 1


def test_a_superuser_lists_everything(admin, co_managed, globex_engagement):
    assert set(ids(admin.get(LIST))) == {co_managed.pk, globex_engagement.pk}


def test_filter_by_client_id_or_slug(admin, co_managed, globex_engagement, globex):
    assert ids(admin.get(LIST, {"client": globex.pk})) == [globex_engagement.pk]
    assert ids(admin.get(LIST, {"client": "acme"})) == [co_managed.pk]
    assert ids(admin.get(LIST, {"client": "nobody"})) == []


def test_filter_by_service_model_and_status(am, co_managed, fully_managed, account_manager):
    services.engagement_submit(engagement=fully_managed, by=account_manager)

    assert ids(am.get(LIST, {"service_model": "fully_managed"})) == [fully_managed.pk]
    assert ids(am.get(LIST, {"status": "in_review"})) == [fully_managed.pk]
    assert set(ids(am.get(LIST, {"status": ["in_review", "draft"]}))) == {
        co_managed.pk,
        fully_managed.pk,
    }


def test_filter_by_has_errors(am, co_managed, fully_managed, account_manager):
    make_gap(co_managed, account_manager)

    assert ids(am.get(LIST, {"has_errors": "true"})) == [co_managed.pk]
    assert ids(am.get(LIST, {"has_errors": "false"})) == [fully_managed.pk]


def test_an_acknowledged_error_no_longer_counts_for_has_errors(am, co_managed, account_manager):
    make_gap(co_managed, account_manager)
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key="GAP_NO_ACCOUNTABLE:activity=patching.servers",
        reason="Agreed in the kick-off meeting.",
        by=account_manager,
    )

    assert ids(am.get(LIST, {"has_errors": "true"})) == []


def test_filter_current_leaves_out_superseded_revisions(am, signed_off, account_manager):
    new = services.engagement_revise(engagement=signed_off, by=account_manager)

    assert ids(am.get(LIST, {"current": "true"})) == [new.pk]
    assert ids(am.get(LIST, {"current": "false"})) == [signed_off.pk]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "archived"},
        {"service_model": "outsourced"},
        {"client": "x" * 200},
        {"client": "\x00"},
    ],
)
def test_a_bad_filter_is_400_naming_it(am, co_managed, query):
    response = am.get(LIST, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_ordering_and_pagination(am, co_managed, fully_managed):
    assert ids(am.get(LIST, {"ordering": "title"})) == [co_managed.pk, fully_managed.pk]
    assert ids(am.get(LIST, {"ordering": "-title"})) == [fully_managed.pk, co_managed.pk]
    first = am.get(LIST, {"ordering": "title", "page_size": 1}).json()
    assert first["count"] == 2
    assert [r["id"] for r in first["results"]] == [co_managed.pk]
    assert first["next"]
    assert am.get(LIST, {"page": 99}).status_code == 404


def test_anonymous_gets_401(anon, co_managed):
    assert anon.get(LIST).status_code == 401
    assert anon.get(detail(co_managed)).status_code == 401


# -- create -----------------------------------------------------------------------------------


def test_an_account_manager_starts_an_engagement_from_a_template(am, acme, account_manager):
    response = am.post(
        LIST,
        {
            "client": acme.pk,
            "title": "Managed desk 2027",
            "service_model": "co_managed",
            "template": "fully_managed",
            "business_days": "123456",
            "business_start": "07:30",
            "business_end": "18:00",
            "effective_from": "2027-01-01",
        },
    )

    assert response.status_code == 201, response.json()
    engagement = Engagement.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/engagements/{engagement.pk}/"
    assert engagement.service_model == ServiceModel.CO_MANAGED
    assert engagement.account_manager == account_manager
    assert engagement.business_days == "123456"
    assert engagement.roles.filter(name="MSP vCIO").exists()
    assert not engagement.roles.filter(name="Internal systems administrator").exists()
    assert engagement.rows.count() == 71
    event = WorkflowEvent.objects.get(engagement=engagement)
    assert event.door == Door.API
    assert engagement.history.first().door == Door.API


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"service_model": "outsourced"}, "service_model"),
        ({"template": "nope"}, "template"),
        ({"business_days": "89"}, "business_days"),
        ({"business_start": "25:00"}, "business_start"),
        ({"business_start": "18:00", "business_end": "08:00"}, "business_end"),
        ({"effective_from": "2027-02-01", "effective_to": "2027-01-01"}, "effective_to"),
        ({"client": "acme"}, "client"),
        ({"client": True}, "client"),
        ({"client": 10**30}, "client"),
        ({"title": ["a list"]}, "title"),
    ],
)
def test_bad_input_is_400_and_creates_nothing(am, acme, change, field):
    body = {"client": acme.pk, "title": "New", "service_model": "co_managed", **change}
    before = Engagement.objects.count()

    response = am.post(LIST, body)

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Engagement.objects.count() == before


def test_another_clients_id_is_as_good_as_unknown(other_am, acme):
    response = other_am.post(LIST, {"client": acme.pk, "title": "X", "service_model": "co_managed"})

    assert response.status_code == 400
    assert "client" in response.json()
    assert not Engagement.objects.exists()


def test_a_client_it_manager_cannot_start_an_engagement(itm, acme):
    response = itm.post(LIST, {"client": acme.pk, "title": "X", "service_model": "co_managed"})

    assert response.status_code == 403
    assert not Engagement.objects.exists()


# -- read, change, delete ---------------------------------------------------------------------


def test_read_one_revision(itm, co_managed):
    response = itm.get(detail(co_managed))

    assert response.status_code == 200
    assert response.json()["title"] == "Co-managed IT"
    assert response.json()["account_manager"] == "am"


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "1.5", "99999999999999999999999", "é"])
def test_ids_that_cannot_exist_are_404(am, co_managed, pk):
    response = am.get(f"/api/engagements/{pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_account_manager_changes_a_drafts_fields(am, co_managed):
    response = am.patch(
        detail(co_managed), {"title": "Co-managed IT 2027", "business_end": "18:30"}
    )

    assert response.status_code == 200, response.json()
    co_managed.refresh_from_db()
    assert co_managed.title == "Co-managed IT 2027"
    assert response.json()["business_end"] == "18:30"
    assert co_managed.history.first().door == Door.API


@pytest.mark.parametrize(
    "body, field",
    [
        ({"business_days": "1234567890"}, "business_days"),
        ({"business_start": "noon"}, "business_start"),
        ({"business_end": "07:00"}, "business_end"),
        ({"cost_structure": "free"}, "cost_structure"),
        ({"title": None}, "title"),
    ],
)
def test_bad_changes_are_400_and_change_nothing(am, co_managed, unchanged, body, field):
    with unchanged(co_managed):
        response = am.patch(detail(co_managed), body)

    assert response.status_code == 400
    assert field in response.json()


def test_fields_that_are_not_editable_are_ignored(am, co_managed, unchanged):
    response = am.patch(detail(co_managed), {"status": "signed_off", "version": 99})

    assert response.status_code == 200
    co_managed.refresh_from_db()
    assert co_managed.status == Status.DRAFT


def test_the_client_it_manager_cannot_change_the_engagement(itm, co_managed, unchanged):
    with unchanged(co_managed):
        response = itm.patch(detail(co_managed), {"title": "Mine now"})

    assert response.status_code == 403


def test_another_clients_people_cannot_see_or_change_it(other_am, co_managed, unchanged):
    with unchanged(co_managed):
        assert other_am.get(detail(co_managed)).status_code == 404
        assert other_am.patch(detail(co_managed), {"title": "X"}).status_code == 404
        assert other_am.delete(detail(co_managed)).status_code == 404


def test_a_revision_in_review_cannot_change(am, in_review, unchanged):
    with unchanged(in_review):
        response = am.patch(detail(in_review), {"title": "Late change"})

    assert response.status_code == 409


def test_put_is_not_offered(am, co_managed):
    assert am.put(detail(co_managed), {"title": "X"}).status_code == 405


def test_an_account_manager_deletes_a_draft(am, co_managed):
    response = am.delete(detail(co_managed))

    assert response.status_code == 204
    assert not Engagement.objects.filter(pk=co_managed.pk).exists()


def test_a_signed_off_revision_cannot_be_deleted(am, signed_off, unchanged):
    with unchanged(signed_off):
        response = am.delete(detail(signed_off))

    assert response.status_code == 409


def test_the_client_it_manager_cannot_delete(itm, co_managed, unchanged):
    with unchanged(co_managed):
        response = itm.delete(detail(co_managed))

    assert response.status_code == 403
