"""/api/engagements/{id}/matrix/: the whole matrix as one document, changed with If-Match."""

import pytest

from engagements.models import Assignment, Coverage, Door, Window
from tests.helpers.matrix import cell

pytestmark = pytest.mark.django_db


def url(engagement):
    return f"/api/engagements/{engagement.pk}/matrix/"


def patch(api, engagement, body, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return api.patch(url(engagement), body, **headers)


def one_cell(activity="patching.servers", role="MSP NOC", letters="A/R"):
    return {"cells": [{"activity": activity, "role": role, "letters": letters}]}


# -- reading ----------------------------------------------------------------------------------


def test_the_document_has_roles_rows_by_domain_cells_and_coverage(am, co_managed):
    response = am.get(url(co_managed))

    assert response.status_code == 200
    doc = response.json()
    assert doc["engagement"]["id"] == co_managed.pk
    assert doc["engagement"]["editable"] is True
    assert doc["version"] == co_managed.version
    assert [role["name"] for role in doc["roles"]][:2] == [
        "Client IT manager",
        "Internal service desk",
    ]
    assert doc["roles"][0]["absence_backup"] == "MSP vCIO"
    patching = next(d for d in doc["domains"] if d["code"] == "patching")
    servers = next(r for r in patching["rows"] if r["activity"] == "patching.servers")
    assert servers["in_scope"] is True
    assert servers["required_coverage"] in {"business_hours", "extended", "24x7"}
    assert "business_hours" in servers["windows_needed"]
    assert {"activity": "patching.servers", "role": "MSP NOC", "letters": "R"} in doc["cells"]
    assert {"activity": "patching.servers", "role": "Client IT manager", "letters": "A"} in doc[
        "cells"
    ]
    assert len(doc["cells"]) == Assignment.objects.filter(row__engagement=co_managed).count()
    assert len(doc["coverage"]) == Coverage.objects.filter(row__engagement=co_managed).count()
    assert doc["week_hours"]["business_hours"] == 45.0


def test_the_etag_header_is_the_engagement_version(am, co_managed):
    response = am.get(url(co_managed))

    assert response["ETag"] == co_managed.etag == response.json()["etag"]


def test_if_none_match_with_the_current_etag_is_304(am, co_managed):
    response = am.get(url(co_managed), HTTP_IF_NONE_MATCH=co_managed.etag)

    assert response.status_code == 304
    assert response["ETag"] == co_managed.etag


def test_the_client_it_manager_reads_the_matrix(itm, co_managed):
    assert itm.get(url(co_managed)).status_code == 200


def test_another_clients_people_get_404(other_am, other_itm, co_managed):
    assert other_am.get(url(co_managed)).status_code == 404
    assert other_itm.get(url(co_managed)).status_code == 404


def test_anonymous_gets_401(anon, co_managed):
    assert anon.get(url(co_managed)).status_code == 401


# -- PATCH ------------------------------------------------------------------------------------


def test_patch_changes_the_cells_it_lists(am, co_managed):
    response = patch(am, co_managed, one_cell(letters="r, a"), co_managed.etag)

    assert response.status_code == 200, response.json()
    assert cell(co_managed, "patching.servers", "MSP NOC") == "AR"
    assert {"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"} in response.json()[
        "cells"
    ]
    co_managed.refresh_from_db()
    assert response["ETag"] == co_managed.etag
    assert response.json()["version"] == co_managed.version


def test_prefer_return_minimal_answers_204_with_the_new_etag(am, co_managed):
    response = am.patch(
        url(co_managed),
        one_cell(letters="r, a"),
        format="json",
        headers={"If-Match": co_managed.etag, "Prefer": "return=minimal"},
    )

    assert response.status_code == 204
    assert response.content == b""
    assert cell(co_managed, "patching.servers", "MSP NOC") == "AR"
    co_managed.refresh_from_db()
    assert response["ETag"] == co_managed.etag
    assert response["Preference-Applied"] == "return=minimal"


def test_a_patch_naming_an_activity_not_in_the_matrix_is_400(am, co_managed, unchanged):
    response = patch(am, co_managed, one_cell(activity="no.such.duty"), co_managed.etag)

    assert response.status_code == 400
    assert "activity" in response.json()["cells"]["0"]


def test_patch_records_the_api_door_in_the_history(am, co_managed):
    patch(am, co_managed, one_cell(), co_managed.etag)

    assignment = Assignment.objects.get(
        row__engagement=co_managed, row__activity__code="patching.servers", role__name="MSP NOC"
    )
    assert assignment.history.first().door == Door.API


def test_an_empty_letters_string_empties_the_cell(am, co_managed):
    response = patch(am, co_managed, one_cell(role="MSP NOC", letters=""), co_managed.etag)

    assert response.status_code == 200
    assert cell(co_managed, "patching.servers", "MSP NOC") == ""


def test_role_names_match_in_any_case(am, co_managed):
    response = patch(am, co_managed, one_cell(role="msp noc", letters="C"), co_managed.etag)

    assert response.status_code == 200
    assert cell(co_managed, "patching.servers", "MSP NOC") == "C"


def test_patch_changes_coverage_windows(am, co_managed):
    body = {
        "coverage": [
            {"activity": "patching.servers", "window": "weekends_holidays", "role": "MSP SOC"},
            {"activity": "patching.servers", "window": "business_hours", "role": None},
        ]
    }
    response = patch(am, co_managed, body, co_managed.etag)

    assert response.status_code == 200, response.json()
    coverage = dict(
        Coverage.objects.filter(
            row__engagement=co_managed, row__activity__code="patching.servers"
        ).values_list("window", "role__name")
    )
    assert coverage.get(Window.WEEKENDS_HOLIDAYS) == "MSP SOC"
    assert Window.BUSINESS_HOURS not in coverage


def test_patch_without_if_match_is_428_and_changes_nothing(am, co_managed, unchanged):
    with unchanged(co_managed):
        response = patch(am, co_managed, one_cell())

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_a_stale_if_match_is_412_and_changes_nothing(am, co_managed, unchanged):
    stale = co_managed.etag
    patch(am, co_managed, one_cell(letters="A/R"), stale)
    co_managed.refresh_from_db()

    with unchanged(co_managed):
        response = patch(am, co_managed, one_cell(letters="C"), stale)

    assert response.status_code == 412
    assert response.json()["current_version"] == co_managed.version
    assert cell(co_managed, "patching.servers", "MSP NOC") == "AR"


@pytest.mark.parametrize("etag", ["garbage", "*", '"999-1"', 'W/"x"', '"1-"'])
def test_an_if_match_that_is_not_the_etag_is_412(am, co_managed, unchanged, etag):
    with unchanged(co_managed):
        response = patch(am, co_managed, one_cell(), etag)

    assert response.status_code == 412


def test_a_weak_or_listed_etag_matches(am, co_managed):
    response = patch(am, co_managed, one_cell(), f'"nope", W/{co_managed.etag}')

    assert response.status_code == 200


@pytest.mark.parametrize(
    "body, where",
    [
        (one_cell(letters="X"), ("cells", "0", "letters")),
        (one_cell(letters="A/B"), ("cells", "0", "letters")),
        (one_cell(activity="no.such"), ("cells", "0", "activity")),
        (one_cell(role="Nobody"), ("cells", "0", "role")),
        (
            {"cells": [{"activity": "patching.servers", "role": "MSP NOC"}]},
            ("cells", "0", "letters"),
        ),
        ({"cells": "A/R"}, ("cells",)),
        ({"cells": [1, 2]}, ("cells",)),
        ({"cells": [{"activity": 5, "role": [], "letters": {}}]}, ("cells", "0", "role")),
        ({"coverage": [{"activity": "patching.servers", "window": "night", "role": None}]}, None),
        ({}, None),
        ([], None),
        ("cells", None),
    ],
)
def test_bad_input_is_400_with_field_detail_and_changes_nothing(
    am, co_managed, unchanged, body, where
):
    with unchanged(co_managed):
        response = patch(am, co_managed, body, co_managed.etag)

    assert response.status_code == 400
    detail = response.json()
    for key in where or ():
        assert detail[key], detail
        detail = detail[key]


def test_a_bad_cell_among_good_ones_changes_nothing(am, co_managed, unchanged):
    body = {
        "cells": [
            {"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"},
            {"activity": "helpdesk.tier1", "role": "MSP NOC", "letters": "Z"},
        ]
    }
    with unchanged(co_managed):
        response = patch(am, co_managed, body, co_managed.etag)

    assert response.status_code == 400
    assert list(response.json()["cells"]) == ["1"]
    assert "letters" in response.json()["cells"]["1"]


def test_the_same_cell_twice_is_400(am, co_managed, unchanged):
    body = {"cells": one_cell(letters="A")["cells"] * 2}
    with unchanged(co_managed):
        response = patch(am, co_managed, body, co_managed.etag)

    assert response.status_code == 400
    assert response.json()["cells"]["1"]["non_field_errors"]


def test_the_client_it_manager_cannot_change_the_matrix(itm, co_managed, unchanged):
    with unchanged(co_managed):
        response = patch(itm, co_managed, one_cell(), co_managed.etag)

    assert response.status_code == 403


def test_another_clients_account_manager_gets_404(other_am, co_managed, unchanged):
    with unchanged(co_managed):
        response = patch(other_am, co_managed, one_cell(), co_managed.etag)

    assert response.status_code == 404


def test_anonymous_cannot_patch(anon, co_managed, unchanged):
    with unchanged(co_managed):
        response = patch(anon, co_managed, one_cell(), co_managed.etag)

    assert response.status_code == 401


def test_a_revision_in_review_is_409(am, in_review, unchanged):
    with unchanged(in_review):
        response = patch(am, in_review, one_cell(), in_review.etag)

    assert response.status_code == 409
    assert "review" in response.json()["detail"]


def test_a_signed_off_revision_is_409(am, signed_off, unchanged):
    with unchanged(signed_off):
        response = am.put(url(signed_off), {"cells": []}, HTTP_IF_MATCH=signed_off.etag)

    assert response.status_code == 409


# -- PUT --------------------------------------------------------------------------------------


def test_put_replaces_every_cell(am, co_managed):
    body = {
        "cells": [
            {"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"},
            {"activity": "helpdesk.tier1", "role": "Internal service desk", "letters": "A/R"},
        ]
    }
    coverage_before = Coverage.objects.filter(row__engagement=co_managed).count()

    response = am.put(url(co_managed), body, HTTP_IF_MATCH=co_managed.etag)

    assert response.status_code == 200, response.json()
    stored = set(
        Assignment.objects.filter(row__engagement=co_managed).values_list(
            "row__activity__code", "role__name", "letters"
        )
    )
    assert stored == {
        ("patching.servers", "MSP NOC", "AR"),
        ("helpdesk.tier1", "Internal service desk", "AR"),
    }
    assert Coverage.objects.filter(row__engagement=co_managed).count() == coverage_before


def test_put_with_coverage_replaces_coverage_too(am, co_managed):
    doc = am.get(url(co_managed)).json()
    body = {
        "cells": doc["cells"],
        "coverage": [{"activity": "patching.servers", "window": "after_hours", "role": "MSP NOC"}],
    }
    response = am.put(url(co_managed), body, HTTP_IF_MATCH=doc["etag"])

    assert response.status_code == 200
    assert list(
        Coverage.objects.filter(row__engagement=co_managed).values_list(
            "row__activity__code", "window", "role__name"
        )
    ) == [("patching.servers", "after_hours", "MSP NOC")]
    assert response.json()["cells"] == doc["cells"]


def test_putting_back_what_get_returned_changes_nothing(am, co_managed, unchanged):
    doc = am.get(url(co_managed)).json()

    with unchanged(co_managed):
        response = am.put(url(co_managed), doc, HTTP_IF_MATCH=doc["etag"])

    assert response.status_code == 200
    assert response.json() == doc


def test_put_needs_the_cells(am, co_managed, unchanged):
    with unchanged(co_managed):
        response = am.put(url(co_managed), {"coverage": []}, HTTP_IF_MATCH=co_managed.etag)

    assert response.status_code == 400
    assert "cells" in response.json()


def test_put_without_if_match_is_428(am, co_managed, unchanged):
    with unchanged(co_managed):
        response = am.put(url(co_managed), {"cells": []})

    assert response.status_code == 428
