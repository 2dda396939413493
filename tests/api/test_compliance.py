"""The compliance API: who sees what, filters, writes through the services, bad input."""

import pytest
from django.urls import reverse
from django.utils import timezone
from trestle.oscal.ssp import SystemSecurityPlan

from engagements import services
from engagements.models import ControlResponsibility, Engagement, Origination, Status
from tests.helpers.compliance import select
from tests.helpers.http import CarefulDjangoClient
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


def _list_url(engagement):
    return reverse("api-engagement-controls", args=[engagement.pk])


def _detail_url(resp):
    return reverse("api-engagement-control-detail", args=[resp.engagement_id, resp.pk])


def _oscal_url(engagement):
    return reverse("api-engagement-oscal", args=[engagement.pk])


def _state(engagement):
    return sorted(
        ControlResponsibility.objects.filter(engagement=engagement).values_list(
            "control__control_id", "origination", "responsible_role_id", "vendor_name"
        )
    ), Engagement.objects.get(pk=engagement.pk).version


@pytest.fixture
def client():
    """Django's test client, sending If-Match like a script that read the ETag first."""
    return CarefulDjangoClient()


@pytest.fixture
def three(co_managed, account_manager, csf):
    """PR.AA-01 provided by the MSP SOC, PR.AA-02 internal, PR.AA-03 undecided."""
    chosen = select(co_managed, csf, "PR.AA-01", "PR.AA-02", "PR.AA-03", by=account_manager)
    services.control_responsibility_update(
        responsibility=chosen["PR.AA-01"],
        by=account_manager,
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "MSP SOC"),
    )
    services.control_responsibility_update(
        responsibility=chosen["PR.AA-02"],
        by=account_manager,
        origination=Origination.INTERNAL,
        responsible_role=role_of(co_managed, "Client IT manager"),
    )
    co_managed.refresh_from_db()
    return chosen


# -- reading ---------------------------------------------------------------------------------


def test_the_account_manager_reads_the_customer_responsibility_matrix(
    client, account_manager, co_managed, three
):
    client.force_login(account_manager)
    response = client.get(_list_url(co_managed))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first["control_id"] == "PR.AA-01"
    assert first["framework"] == "nist-csf-2-0"
    assert (first["origination"], first["origination_label"], first["can_be_inherited"]) == (
        "msp",
        "MSP",
        "Yes",
    )
    assert first["responsible_role_name"] == "MSP SOC"
    assert first["title"].startswith("Identities and credentials")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("framework=nist-csf-2-0", ["PR.AA-01", "PR.AA-02", "PR.AA-03"]),
        ("framework=hipaa-security-rule", []),
        ("origination=internal", ["PR.AA-02"]),
        ("origination=undecided", ["PR.AA-03"]),
        ("control=pr.aa-03", ["PR.AA-03"]),
    ],
)
def test_the_matrix_filters(client, account_manager, co_managed, three, query, expected):
    client.force_login(account_manager)
    response = client.get(f"{_list_url(co_managed)}?{query}")
    assert [r["control_id"] for r in response.json()["results"]] == expected


def test_the_matrix_filters_by_role(client, account_manager, co_managed, three):
    client.force_login(account_manager)
    soc = role_of(co_managed, "MSP SOC")
    response = client.get(f"{_list_url(co_managed)}?role={soc.pk}")
    assert [r["control_id"] for r in response.json()["results"]] == ["PR.AA-01"]


def test_an_unknown_origination_filter_is_a_400(client, account_manager, co_managed, three):
    client.force_login(account_manager)
    response = client.get(f"{_list_url(co_managed)}?origination=outsourced")
    assert response.status_code == 400
    assert "origination" in response.json()


def test_listing_costs_the_same_queries_for_3_or_42_controls(
    client, account_manager, co_managed, three, hipaa, django_assert_max_num_queries
):
    client.force_login(account_manager)
    with django_assert_max_num_queries(8) as few:
        client.get(_list_url(co_managed))
    select(co_managed, hipaa, by=account_manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{_list_url(co_managed)}?page_size=100")
    assert response.json()["count"] == 45


def test_the_client_it_manager_reads_but_cannot_change(
    client, client_it_manager, co_managed, three
):
    client.force_login(client_it_manager)
    assert client.get(_list_url(co_managed)).status_code == 200
    before = _state(co_managed)
    response = client.patch(
        _detail_url(three["PR.AA-03"]),
        {"origination": "internal"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = client.post(
        _list_url(co_managed), {"framework": "nist-csf-2-0"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.delete(_detail_url(three["PR.AA-01"])).status_code == 403
    assert _state(co_managed) == before


# -- isolation -------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["other_account_manager", "other_client_it_manager"])
def test_another_clients_people_get_404_and_change_nothing(
    request, client, co_managed, three, user
):
    client.force_login(request.getfixturevalue(user))
    before = _state(co_managed)
    resp = three["PR.AA-03"]
    assert client.get(_list_url(co_managed)).status_code == 404
    assert client.get(_detail_url(resp)).status_code == 404
    assert client.get(_oscal_url(co_managed)).status_code == 404
    patched = client.patch(
        _detail_url(resp), {"origination": "msp"}, content_type="application/json"
    )
    assert patched.status_code == 404
    posted = client.post(
        _list_url(co_managed), {"framework": "nist-csf-2-0"}, content_type="application/json"
    )
    assert posted.status_code == 404
    assert client.delete(_detail_url(resp)).status_code == 404
    assert _state(co_managed) == before


def test_a_control_of_another_engagement_is_404_under_this_one(
    client, account_manager, co_managed, three, globex_engagement, other_account_manager, csf
):
    theirs = select(globex_engagement, csf, "PR.AA-01", by=other_account_manager)["PR.AA-01"]
    client.force_login(account_manager)
    url = reverse("api-engagement-control-detail", args=[co_managed.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert (
        client.patch(url, {"origination": "msp"}, content_type="application/json").status_code
        == 404
    )
    assert ControlResponsibility.objects.get(pk=theirs.pk).origination == ""


def test_anonymous_is_refused_everywhere(client, co_managed, three):
    resp = three["PR.AA-01"]
    before = _state(co_managed)
    for response in (
        client.get(reverse("api-framework-list")),
        client.get(reverse("api-framework-controls", args=["nist-csf-2-0"])),
        client.get(_list_url(co_managed)),
        client.get(_oscal_url(co_managed)),
        client.get(_detail_url(resp)),
        client.patch(
            _detail_url(resp), {"origination": "internal"}, content_type="application/json"
        ),
        client.post(
            _list_url(co_managed), {"framework": "nist-csf-2-0"}, content_type="application/json"
        ),
        client.delete(_detail_url(resp)),
    ):
        assert response.status_code in (401, 403)
    assert _state(co_managed) == before


# -- selecting and deselecting ---------------------------------------------------------------


def test_selecting_a_whole_framework(client, account_manager, co_managed, hipaa):
    client.force_login(account_manager)
    response = client.post(
        _list_url(co_managed),
        {"framework": "hipaa-security-rule"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert len(response.json()) == 42
    assert response["ETag"] == f'"{co_managed.pk}-2"'
    assert co_managed.control_responsibilities.count() == 42


def test_selecting_some_controls_of_a_framework(client, account_manager, co_managed, csf):
    client.force_login(account_manager)
    response = client.post(
        _list_url(co_managed),
        {"framework": "nist-csf-2-0", "controls": ["GV.OC-01", "PR.AA-01"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert [r["control_id"] for r in response.json()] == ["GV.OC-01", "PR.AA-01"]
    assert all(r["origination"] == "" for r in response.json())


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"framework": "iso-27001"}, "framework", "does not exist"),
        ({"framework": "nist-csf-2-0", "controls": ["PR.AA-99"]}, "controls", "PR.AA-99"),
        ({"framework": "nist-csf-2-0", "controls": ["PR.AA"]}, "controls", "is a category"),
        ({"controls": ["PR.AA-01"]}, "framework", "required"),
        ({"framework": "nist-csf-2-0", "controls": []}, "controls", "may not be empty"),
    ],
)
def test_selecting_with_bad_input_is_a_400_and_selects_nothing(
    client, account_manager, co_managed, csf, payload, field, message
):
    client.force_login(account_manager)
    response = client.post(_list_url(co_managed), payload, content_type="application/json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not co_managed.control_responsibilities.exists()
    assert Engagement.objects.get(pk=co_managed.pk).version == co_managed.version


def test_deselecting_a_control(client, account_manager, co_managed, three):
    client.force_login(account_manager)
    response = client.delete(_detail_url(three["PR.AA-03"]))
    assert response.status_code == 204
    assert sorted(r.control.control_id for r in co_managed.control_responsibilities.all()) == [
        "PR.AA-01",
        "PR.AA-02",
    ]


# -- saying who provides a control -----------------------------------------------------------


def test_patching_who_provides_a_control(client, account_manager, co_managed, three):
    client.force_login(account_manager)
    resp = three["PR.AA-03"]
    rows = [row_of(co_managed, "cloud.identity").pk, row_of(co_managed, "security.edr").pk]
    response = client.patch(
        _detail_url(resp),
        {
            "origination": "shared",
            "responsible_role": role_of(co_managed, "Internal systems administrator").pk,
            "split_description": "Sysadmin enrols devices; the SOC watches for rogue ones.",
            "implementing_rows": rows,
        },
        content_type="application/json",
        headers={"If-Match": co_managed.etag},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["origination"], body["can_be_inherited"]) == ("shared", "Partial")
    assert body["responsible_role_name"] == "Internal systems administrator"
    assert sorted(r["id"] for r in body["implementing_rows"]) == sorted(rows)
    assert response["ETag"] == f'"{co_managed.pk}-{co_managed.version + 1}"'
    resp.refresh_from_db()
    assert resp.split_description == "Sysadmin enrols devices; the SOC watches for rogue ones."
    assert resp.history.first().door == "api"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"origination": "outsourced"}, "origination"),
        ({"origination": "msp", "responsible_role": "Client IT manager"}, "responsible_role"),
        ({"origination": "inherited"}, "vendor_name"),
        ({"origination": "msp", "vendor_name": "Azure"}, "vendor_name"),
        ({"implementing_rows": [999999]}, "implementing_rows"),
        ({"split_description": "x" * 10_001}, "split_description"),
    ],
)
def test_patching_with_bad_input_is_a_400_and_changes_nothing(
    client, account_manager, co_managed, three, payload, field
):
    if payload.get("responsible_role") == "Client IT manager":
        payload["responsible_role"] = role_of(co_managed, "Client IT manager").pk
    client.force_login(account_manager)
    before = _state(co_managed)
    response = client.patch(
        _detail_url(three["PR.AA-03"]), payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert _state(co_managed) == before


def test_a_role_or_activity_of_another_engagement_is_a_400(
    client, account_manager, co_managed, three, globex_engagement
):
    client.force_login(account_manager)
    before = _state(co_managed)
    url = _detail_url(three["PR.AA-03"])
    theirs_role = role_of(globex_engagement, "MSP SOC").pk
    theirs_row = row_of(globex_engagement, "cloud.identity").pk
    for payload in ({"responsible_role": theirs_role}, {"implementing_rows": [theirs_row]}):
        response = client.patch(url, payload, content_type="application/json")
        assert response.status_code == 400
    assert _state(co_managed) == before


def test_a_stale_if_match_is_a_412_and_changes_nothing(client, account_manager, co_managed, three):
    client.force_login(account_manager)
    before = _state(co_managed)
    stale = f'"{co_managed.pk}-{co_managed.version - 1}"'
    response = client.patch(
        _detail_url(three["PR.AA-03"]),
        {"origination": "msp"},
        content_type="application/json",
        headers={"If-Match": stale},
    )
    assert response.status_code == 412
    assert response.json()["current_version"] == co_managed.version
    garbled = client.patch(
        _detail_url(three["PR.AA-03"]),
        {"origination": "msp"},
        content_type="application/json",
        headers={"If-Match": "yesterday"},
    )
    assert garbled.status_code == 412
    assert "If-Match" in garbled.json()["detail"]
    assert garbled.json()["current_version"] == co_managed.version
    assert _state(co_managed) == before


def test_a_revision_in_review_is_a_409(client, account_manager, co_managed, three):
    Engagement.objects.filter(pk=co_managed.pk).update(status=Status.IN_REVIEW)
    client.force_login(account_manager)
    response = client.patch(
        _detail_url(three["PR.AA-03"]), {"origination": "msp"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "in review" in response.json()["detail"]


# -- OSCAL and the catalogs ------------------------------------------------------------------


def test_the_oscal_export(client, client_it_manager, co_managed, three):
    client.force_login(client_it_manager)
    response = client.get(_oscal_url(co_managed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="acme-co-managed-it-r1-oscal-ssp.json"' in response["Content-Disposition"]
    ssp = SystemSecurityPlan.model_validate(response.json()["system-security-plan"])
    assert [r.control_id for r in ssp.control_implementation.implemented_requirements] == [
        "PR.AA-01",
        "PR.AA-02",
        "PR.AA-03",
    ]


def test_the_oscal_export_of_an_engagement_without_controls_is_a_409(
    client, account_manager, co_managed
):
    client.force_login(account_manager)
    response = client.get(_oscal_url(co_managed))
    assert response.status_code == 409
    assert "select a framework" in response.json()["detail"]


def test_the_frameworks_and_their_controls(client, client_it_manager, csf, hipaa):
    client.force_login(client_it_manager)
    frameworks = client.get(reverse("api-framework-list")).json()
    assert [(f["code"], f["controls"]) for f in frameworks] == [
        ("hipaa-security-rule", 42),
        ("nist-csf-2-0", 106),
    ]
    url = reverse("api-framework-controls", args=["hipaa-security-rule"])
    body = client.get(f"{url}?selectable=true").json()
    assert body["count"] == 42
    assert body["results"][0]["control_id"] == "164.308(a)(1)(ii)(A)"
    assert body["results"][0]["parent"] == "164.308(a)(1)"
    assert body["results"][0]["requirement"] == "required"
    missing = client.get(reverse("api-framework-controls", args=["iso-27001"]))
    assert missing.status_code == 404


def test_the_schema_documents_the_compliance_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    detail = paths["/api/engagements/{engagement_pk}/controls/{id}/"]
    assert {"200", "400", "403", "404", "409", "412"} <= set(detail["patch"]["responses"])
    assert {"200", "401", "404"} <= set(
        paths["/api/engagements/{engagement_pk}/oscal/"]["get"]["responses"]
    )
    listing = paths["/api/engagements/{engagement_pk}/controls/"]["get"]
    assert {"framework", "origination", "role"} <= {p["name"] for p in listing["parameters"]}


def test_signed_off_revisions_are_exported_with_their_sign_off(
    client, account_manager, client_it_manager, co_managed, three
):
    Engagement.objects.filter(pk=co_managed.pk).update(
        status=Status.SIGNED_OFF, signed_off_by=client_it_manager, signed_off_at=timezone.now()
    )
    client.force_login(account_manager)
    metadata = client.get(_oscal_url(co_managed)).json()["system-security-plan"]["metadata"]
    assert "published" in metadata
    assert {"name": "engagement-status", "ns": "urn:raci:oscal", "value": "signed_off"} in metadata[
        "props"
    ]
