"""/api/engagements/{id}/audit/: the audit trail of one revision, as JSON.

Both sides of the engagement and superusers read it; another client's people get 404 and
anonymous callers 401. Every kind of change made through the API is there, marked "api".
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engagements import services
from engagements.doors import through
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import Door, Engagement, MatrixRow, Role

pytestmark = pytest.mark.django_db


def url(engagement, query=""):
    return f"/api/engagements/{engagement.pk}/audit/{query}"


def results(api, engagement, query=""):
    response = api.get(url(engagement, query))
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def set_cell(engagement, code, role, letters, by, door=Door.SHELL):
    with through(door):
        services.assignment_set(
            engagement=engagement,
            row=MatrixRow.objects.get(engagement=engagement, activity__code=code),
            role=Role.objects.get(engagement=engagement, name=role),
            letters=letters,
            by=by,
        )


@pytest.fixture(scope="module")
def parsed_csf():
    return parse_catalog(BUNDLED["csf"])


@pytest.fixture
def csf(db, parsed_csf):
    return services.catalog_load(catalog=parsed_csf).framework


# -- who may read it --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["am", "itm", "admin"])
def test_both_sides_and_superusers_read_the_trail(request, co_managed, account_manager, who):
    set_cell(co_managed, "patching.servers", "MSP NOC", "A/R", account_manager, Door.PAGE)
    newest = results(request.getfixturevalue(who), co_managed)[0]
    assert newest == {
        "at": newest["at"],
        "user": "am",
        "user_name": "Alex Morgan",
        "door": "page",
        "action": "changed",
        "kind": "cell",
        "subject": "Deploy server patches × MSP NOC",
        "changes": [{"field": "letters", "field_label": "Letters", "old": "R", "new": "A/R"}],
    }


@pytest.mark.parametrize("who", ["other_am", "other_itm"])
def test_another_clients_people_get_a_404(request, co_managed, who):
    response = request.getfixturevalue(who).get(url(co_managed))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_anonymous_callers_get_a_401(anon, co_managed):
    assert anon.get(url(co_managed)).status_code == 401


@pytest.mark.parametrize("pk", ["999999", "abc", "99999999999999999999999"])
def test_an_engagement_that_cannot_exist_is_a_json_404(am, pk):
    response = am.get(f"/api/engagements/{id}/audit/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_trail_is_read_only(am, co_managed):
    assert am.post(url(co_managed), {}).status_code == 405
    assert am.delete(url(co_managed)).status_code == 405


# -- filters and pages -----------------------------------------------------------------------


def test_the_trail_is_filtered_by_door_kind_and_time(am, account_manager, co_managed):
    set_cell(co_managed, "patching.servers", "MSP NOC", "A/R", account_manager, Door.API)
    with through(Door.PAGE):
        services.tool_add(engagement=co_managed, name="Firewall manager", by=account_manager)

    assert [(e["kind"], e["door"]) for e in results(am, co_managed, "?door=api")] == [
        ("cell", "api")
    ]
    tools = results(am, co_managed, "?kind=tool")
    assert {e["kind"] for e in tools} == {"tool"}
    assert "Firewall manager" in {e["subject"] for e in tools}
    assert results(am, co_managed, "?door=api&kind=tool") == []
    future = (timezone.now() + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert results(am, co_managed, f"?since={future}") == []
    past = (timezone.now() - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert len(results(am, co_managed, f"?since={past}&page_size=1000")) == len(
        results(am, co_managed, "?page_size=1000")
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [("?door=telnet", "door"), ("?kind=everything", "kind"), ("?since=yesterday", "since")],
)
def test_a_bad_filter_is_a_400_naming_it(am, co_managed, query, field):
    response = am.get(url(co_managed, query))
    assert response.status_code == 400
    assert field in response.json()


def test_the_trail_is_paginated_newest_first(am, co_managed):
    first = am.get(url(co_managed)).json()
    assert first["count"] > 50
    assert len(first["results"]) == 50
    assert first["next"].endswith("page=2")
    times = [e["at"] for e in first["results"]]
    assert times == sorted(times, reverse=True)
    assert am.get(url(co_managed, "?page=999")).status_code == 404


def test_the_trail_costs_the_same_queries_however_long_it_grows(
    am, account_manager, co_managed, django_assert_max_num_queries
):
    am.get(url(co_managed))
    with django_assert_max_num_queries(20) as short:
        am.get(url(co_managed))
    for role in Role.objects.filter(engagement=co_managed):
        set_cell(co_managed, "patching.servers", role.name, "C", account_manager)
        set_cell(co_managed, "helpdesk.tier1", role.name, "I", account_manager)
    with through(Door.API):
        services.tool_add(engagement=co_managed, name="Vault", by=account_manager)
    with django_assert_max_num_queries(len(short.captured_queries)) as long:
        am.get(url(co_managed, "?page_size=1000"))
    assert len(long.captured_queries) == len(short.captured_queries)


def test_the_schema_documents_the_trail_and_its_filters(am):
    schema = am.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/engagements/{id}/audit/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"door", "kind", "since", "page", "page_size"} <= names
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])


# -- every kind of change through the API -----------------------------------------------------


def test_every_kind_of_change_made_through_the_api_is_recorded_as_the_api_door(
    am, itm, account_manager, co_managed, csf
):
    base = f"/api/engagements/{co_managed.pk}/"

    def etag():
        return Engagement.objects.get(pk=co_managed.pk).etag

    # the engagement's fields
    assert am.patch(base, {"title": "Co-managed IT 2027"}).status_code == 200
    # cells and coverage (the matrix document)
    response = am.patch(
        f"{base}matrix/",
        {
            "cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"}],
            "coverage": [
                {"activity": "patching.servers", "window": "weekends_holidays", "role": "MSP SOC"}
            ],
        },
        HTTP_IF_MATCH=etag(),
    )
    assert response.status_code == 200, response.json()
    # a role and a row
    assert am.post(f"{base}roles/", {"name": "Vendor desk", "side": "vendor"}).status_code == 201
    row = co_managed.rows.get(activity__code="helpdesk.walk-up")
    assert am.patch(f"{base}rows/{row.pk}/", {"split_note": "Nobody on site."}).status_code == 200
    # a tool
    assert (
        am.post("/api/tools/", {"engagement": co_managed.pk, "name": "Password vault"}).status_code
        == 201
    )
    # control responsibilities
    controls = reverse("api-engagement-controls", args=[co_managed.pk])
    response = am.post(controls, {"framework": "nist-csf-2-0", "controls": ["GV.OC-01"]})
    assert response.status_code == 201, response.json()
    detail = reverse(
        "api-engagement-control-detail", args=[co_managed.pk, response.json()[0]["id"]]
    )
    assert am.patch(detail, {"origination": "msp"}).status_code == 200
    # workflow steps: submitted, then changes requested by the client
    assert am.post(f"{base}submit/", {"note": "Ready."}).status_code == 200
    assert itm.post(f"{base}request-changes/", {"note": "Add a backup."}).status_code == 200

    trail = results(am, co_managed, "?door=api&page_size=1000")
    assert {e["kind"] for e in trail} == {
        "engagement",
        "cell",
        "coverage",
        "role",
        "activity",
        "tool",
        "control",
        "workflow",
    }
    assert {"am", "itm"} == {e["user"] for e in trail}
    title = next(
        e
        for e in trail
        if e["kind"] == "engagement" and "title" in {c["field"] for c in e["changes"]}
    )
    assert {
        "field": "title",
        "field_label": "Title",
        "old": "Co-managed IT",
        "new": "Co-managed IT 2027",
    } in title["changes"]
    control = next(e for e in trail if e["kind"] == "control" and e["action"] == "changed")
    assert control["changes"] == [
        {"field": "origination", "field_label": "Origination", "old": "", "new": "MSP"}
    ]
    workflow = [e["action"] for e in trail if e["kind"] == "workflow"]
    assert workflow == ["Changes requested", "Submitted for review"]


def test_an_import_through_the_api_is_recorded_as_the_import_door(am, co_managed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from engagements.exports import layout as L
    from tests.helpers.workbook import cell, edited, export

    def change(book):
        cell(book[L.MATRIX], "patching.servers", "MSP NOC").value = "C"

    content = edited(export(co_managed), change)
    upload = SimpleUploadedFile("scope.xlsx", content)
    response = am.post(
        f"/api/engagements/{co_managed.pk}/import/",
        {"file": upload},
        format="multipart",
        HTTP_IF_MATCH=co_managed.etag,
    )
    assert response.status_code == 200, response.content
    assert [(e["kind"], e["door"]) for e in results(am, co_managed, "?door=import")] == [
        ("cell", "import")
    ]
