"""/api/assignments/: every cell across the engagements a user can see, flat and filterable."""

import pytest

from engagements.models import Assignment

pytestmark = pytest.mark.django_db

LIST = "/api/assignments/"


def rows(api, **query):
    response = api.get(LIST, {"page_size": 1000, **query})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_cell_reads_as_client_engagement_activity_role_and_letters(am, co_managed):
    [item] = rows(am, activity="patching.servers", role="MSP NOC")

    assert item["engagement"] == co_managed.pk
    assert item["client"] == "acme"
    assert item["status"] == "draft"
    assert item["domain"] == "patching"
    assert item["activity_name"]
    assert item["side"] == "msp"
    assert item["letters"] == "R"
    assert item["in_scope"] is True


def test_only_cells_of_visible_engagements_are_listed(am, other_am, co_managed, globex_engagement):
    assert {item["engagement"] for item in rows(am)} == {co_managed.pk}
    assert {item["engagement"] for item in rows(other_am)} == {globex_engagement.pk}
    assert len(rows(am)) == Assignment.objects.filter(row__engagement=co_managed).count()


def test_filters(admin, co_managed, globex_engagement, acme):
    assert {i["engagement"] for i in rows(admin, client="acme")} == {co_managed.pk}
    assert {i["engagement"] for i in rows(admin, client=acme.pk)} == {co_managed.pk}
    assert {i["engagement"] for i in rows(admin, engagement=globex_engagement.pk)} == {
        globex_engagement.pk
    }
    assert {i["domain"] for i in rows(admin, domain="security")} == {"security"}
    assert {i["side"] for i in rows(admin, side="internal")} == {"internal"}
    assert {i["role"] for i in rows(admin, role="msp soc")} == {"MSP SOC"}
    accountable = rows(admin, letter="A", engagement=co_managed.pk)
    assert accountable and all("A" in i["letters"] for i in accountable)
    in_scope = {i["activity"] for i in rows(admin, engagement=co_managed.pk)}
    assert len(in_scope) == co_managed.rows.filter(in_scope=True).count()
    assert rows(admin, status="signed_off") == []


def test_one_accountable_per_in_scope_activity_in_a_template(am, co_managed):
    accountable = rows(am, letter="A", in_scope="true")

    activities = [i["activity"] for i in accountable]
    assert len(activities) == len(set(activities)) == co_managed.rows.filter(in_scope=True).count()


@pytest.mark.parametrize(
    "query",
    [
        {"engagement": "abc"},
        {"engagement": "99999999999999999999999"},
        {"engagement": "-3"},
        {"letter": "X"},
        {"side": "both"},
        {"status": "gone"},
    ],
)
def test_a_bad_filter_is_400(am, co_managed, query):
    response = am.get(LIST, query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_by_default_cells_come_in_matrix_order(am, co_managed):
    domains = list(dict.fromkeys(i["domain"] for i in rows(am)))

    assert domains[:3] == ["staffing", "strategy", "tools"]


def test_ordering(am, co_managed):
    roles = [i["role"] for i in rows(am, activity="patching.servers", ordering="role")]
    assert roles == sorted(roles)
    reverse = [i["role"] for i in rows(am, activity="patching.servers", ordering="-role")]
    assert reverse == sorted(roles, reverse=True)


def test_one_cell_and_another_clients_cell(am, co_managed, globex_engagement):
    mine = Assignment.objects.filter(row__engagement=co_managed).first()
    theirs = Assignment.objects.filter(row__engagement=globex_engagement).first()

    assert am.get(f"{LIST}{mine.pk}/").json()["id"] == mine.pk
    assert am.get(f"{LIST}{theirs.pk}/").status_code == 404


def test_cells_are_read_only_here(am, co_managed):
    mine = Assignment.objects.filter(row__engagement=co_managed).first()

    assert am.post(LIST, {}).status_code == 405
    assert am.patch(f"{LIST}{mine.pk}/", {"letters": "A"}).status_code == 405


def test_anonymous_gets_401(anon):
    assert anon.get(LIST).status_code == 401
