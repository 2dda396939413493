"""/api/tools/: the tools of every engagement a user can see; who owns each, who
administers it, and what happens to it when the engagement ends."""

import pytest

from engagements.models import Door, Tool

pytestmark = pytest.mark.django_db

LIST = "/api/tools/"


def names(response):
    assert response.status_code == 200, response.content
    return [t["name"] for t in response.json()["results"]]


def detail(tool):
    return f"{LIST}{tool.pk}/"


def test_tools_of_visible_engagements(am, other_am, co_managed, globex_engagement):
    assert {t["engagement"] for t in am.get(LIST).json()["results"]} == {co_managed.pk}
    assert {t["engagement"] for t in other_am.get(LIST).json()["results"]} == {globex_engagement.pk}


def test_a_tool_reads_with_its_owner_administrator_and_exit_terms(itm, co_managed):
    [rmm] = [t for t in itm.get(LIST).json()["results"] if t["name"] == "MSP RMM"]

    assert rmm["client"] == "acme"
    assert rmm["owner_side"] == "msp"
    assert rmm["administered_by"] == "MSP NOC"
    assert rmm["exit_fate"] == "removed"


def test_filters_by_owning_side_and_exit_terms(am, co_managed, account_manager):
    Tool.objects.create(engagement=co_managed, name="Password vault", owner_side="")

    assert set(names(am.get(LIST, {"owner_side": "internal"}))) == {
        "Client ticketing system",
        "Backup platform",
        "Microsoft 365 tenant",
    }
    assert set(names(am.get(LIST, {"exit_fate": "removed"}))) == {
        "MSP RMM",
        "Endpoint detection and response",
    }
    assert names(am.get(LIST, {"exit_fate": "none"})) == ["Password vault"]
    assert names(am.get(LIST, {"owner_side": "none"})) == ["Password vault"]
    assert names(am.get(LIST, {"category": "rmm", "client": "acme"})) == ["MSP RMM"]


@pytest.mark.parametrize(
    "query", [{"owner_side": "client"}, {"exit_fate": "burned"}, {"engagement": "1e3"}]
)
def test_a_bad_filter_is_400(am, co_managed, query):
    assert am.get(LIST, query).status_code == 400


def test_ordering_and_pagination(am, co_managed):
    ordered = names(am.get(LIST, {"ordering": "-name"}))
    assert ordered == sorted(ordered, reverse=True)
    assert len(names(am.get(LIST, {"page_size": 2}))) == 2


def test_an_account_manager_lists_a_tool(am, co_managed):
    response = am.post(
        LIST,
        {
            "engagement": co_managed.pk,
            "name": "Password vault",
            "category": "Security",
            "owner_side": "internal",
            "licence_holder_side": "internal",
            "administered_by": "internal systems administrator",
            "exit_fate": "client_keeps",
            "notes": "Break-glass accounts live here.",
        },
        HTTP_IF_MATCH=co_managed.etag,
    )

    assert response.status_code == 201, response.json()
    tool = Tool.objects.get(engagement=co_managed, name="Password vault")
    assert tool.administered_by.name == "Internal systems administrator"
    assert response.json()["administered_by"] == "Internal systems administrator"
    assert tool.history.first().door == Door.API


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": ""}, "name"),
        ({"name": "msp rmm"}, "name"),
        ({"owner_side": "client"}, "owner_side"),
        ({"exit_fate": "burned"}, "exit_fate"),
        ({"administered_by": "Nobody"}, "administered_by"),
        ({"engagement": "x"}, "engagement"),
        ({"engagement": 1.5}, "engagement"),
        ({"notes": "x" * 10_001}, "notes"),
    ],
)
def test_bad_input_is_400_and_adds_nothing(am, co_managed, unchanged, change, field):
    body = {"engagement": co_managed.pk, "name": "Vault", **change}
    with unchanged(co_managed):
        response = am.post(LIST, body)

    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_a_tool_in_another_clients_engagement_cannot_be_added(other_am, co_managed, unchanged):
    with unchanged(co_managed):
        response = other_am.post(LIST, {"engagement": co_managed.pk, "name": "Vault"})

    assert response.status_code == 400
    assert "engagement" in response.json()


def test_the_client_it_manager_cannot_add_change_or_remove_tools(itm, co_managed, unchanged):
    tool = co_managed.tools.first()
    with unchanged(co_managed):
        assert itm.post(LIST, {"engagement": co_managed.pk, "name": "Vault"}).status_code == 403
        assert itm.patch(detail(tool), {"notes": "mine"}).status_code == 403
        assert itm.delete(detail(tool)).status_code == 403


def test_an_account_manager_changes_the_exit_terms(am, co_managed):
    tool = co_managed.tools.get(name="Backup platform")

    response = am.patch(detail(tool), {"exit_fate": "transfers_to_client", "administered_by": None})

    assert response.status_code == 200, response.json()
    tool.refresh_from_db()
    assert tool.exit_fate == "transfers_to_client"
    assert tool.administered_by is None


def test_a_stale_if_match_is_412_and_changes_nothing(am, co_managed, unchanged):
    tool = co_managed.tools.first()
    stale = co_managed.etag
    am.patch(detail(tool), {"notes": "first"}, HTTP_IF_MATCH=stale)
    co_managed.refresh_from_db()

    with unchanged(co_managed):
        response = am.patch(detail(tool), {"notes": "second"}, HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert Tool.objects.get(pk=tool.pk).notes == "first"


def test_an_account_manager_removes_a_tool(am, co_managed):
    tool = co_managed.tools.first()

    assert am.delete(detail(tool)).status_code == 204
    assert not Tool.objects.filter(pk=tool.pk).exists()


def test_tools_of_a_signed_off_revision_cannot_change(am, signed_off, unchanged):
    tool = signed_off.tools.first()
    with unchanged(signed_off):
        assert am.patch(detail(tool), {"notes": "late"}).status_code == 409
        assert am.delete(detail(tool)).status_code == 409
        assert am.post(LIST, {"engagement": signed_off.pk, "name": "Late"}).status_code == 409


def test_another_clients_tool_is_404(other_am, co_managed, unchanged):
    tool = co_managed.tools.first()
    with unchanged(co_managed):
        assert other_am.get(detail(tool)).status_code == 404
        assert other_am.patch(detail(tool), {"notes": "x"}).status_code == 404
        assert other_am.delete(detail(tool)).status_code == 404


def test_anonymous_gets_401(anon, co_managed):
    assert anon.get(LIST).status_code == 401
    assert anon.post(LIST, {"engagement": co_managed.pk, "name": "x"}).status_code == 401
