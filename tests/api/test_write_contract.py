"""One write contract for an engagement's content: every API write to its cells, rows,
roles, tools, coverage, controls or terms carries If-Match with the engagement's ETag.
Without it the answer is 428, with a stale one 412, and nothing changes either way; a
change answers with the new ETag."""

import pytest

from engagements.models import Engagement, Tool
from tests.helpers.http import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def script(account_manager):
    """A script that sends only the headers a test gives it."""
    return api_client(account_manager, careful=False)


def _writes(engagement: Engagement):
    """(method, path, body) of one write of each kind of content."""
    pk = engagement.pk
    row = engagement.rows.select_related("activity").first()
    role = engagement.roles.first()
    tool = Tool.objects.create(engagement=engagement, name="PSA")
    return [
        ("patch", f"/api/engagements/{pk}/", {"title": "New terms"}),
        ("patch", f"/api/engagements/{pk}/matrix/", {"cells": []}),
        ("post", f"/api/engagements/{pk}/roles/", {"name": "Auditor", "side": "vendor"}),
        ("patch", f"/api/engagements/{pk}/roles/{role.pk}/", {"person_name": "Ana"}),
        ("delete", f"/api/engagements/{pk}/roles/{role.pk}/", None),
        ("patch", f"/api/engagements/{pk}/rows/{row.pk}/", {"note": "Split"}),
        ("delete", f"/api/engagements/{pk}/rows/{row.pk}/", None),
        ("post", "/api/tools/", {"engagement": pk, "name": "RMM"}),
        ("patch", f"/api/tools/{tool.pk}/", {"name": "PSA two"}),
        ("delete", f"/api/tools/{tool.pk}/", None),
        ("post", f"/api/engagements/{pk}/controls/", {"framework": "nist-csf-2.0"}),
        ("post", f"/api/engagements/{pk}/transition/", {"domains": ["SEC"]}),
    ]


def _send(client, method, path, body, **headers):
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(path, body, format="json", **headers)


def test_every_content_write_without_if_match_is_428_and_changes_nothing(script, co_managed):
    for method, path, body in _writes(co_managed):
        before = Engagement.objects.get(pk=co_managed.pk).version

        response = _send(script, method, path, body)

        assert response.status_code == 428, (method, path, response.content)
        assert "If-Match" in response.json()["detail"]
        assert Engagement.objects.get(pk=co_managed.pk).version == before


def test_every_content_write_with_a_stale_etag_is_412_and_changes_nothing(script, co_managed):
    stale = f'"{co_managed.pk}-{co_managed.version - 1}"'
    for method, path, body in _writes(co_managed):
        before = Engagement.objects.get(pk=co_managed.pk).version

        response = _send(script, method, path, body, HTTP_IF_MATCH=stale)

        assert response.status_code == 412, (method, path, response.content)
        assert response.json()["current_version"] == before
        assert Engagement.objects.get(pk=co_managed.pk).version == before


@pytest.mark.parametrize(
    "method, path, body, expected",
    [
        ("patch", "/api/engagements/{pk}/", {"title": "New terms"}, 200),
        ("post", "/api/engagements/{pk}/roles/", {"name": "Auditor", "side": "vendor"}, 201),
        ("post", "/api/tools/", {"engagement": "{pk}", "name": "RMM"}, 201),
    ],
)
def test_a_change_answers_with_the_new_etag(script, co_managed, method, path, body, expected):
    body = {k: (co_managed.pk if v == "{pk}" else v) for k, v in body.items()}
    response = _send(
        script, method, path.format(pk=co_managed.pk), body, HTTP_IF_MATCH=co_managed.etag
    )

    assert response.status_code == expected, response.content
    stored = Engagement.objects.get(pk=co_managed.pk)
    assert stored.version == co_managed.version + 1
    assert response["ETag"] == stored.etag


def test_the_new_etag_is_good_for_the_next_write(script, co_managed):
    first = script.patch(
        f"/api/engagements/{co_managed.pk}/", {"title": "One"}, HTTP_IF_MATCH=co_managed.etag
    )
    second = script.patch(
        f"/api/engagements/{co_managed.pk}/", {"title": "Two"}, HTTP_IF_MATCH=first["ETag"]
    )
    replay = script.patch(
        f"/api/engagements/{co_managed.pk}/", {"title": "Three"}, HTTP_IF_MATCH=first["ETag"]
    )

    assert (first.status_code, second.status_code, replay.status_code) == (200, 200, 412)
    assert Engagement.objects.get(pk=co_managed.pk).title == "Two"


def test_twenty_writers_on_one_tool_without_if_match_change_nothing(script, co_managed):
    tool = Tool.objects.create(engagement=co_managed, name="PSA")

    answers = {
        script.patch(f"/api/tools/{tool.pk}/", {"name": f"PSA {n}"}).status_code for n in range(20)
    }

    assert answers == {428}
    tool.refresh_from_db()
    assert tool.name == "PSA"


def test_the_schema_documents_if_match_as_required_with_428_and_412(anon):
    schema = anon.get("/api/schema/?format=json").json()
    operations = [
        schema["paths"]["/api/tools/{id}/"]["patch"],
        schema["paths"]["/api/engagements/{id}/"]["patch"],
        schema["paths"]["/api/engagements/{engagement_pk}/roles/"]["post"],
        schema["paths"]["/api/engagements/{engagement_pk}/controls/"]["post"],
    ]
    for operation in operations:
        header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
        assert header["required"] is True
        assert {"412", "428"} <= set(operation["responses"])
