"""/api/engagements/{id}/diff/?old=&new=: what changed between two revisions, in words.

Whoever sees the engagement reads it (by any of its revisions' ids); another client's
people get 404; a missing or unknown revision number is a 400 naming the parameter."""

import pytest

from engagements import services
from engagements.models import MatrixRow, Origination, Role
from tests.helpers.compliance import select
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


@pytest.fixture
def revisions(co_managed, account_manager, client_it_manager, hipaa):
    """Revision 1 signed off with one HIPAA control said not to apply; revision 2 a draft
    where the NOC answers for server patches, the control is shared and another is added."""
    (chosen,) = select(co_managed, hipaa, "164.312(b)", by=account_manager).values()
    services.control_responsibility_update(
        responsibility=chosen, by=account_manager, origination=Origination.NOT_APPLICABLE
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    new = services.engagement_revise(engagement=co_managed, by=account_manager)
    row = MatrixRow.objects.get(engagement=new, activity__code="patching.servers")
    roles = {r.name: r for r in Role.objects.filter(engagement=new)}
    services.matrix_cells_set(
        engagement=new,
        changes=[
            services.CellChange(row, roles["MSP NOC"], "A/R"),
            services.CellChange(row, roles["Client IT manager"], ""),
        ],
        by=account_manager,
    )
    (shared,) = new.control_responsibilities.all()
    services.control_responsibility_update(
        responsibility=shared,
        by=account_manager,
        origination=Origination.SHARED,
        split_description="The MSP keeps the logs; the client reviews them.",
    )
    select(new, hipaa, "164.312(d)", by=account_manager)
    return co_managed, new


def diff_of(api, engagement, query="?old=1&new=2"):
    return api.get(f"/api/engagements/{engagement.pk}/diff/{query}")


@pytest.mark.parametrize("who", ["am", "itm"])
def test_both_sides_read_the_diff_in_words(request, revisions, who):
    old, new = revisions
    response = diff_of(request.getfixturevalue(who), old)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["old_revision"], body["new_revision"], body["empty"]) == (1, 2, False)
    cells = {(c["activity"], c["role"]): c for c in body["cells"]}
    assert cells[("patching.servers", "MSP NOC")]["after"] == "A/R"
    assert {c["change"] for c in body["cells"]} <= {"added", "removed", "changed"}
    assert body["controls"]["added"] == [
        {
            "framework": body["controls"]["added"][0]["framework"],
            "control_id": "164.312(d)",
            "title": "Person or entity authentication",
            "origination": "",
        }
    ]
    (changed,) = body["controls"]["changed"]
    assert changed["control_id"] == "164.312(b)"
    assert {
        "field": "origination",
        "label": "Origination",
        "before": "Not applicable",
        "after": "Shared",
    } in changed["changes"]
    assert body["counts"]["controls"] == 2


def test_the_diff_is_the_same_from_either_revisions_id(am, revisions):
    old, new = revisions
    assert diff_of(am, old).json() == diff_of(am, new).json()


def test_an_emptied_cell_is_marked_removed(am, revisions):
    old, _new = revisions
    cells = diff_of(am, old).json()["cells"]
    emptied = [c for c in cells if c["after"] == ""]
    assert emptied and all(c["change"] == "removed" for c in emptied)


def test_the_same_revision_twice_is_an_empty_diff(am, revisions):
    old, _new = revisions
    body = diff_of(am, old, "?old=2&new=2").json()
    assert body["empty"] is True
    assert body["cells"] == [] and body["controls"]["added"] == []


@pytest.mark.parametrize(
    "query, field",
    [
        ("", "old"),
        ("?old=1", "new"),
        ("?old=x&new=2", "old"),
        ("?old=1&new=9", "new"),
        ("?old=0&new=2", "old"),
        ("?old=1&new=99999999999999", "new"),
    ],
)
def test_a_missing_or_unknown_revision_is_a_400_naming_the_parameter(am, revisions, query, field):
    old, _new = revisions
    response = diff_of(am, old, query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("who", ["other_am", "other_itm"])
def test_another_clients_people_get_a_404(request, revisions, who):
    old, _new = revisions
    response = diff_of(request.getfixturevalue(who), old)
    assert response.status_code == 404


def test_anonymous_callers_get_a_401(anon, revisions):
    old, _new = revisions
    assert diff_of(anon, old).status_code == 401


def test_the_diff_is_in_the_schema(am):
    schema = am.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/engagements/{id}/diff/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"old", "new"}
    assert "200" in operation["responses"]
