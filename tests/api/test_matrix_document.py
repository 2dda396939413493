"""The matrix document built from value rows in one pass says what the loaded matrix says,
in the shape its serializer documents; a repeat read of an unchanged version is not rebuilt,
and any change is read in full."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from engagements import services
from engagements.analysis import domain_lead, week_hours
from engagements.api.formats import Encoded, EncodedCache, FastJSONRenderer
from engagements.api.serializers.matrix import MatrixDocumentSerializer, matrix_document
from engagements.api.views.matrix import DOCUMENTS
from engagements.models import WINDOWS_NEEDED, Domain
from engagements.models.letters import display_letters
from engagements.selectors.matrix import grid_values, load_matrix_grid
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


def _reference(data) -> dict:
    """The document as it was built before (from the loaded model objects through the
    serializer): what the one-pass builder must equal."""
    engagement, roles_by_id = data.engagement, data.roles_by_id
    document = MatrixDocumentSerializer(
        {
            "engagement": {
                "id": engagement.pk,
                "title": engagement.title,
                "client": engagement.client.slug,
                "service_model": engagement.service_model,
                "status": engagement.status,
                "revision": engagement.revision,
                "editable": engagement.is_editable,
                "business_hours": engagement.business_hours_label(),
            },
            "version": engagement.version,
            "etag": engagement.etag,
            "roles": [
                {
                    "id": role.pk,
                    "name": role.name,
                    "side": role.side,
                    "person_name": role.person_name,
                    "absence_backup": getattr(
                        roles_by_id.get(role.absence_backup_id), "name", None
                    ),
                    "order": role.order,
                }
                for role in data.roles
            ],
            "domains": [
                {
                    "code": domain.code,
                    "name": domain.name,
                    "lead": domain_lead(data, domain.code),
                    "rows": [
                        {
                            "id": row.pk,
                            "activity": row.activity.code,
                            "name": row.activity.name,
                            "description": row.activity.description,
                            "custom": row.activity.is_custom,
                            "in_scope": row.in_scope,
                            "split_note": row.split_note,
                            "coverage_need": row.coverage_need,
                            "required_coverage": row.required_coverage,
                            "windows_needed": list(WINDOWS_NEEDED[row.required_coverage]),
                        }
                        for row in rows
                    ],
                }
                for domain, rows in data.domains()
            ],
            "cells": [
                {
                    "activity": row.activity.code,
                    "role": role.name,
                    "letters": display_letters(data.cells[(row.pk, role.pk)]),
                }
                for row in data.rows
                for role in data.roles
                if data.cells.get((row.pk, role.pk))
            ],
            "coverage": [
                {"activity": row.activity.code, "window": window, "role": role.name}
                for row in data.rows
                for window, role in data.row_coverage(row).items()
            ],
            "week_hours": week_hours(data),
        }
    ).data
    return json.loads(json.dumps(document))


@pytest.fixture
def varied(co_managed, account_manager):
    """The co-managed template with a bit of everything the document shows: a custom
    activity, a row out of scope, a coverage override, a person's name on a role, a whole
    domain out of scope and a domain led by two sides."""
    by = account_manager
    services.activity_create_custom(
        engagement=co_managed,
        domain=Domain.objects.get(code="patching"),
        name="Firmware of the label printers",
        description="Zebra printers in the warehouse",
        by=by,
    )
    services.row_update(row=row_of(co_managed, "patching.servers"), split_note="Linux only", by=by)
    services.row_update(row=row_of(co_managed, "patching.servers"), coverage_need="24x7", by=by)
    for row in co_managed.rows.filter(activity__domain__code="backup-dr"):
        services.row_update(row=row, in_scope=False, by=by)
    services.role_update(role=role_of(co_managed, "MSP NOC"), person_name="Dana Ortiz", by=by)
    co_managed.refresh_from_db()
    return co_managed


def test_the_one_pass_document_equals_what_the_loaded_matrix_gave(varied):
    expected = _reference(load_matrix_grid(varied))

    document = matrix_document(varied, grid_values(varied))

    assert document == expected
    assert {d["lead"] for d in document["domains"]} >= {"N/A", "Shared", "Flexible"}
    assert any(row["custom"] for d in document["domains"] for row in d["rows"])


def test_the_document_is_written_as_the_serializer_would_return_it(varied):
    document = matrix_document(varied, grid_values(varied))

    assert MatrixDocumentSerializer(document).data == document
    written = Encoded.of(document).body
    assert written == FastJSONRenderer().render(_reference(load_matrix_grid(varied)))


@pytest.fixture
def api(account_manager):
    DOCUMENTS.clear()
    client = APIClient()
    client.force_authenticate(account_manager)
    yield client
    DOCUMENTS.clear()


def _get(api, engagement):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/engagements/{engagement.pk}/matrix/")
    assert response.status_code == 200, response.content
    return response, len(queries)


def test_a_repeat_read_of_an_unchanged_version_is_not_rebuilt(api, co_managed):
    first, built = _get(api, co_managed)
    again, remembered = _get(api, co_managed)

    assert again.content == first.content
    assert remembered == built - 4  # the grid's four queries are not made again


def test_a_change_is_read_in_full_after_a_remembered_read(api, co_managed, account_manager):
    before, _ = _get(api, co_managed)
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")

    services.assignment_set(
        engagement=co_managed, row=row, role=role, letters="C", by=account_manager
    )
    after, _ = _get(api, co_managed)

    assert after["ETag"] != before["ETag"]
    cell = {"activity": "patching.servers", "role": "MSP NOC", "letters": "C"}
    assert cell in after.json()["cells"]
    assert cell not in before.json()["cells"]


def test_the_browsable_api_shows_a_remembered_document(api, co_managed):
    _get(api, co_managed)

    response = api.get(f"/api/engagements/{co_managed.pk}/matrix/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "patching.servers" in response.content.decode()


def test_the_memory_forgets_the_least_recently_used_past_its_size():
    cache = EncodedCache(max_bytes=10)
    cache.put("a", Encoded(b"12345"))
    cache.put("b", Encoded(b"12345"))
    cache.get("a")
    cache.put("c", Encoded(b"123"))

    assert cache.get("a").body == b"12345"
    assert cache.get("b") is None
    assert cache.get("c").body == b"123"
    cache.put("huge", Encoded(b"x" * 11))
    assert cache.get("huge") is None

