"""Conditional GETs: the matrix document, the findings, the workbook and the OSCAL plan answer
If-None-Match with 304 while what they show has not moved, and in full once it has."""

import pytest

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import Engagement
from tests.selectors.test_findings_counts import _a_gap, _error_acknowledged, _fresh

pytestmark = pytest.mark.django_db


def _matrix(engagement):
    return f"/api/engagements/{engagement.pk}/matrix/"


def _findings(engagement):
    return f"/api/engagements/{engagement.pk}/findings/"


def _workbook(engagement):
    return f"/api/engagements/{engagement.pk}/export.xlsx"


def _oscal(engagement):
    return f"/api/engagements/{engagement.pk}/oscal/"


@pytest.fixture
def am(client, account_manager):
    client.force_login(account_manager)
    return client


def _again(am, url, etag):
    return am.get(url, HTTP_IF_NONE_MATCH=etag)


@pytest.mark.parametrize("where", [_matrix, _findings, _workbook])
def test_an_unchanged_representation_is_304_without_a_body(where, am, co_managed):
    first = am.get(where(co_managed))

    again = _again(am, where(co_managed), first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("where", [_matrix, _findings, _workbook])
def test_a_cell_edit_makes_the_held_tag_stale(where, am, co_managed, account_manager):
    etag = am.get(where(co_managed))["ETag"]

    _a_gap(_fresh(co_managed), account_manager)

    assert _again(am, where(co_managed), etag).status_code == 200


@pytest.mark.parametrize("where", [_matrix, _findings, _workbook])
def test_submitting_for_review_makes_the_held_tag_stale(where, am, co_managed, account_manager):
    etag = am.get(where(co_managed))["ETag"]

    services.engagement_submit(engagement=_fresh(co_managed), by=account_manager)

    assert _again(am, where(co_managed), etag).status_code == 200


@pytest.mark.parametrize("where", [_findings, _workbook])
def test_an_acknowledgement_makes_the_findings_tag_stale(where, am, co_managed, account_manager):
    _a_gap(co_managed, account_manager)
    etag = am.get(where(co_managed))["ETag"]

    _error_acknowledged(_fresh(co_managed), account_manager)

    assert _again(am, where(co_managed), etag).status_code == 200


def test_the_matrix_tag_is_unchanged_by_an_acknowledgement(am, co_managed, account_manager):
    _a_gap(co_managed, account_manager)
    etag = am.get(_matrix(co_managed))["ETag"]

    _error_acknowledged(_fresh(co_managed), account_manager)

    assert _again(am, _matrix(co_managed), etag).status_code == 304


def test_weak_tags_lists_and_a_star_all_match(am, co_managed):
    etag = am.get(_findings(co_managed))["ETag"]

    assert _again(am, _findings(co_managed), f"W/{etag}").status_code == 304
    assert _again(am, _findings(co_managed), f'"1-1", {etag}').status_code == 304
    assert _again(am, _findings(co_managed), "*").status_code == 304
    assert _again(am, _findings(co_managed), '"another"').status_code == 200


def test_an_unchanged_findings_list_is_answered_without_loading_anything(
    am, co_managed, django_assert_max_num_queries
):
    etag = am.get(_findings(co_managed))["ETag"]

    # The session and user, the engagement, the acknowledgements' marks.
    with django_assert_max_num_queries(4):
        assert _again(am, _findings(co_managed), etag).status_code == 304


def test_the_findings_tag_is_taken_by_if_match(am, co_managed):
    etag = am.get(_findings(co_managed))["ETag"]
    body = {"cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"}]}

    response = am.patch(
        _matrix(co_managed), body, content_type="application/json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response["ETag"] == Engagement.objects.get(pk=co_managed.pk).etag


def test_an_unchanged_oscal_plan_is_304(am, co_managed, account_manager):
    framework = services.catalog_load(catalog=parse_catalog(BUNDLED["hipaa"])).framework
    services.controls_select(engagement=co_managed, framework=framework, by=account_manager)
    first = am.get(_oscal(co_managed))

    assert first.status_code == 200
    assert _again(am, _oscal(co_managed), first["ETag"]).status_code == 304


def test_another_clients_people_still_get_404_with_a_tag(client, other_account_manager, co_managed):
    client.force_login(other_account_manager)

    response = client.get(_findings(co_managed), HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 404


def _pdf(engagement):
    return f"/api/engagements/{engagement.pk}/exhibit.pdf"


def test_a_change_to_the_msps_organisation_makes_the_workbook_tag_stale(am, co_managed, admin_user):
    services.msp_organisation_set(legal_name="Brightline LLC", address="1 Quay St", by=admin_user)
    etag = am.get(_workbook(co_managed))["ETag"]

    services.msp_organisation_set(
        legal_name="Brightline LLC", address="2 Harbour Rd\nLeeds", by=admin_user
    )

    again = _again(am, _workbook(co_managed), etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    # The PDF prints the same parties and answers to the same tag.
    assert _again(am, _pdf(co_managed), again["ETag"]).status_code == 304


def test_renaming_the_msp_makes_the_workbook_tag_stale(am, co_managed, admin_user):
    etag = am.get(_workbook(co_managed))["ETag"]

    services.msp_organisation_set(legal_name="Brightline Managed Services LLC", by=admin_user)

    assert _again(am, _workbook(co_managed), etag).status_code == 200
