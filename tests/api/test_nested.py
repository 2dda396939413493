"""Inside one engagement: roles (columns), rows (activities), comments, acknowledgements and
the workflow events."""

import pytest

from engagements import services
from engagements.models import (
    Activity,
    Assignment,
    Comment,
    Door,
    FindingAcknowledgement,
    MatrixRow,
    Role,
)
from tests.helpers.matrix import GAP_KEY, make_gap

pytestmark = pytest.mark.django_db


def base(engagement, what):
    return f"/api/engagements/{engagement.pk}/{what}/"


# -- roles ------------------------------------------------------------------------------------


def test_roles_are_listed_in_column_order(itm, co_managed):
    response = itm.get(base(co_managed, "roles"))

    names = [r["name"] for r in response.json()["results"]]
    assert names == list(co_managed.roles.order_by("order").values_list("name", flat=True))
    assert response.json()["results"][2]["absence_backup"] == "MSP NOC"


def test_an_account_manager_adds_a_role(am, co_managed):
    response = am.post(
        base(co_managed, "roles"),
        {
            "name": "Backup vendor",
            "side": "vendor",
            "person_name": "Dana at Vaultco",
            "absence_backup": "msp noc",
            "order": 5,
        },
        HTTP_IF_MATCH=co_managed.etag,
    )

    assert response.status_code == 201, response.json()
    role = Role.objects.get(engagement=co_managed, name="Backup vendor")
    assert (role.side, role.person_name, role.absence_backup.name, role.order) == (
        "vendor",
        "Dana at Vaultco",
        "MSP NOC",
        5,
    )
    assert role.history.first().door == Door.API
    assert response.json()["absence_backup"] == "MSP NOC"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "MSP NOC", "side": "msp"}, "name"),
        ({"name": "msp noc", "side": "msp"}, "name"),
        ({"name": "", "side": "msp"}, "name"),
        ({"name": "Auditor", "side": "auditor"}, "side"),
        ({"name": "Auditor", "side": "vendor", "absence_backup": "Nobody"}, "absence_backup"),
        ({"name": "Auditor", "side": "vendor", "order": -1}, "order"),
        ({"name": "Auditor", "side": "vendor", "order": 2**40}, "order"),
        ({"name": "A" * 121, "side": "vendor"}, "name"),
    ],
)
def test_bad_roles_are_400_and_add_nothing(am, co_managed, unchanged, body, field):
    with unchanged(co_managed):
        response = am.post(base(co_managed, "roles"), body)

    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_an_account_manager_renames_a_role_and_changes_its_backup(am, co_managed):
    role = co_managed.roles.get(name="MSP SOC")

    response = am.patch(
        f"{base(co_managed, 'roles')}{role.pk}/",
        {"name": "MSP security operations", "absence_backup": "MSP NOC"},
    )

    assert response.status_code == 200, response.json()
    role.refresh_from_db()
    assert role.name == "MSP security operations"
    assert role.absence_backup.name == "MSP NOC"
    doc = am.get(f"/api/engagements/{co_managed.pk}/matrix/").json()
    assert any(c["role"] == "MSP security operations" for c in doc["cells"])


def test_a_role_cannot_back_itself_up(am, co_managed, unchanged):
    role = co_managed.roles.get(name="MSP SOC")
    with unchanged(co_managed):
        response = am.patch(f"{base(co_managed, 'roles')}{role.pk}/", {"absence_backup": "MSP SOC"})

    assert response.status_code == 400
    assert "absence_backup" in response.json()


def test_an_account_manager_removes_a_role_and_its_cells(am, co_managed):
    role = co_managed.roles.get(name="MSP SOC")

    assert am.delete(f"{base(co_managed, 'roles')}{role.pk}/").status_code == 204
    assert not Role.objects.filter(pk=role.pk).exists()
    assert not Assignment.objects.filter(role_id=role.pk).exists()


def test_role_writes_with_a_stale_if_match_are_412(am, co_managed, unchanged):
    role = co_managed.roles.get(name="MSP SOC")
    with unchanged(co_managed):
        response = am.patch(
            f"{base(co_managed, 'roles')}{role.pk}/", {"name": "SOC"}, HTTP_IF_MATCH='"0-0"'
        )

    assert response.status_code == 412


def test_the_client_it_manager_cannot_touch_roles(itm, co_managed, unchanged):
    role = co_managed.roles.first()
    with unchanged(co_managed):
        assert itm.post(base(co_managed, "roles"), {"name": "X", "side": "msp"}).status_code == 403
        assert itm.patch(f"{base(co_managed, 'roles')}{role.pk}/", {"name": "X"}).status_code == 403
        assert itm.delete(f"{base(co_managed, 'roles')}{role.pk}/").status_code == 403


# -- rows -------------------------------------------------------------------------------------


def test_rows_are_listed_with_their_activity(am, co_managed):
    response = am.get(base(co_managed, "rows"), {"page_size": 100})

    assert response.json()["count"] == 71
    domains = [r["domain"] for r in response.json()["results"]]
    assert domains[0] == "staffing"  # matrix order: domains in catalog order
    assert list(dict.fromkeys(domains)) == list(
        co_managed.rows.order_by("activity__domain__order")
        .values_list("activity__domain__code", flat=True)
        .distinct()
    )
    first = response.json()["results"][0]
    assert {"activity", "name", "domain", "in_scope", "split_note", "required_coverage"} <= set(
        first
    )


def test_an_account_manager_scopes_a_row_and_writes_its_split_note(am, co_managed):
    row = co_managed.rows.get(activity__code="helpdesk.walk-up")

    response = am.patch(
        f"{base(co_managed, 'rows')}{row.pk}/",
        {"in_scope": False, "split_note": "  Nobody on site.  ", "coverage_need": "24x7"},
    )

    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert (row.in_scope, row.split_note, row.coverage_need) == (False, "Nobody on site.", "24x7")
    assert response.json()["required_coverage"] == "24x7"
    assert (
        am.patch(f"{base(co_managed, 'rows')}{row.pk}/", {"coverage_need": ""}).json()[
            "required_coverage"
        ]
        == row.activity.default_coverage
    )


@pytest.mark.parametrize(
    "body", [{"coverage_need": "always"}, {"in_scope": "perhaps"}, {"split_note": 5 * ["x"]}]
)
def test_bad_row_changes_are_400(am, co_managed, unchanged, body):
    row = co_managed.rows.first()
    with unchanged(co_managed):
        response = am.patch(f"{base(co_managed, 'rows')}{row.pk}/", body)

    assert response.status_code == 400
    assert set(body) == set(response.json())


def test_removing_and_adding_back_a_catalog_activity(am, co_managed):
    row = co_managed.rows.get(activity__code="cloud.iaas")

    assert am.delete(f"{base(co_managed, 'rows')}{row.pk}/").status_code == 204
    response = am.post(base(co_managed, "rows"), {"activity": "cloud.iaas"})

    assert response.status_code == 201, response.json()
    assert response.json()["activity"] == "cloud.iaas"
    assert MatrixRow.objects.filter(engagement=co_managed, activity__code="cloud.iaas").exists()


def test_an_account_manager_creates_a_custom_activity(am, co_managed):
    response = am.post(
        base(co_managed, "rows"),
        {"domain": "security", "name": "Review CCTV retention", "default_coverage": "24x7"},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["custom"] is True
    activity = Activity.objects.get(code=response.json()["activity"])
    assert activity.client == co_managed.client
    assert activity.default_coverage == "24x7"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"activity": "cloud.iaas"}, "activity"),  # already in the matrix
        ({"activity": "no.such"}, "activity"),
        ({"domain": "nowhere", "name": "X"}, "domain"),
        ({"domain": "security", "name": "review cctv retention"}, "name"),  # already added
        ({"domain": "security", "name": "manage endpoint protection (EDR)"}, "name"),  # catalog
        ({"domain": "security"}, "non_field_errors"),
        ({"activity": "cloud.iaas", "domain": "security", "name": "X"}, "non_field_errors"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_rows_are_400_and_add_nothing(am, co_managed, account_manager, unchanged, body, field):
    services.activity_create_custom(
        engagement=co_managed,
        domain=Activity.objects.get(code="security.edr").domain,
        name="Review CCTV retention",
        by=account_manager,
    )
    with unchanged(co_managed):
        response = am.post(base(co_managed, "rows"), body)

    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_another_clients_custom_activity_is_unknown(am, co_managed, globex_engagement, unchanged):
    theirs = services.activity_create_custom(
        engagement=globex_engagement,
        domain=globex_engagement.rows.first().activity.domain,
        name="Globex secret duty",
        by=globex_engagement.account_manager,
    )
    with unchanged(co_managed):
        response = am.post(base(co_managed, "rows"), {"activity": theirs.activity.code})

    assert response.status_code == 400


def test_the_client_it_manager_cannot_touch_rows(itm, co_managed, unchanged):
    row = co_managed.rows.first()
    with unchanged(co_managed):
        assert (
            itm.patch(f"{base(co_managed, 'rows')}{row.pk}/", {"in_scope": False}).status_code
            == 403
        )
        assert itm.delete(f"{base(co_managed, 'rows')}{row.pk}/").status_code == 403
        assert itm.post(base(co_managed, "rows"), {"activity": "cloud.iaas"}).status_code == 403


# -- comments ---------------------------------------------------------------------------------


def test_the_client_it_manager_comments_on_an_activity(
    itm, co_managed, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = itm.post(
            base(co_managed, "comments"),
            {"body": "Who patches the firewall firmware?", "activity": "patching.firmware"},
        )

    assert response.status_code == 201, response.json()
    assert response.json()["activity"] == "patching.firmware"
    assert response.json()["author"] == "itm"
    assert response.json()["author_name"] == "Kim Osei"
    assert Comment.objects.get().row.activity.code == "patching.firmware"
    assert len(mailoutbox) == 1


def test_comments_are_listed_and_filtered_by_activity(am, itm, co_managed):
    itm.post(base(co_managed, "comments"), {"body": "General question"})
    itm.post(base(co_managed, "comments"), {"body": "On EDR", "activity": "security.edr"})

    everything = am.get(base(co_managed, "comments")).json()["results"]
    on_edr = am.get(base(co_managed, "comments"), {"activity": "security.edr"}).json()["results"]

    assert [c["body"] for c in everything] == ["General question", "On EDR"]
    assert [c["body"] for c in on_edr] == ["On EDR"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": "Hi", "activity": "no.such"}, "activity"),
        ({"body": {"text": "Hi"}}, "body"),
    ],
)
def test_bad_comments_are_400(itm, co_managed, unchanged, body, field):
    with unchanged(co_managed):
        response = itm.post(base(co_managed, "comments"), body)

    assert response.status_code == 400
    assert field in response.json()


def test_comments_on_a_signed_off_revision_are_409(itm, signed_off, unchanged):
    with unchanged(signed_off):
        assert itm.post(base(signed_off, "comments"), {"body": "Too late"}).status_code == 409


# -- acknowledgements -------------------------------------------------------------------------


def test_accepting_an_error_for_sign_off(itm, co_managed, account_manager):
    make_gap(co_managed, account_manager)

    response = itm.post(
        base(co_managed, "acknowledgements"),
        {"finding_key": GAP_KEY, "reason": "Our vendor patches the servers."},
    )

    assert response.status_code == 201, response.json()
    ack = FindingAcknowledgement.objects.get(engagement=co_managed)
    assert (ack.finding_key, ack.by.username) == (GAP_KEY, "itm")
    listed = itm.get(base(co_managed, "acknowledgements")).json()["results"]
    assert [a["finding_key"] for a in listed] == [GAP_KEY]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"finding_key": "NOPE:engagement", "reason": "x"}, "finding_key"),
        ({"finding_key": GAP_KEY, "reason": ""}, "reason"),
        ({"finding_key": GAP_KEY}, "reason"),
    ],
)
def test_bad_acknowledgements_are_400(am, co_managed, account_manager, unchanged, body, field):
    make_gap(co_managed, account_manager)
    with unchanged(co_managed):
        response = am.post(base(co_managed, "acknowledgements"), body)

    assert response.status_code == 400
    assert field in response.json()


def test_withdrawing_an_acknowledgement(am, co_managed, account_manager):
    make_gap(co_managed, account_manager)
    ack = services.finding_acknowledge(
        engagement=co_managed, finding_key=GAP_KEY, reason="x", by=account_manager
    )

    assert am.delete(f"{base(co_managed, 'acknowledgements')}{ack.pk}/").status_code == 204
    assert not FindingAcknowledgement.objects.exists()


# -- events -----------------------------------------------------------------------------------


def test_workflow_events_are_listed_oldest_first(itm, in_review):
    events = itm.get(base(in_review, "events")).json()["results"]

    assert [e["transition"] for e in events] == ["create", "submit"]
    assert events[1]["by"] == "am"


# -- scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["roles", "rows", "comments", "acknowledgements", "events"])
def test_another_clients_people_get_404(other_am, other_itm, co_managed, unchanged, what):
    with unchanged(co_managed):
        assert other_am.get(base(co_managed, what)).status_code == 404
        assert other_itm.get(base(co_managed, what)).status_code == 404
        assert other_am.post(base(co_managed, what), {"name": "x", "body": "x"}).status_code in (
            404,
            405,
        )


@pytest.mark.parametrize("what", ["roles", "rows", "comments", "acknowledgements", "events"])
def test_anonymous_gets_401(anon, co_managed, what):
    assert anon.get(base(co_managed, what)).status_code == 401


@pytest.mark.parametrize("engagement_pk", ["x", "0", "99999999999999999999999"])
def test_impossible_engagement_ids_are_404(am, engagement_pk):
    assert am.get(f"/api/engagements/{engagement_pk}/roles/").status_code == 404


def test_a_role_of_another_engagement_is_404_under_this_one(am, co_managed, fully_managed):
    role = fully_managed.roles.first()

    assert am.get(f"{base(co_managed, 'roles')}{role.pk}/").status_code == 404
