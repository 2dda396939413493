"""No request of any shape gets a 500: for every operation in the schema, impossible ids in
the path, junk in every query parameter and bodies of every wrong shape get a 4xx in JSON.

The ids that are not being spoiled point at a real draft of acme's, so the junk reaches the
code that reads it rather than stopping at a 404."""

import json
import re

import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from engagements.models import Assignment, FindingAcknowledgement

pytestmark = pytest.mark.django_db

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
OPERATIONS = sorted(
    (path, method)
    for path, methods in SCHEMA["paths"].items()
    for method in methods
    if method != "parameters"
)

BAD_IDS = ["0", "-1", "abc", "1.5", "9" * 30, "%00", "💥", "1e3", " 1"]
BAD_VALUES = [
    "\x00",
    "x" * 5000,
    "9" * 30,
    "-1",
    "💥",
    "true",
    "",
    "[]",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
]
BAD_BODIES = [
    [],
    "a string",
    123,
    None,
    {"name": ["a", "list"], "title": {"a": "dict"}, "cells": "x", "coverage": 5},
    {"name": "x" * 100_000, "title": "x" * 100_000, "body": "x" * 100_000, "note": "x" * 100_000},
    {"cells": [{"activity": "x" * 10_000, "role": None, "letters": 7}], "coverage": [None]},
    {"engagement": 10**30, "client": -1, "order": 10**30, "in_scope": "maybe"},
    {"business_days": "\x00", "business_start": "99:99", "effective_from": "0000-00-00"},
    {"name": "\ud800", "title": "\udfff", "body": "\ud800\udc00\ud800"},
]
RAW_BODIES = [
    b"{not json",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": NaN}',
    b"\xff\xfe\x00",
    b'{"name": "\\ud800"}',
]


def fill(path, ids, spoil=None, bad=""):
    def value(match):
        name = match.group(1)
        return bad if name == spoil else str(ids.get(name, 1))

    return re.sub(r"\{([^}]+)\}", value, path)


@pytest.fixture
def ids(small_draft, account_manager):
    FindingAcknowledgement.objects.create(
        engagement=small_draft,
        finding_key="GAP_NO_RESPONSIBLE:activity=x",
        reason="ok",
        by=account_manager,
    )
    return {
        "id": small_draft.pk,
        "engagement_pk": small_draft.pk,
        "code": "patching",
    }


# The API modules these tests know the objects of (others register next to them).
OWN_MODULES = {
    f"engagements.api.views.{name}"
    for name in (
        "clients",
        "engagements",
        "assignments",
        "tools",
        "roles",
        "rows",
        "review",
        "matrix",
        "auth",
    )
}
OWN_KINDS = (
    "/api/clients/",
    "/api/assignments/",
    "/api/tools/",
    "/roles/",
    "/rows/",
    "/comments/",
    "/acknowledgements/",
)


def _ids_for(path, ids, draft):
    """The {id} of each path is an object of that path's kind belonging to the draft."""
    objects = {
        "/api/clients/": draft.client,
        "/api/assignments/": Assignment.objects.filter(row__engagement=draft).first(),
        "/api/tools/": draft.tools.first(),
        "/roles/": draft.roles.first(),
        "/rows/": draft.rows.first(),
        "/comments/": draft.comments.first(),
        "/acknowledgements/": draft.acknowledgements.first(),
    }
    resolved = dict(ids)
    for segment in OWN_KINDS:
        if segment in path:
            resolved["id"] = objects[segment].pk
    return resolved


def assert_not_a_server_error(response, what):
    assert response.status_code < 500, (what, response.status_code, response.content[:300])
    if response.status_code >= 400:  # errors are JSON (a 200 may be a workbook)
        assert response["Content-Type"].startswith("application/json"), (what, response)


@pytest.mark.parametrize("path, method", OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_request_shape_gets_a_500(am, small_draft, ids, path, method):
    ids = _ids_for(path, ids, small_draft)
    call = getattr(am, method)
    headers = {"HTTP_IF_MATCH": small_draft.etag}

    for name in re.findall(r"\{([^}]+)\}", path):
        for bad in BAD_IDS:
            url = fill(path, ids, spoil=name, bad=bad)
            assert_not_a_server_error(call(url, {}, **headers), url)

    url = fill(path, ids)
    operation = SCHEMA["paths"][path][method]
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        for bad in BAD_VALUES:
            response = call(f"{url}?{parameter['name']}={bad}") if method == "get" else None
            if response is not None:
                assert_not_a_server_error(response, (url, parameter["name"], bad))

    if method in ("post", "put", "patch"):
        for raw in [json.dumps(body).encode() for body in BAD_BODIES] + RAW_BODIES:
            response = am.generic(
                method.upper(), url, raw, content_type="application/json", **headers
            )
            assert_not_a_server_error(response, (url, raw[:40]))
        for if_match in ["", "*", '"', "W/", '"1-1", garbage', "x" * 10_000]:
            response = call(url, {}, format="json", HTTP_IF_MATCH=if_match)
            assert_not_a_server_error(response, (url, if_match[:20]))


def test_a_body_that_is_not_json_is_415(am, small_draft):
    response = am.generic(
        "PATCH",
        f"/api/engagements/{small_draft.pk}/matrix/",
        "cells=1",
        content_type="text/plain",
        HTTP_IF_MATCH=small_draft.etag,
    )

    assert response.status_code == 415


def test_unknown_api_paths_are_json_404s(am):
    response = am.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_missing_trailing_slash_is_explained(am):
    response = am.get("/api/engagements")

    assert response.status_code == 404
    assert "/api/engagements/" in response.json()["detail"]


def test_lone_surrogates_in_json_are_400(am, small_draft):
    response = am.generic(
        "PATCH",
        f"/api/engagements/{small_draft.pk}/",
        json.dumps({"title": "\ud800"}),
        content_type="application/json",
    )

    assert response.status_code == 400


def test_the_browsable_api_renders_every_readable_page_for_a_browser(am, small_draft, ids):
    """A person exploring the API in a browser (session login) gets HTML pages, not errors."""
    for path, method in OPERATIONS:
        if method != "get":
            continue
        url = fill(path, _ids_for(path, ids, small_draft))
        response = am.get(url, HTTP_ACCEPT="text/html")
        view = resolve(url).func.cls
        if view.__module__ in OWN_MODULES:
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith("text/html"), url
        else:  # other modules' objects (compliance controls...) are not in this draft
            assert response.status_code < 500, url


def test_a_body_over_the_upload_limit_is_400(am, small_draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = {"cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "R"}] * 500}

    response = am.patch(
        f"/api/engagements/{small_draft.pk}/matrix/", body, HTTP_IF_MATCH=small_draft.etag
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than 10,000 bytes."}
