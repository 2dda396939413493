"""The grid's own doors: a save that sends only what changed (JSON), the rows a large matrix
loads as it scrolls, and one role's letter on many rows."""

import json
import re

import pytest

from engagements import services
from engagements.models import Engagement, Side
from tests.helpers import bulk
from tests.helpers.matrix import letters, role_of, row_of

pytestmark = pytest.mark.django_db


def save(client, engagement, *cells, version=None, since=None):
    engagement.refresh_from_db()
    body = {
        "version": engagement.version if version is None else version,
        "since": (since or engagement.updated_at).isoformat(),
        "cells": [
            {"row": row.pk, "role": role.pk, "letters": typed, "was": was}
            for row, role, typed, was in cells
        ],
    }
    return client.post(
        f"/engagements/{engagement.pk}/grid/save/",
        json.dumps(body),
        content_type="application/json",
    )


@pytest.fixture
def am(client, account_manager):
    client.force_login(account_manager)
    return client


def test_a_saved_cell_says_what_it_was_saved_as_when_typed_another_way(am, co_managed):
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    response = save(am, co_managed, (row, role, "AA", letters(row, role)))
    assert response.status_code == 200
    (cell,) = response.json()["saved"]
    assert (cell["letters"], cell["note"]) == ("A", "saved as A")
    assert letters(row, role) == "A"
    response = save(am, co_managed, (row, role, "r/r", "A"))
    assert response.json()["saved"][0]["note"] == "saved as R"
    response = save(am, co_managed, (row, role, "ar", "R"))
    assert response.json()["saved"][0]["note"] == ""  # "ar" reads as A/R


def test_a_save_answers_with_the_findings_drawn_again(am, co_managed):
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    data = save(am, co_managed, (row, role, "", letters(row, role))).json()
    assert data["version"] == Engagement.objects.get(pk=co_managed.pk).version
    assert 'id="findings-panel"' in data["html"]["findings-panel"]
    assert f"row-findings-{row.pk}" in data["html"]
    assert 'id="status"' in data["html"]["status"]


def test_cells_others_saved_meanwhile_come_back_with_the_save(am, co_managed, account_manager):
    co_managed.refresh_from_db()
    seen_version, seen_at = co_managed.version, co_managed.updated_at
    row = row_of(co_managed, "patching.servers")
    noc, desk = role_of(co_managed, "MSP NOC"), role_of(co_managed, "Internal service desk")
    shown = letters(row, noc)
    services.matrix_cells_set(
        engagement=co_managed,
        changes=[services.CellChange(row=row, role=desk, letters="C")],
        by=account_manager,
    )
    response = save(am, co_managed, (row, noc, "I", shown), version=seen_version, since=seen_at)
    assert response.status_code == 200
    others = response.json()["others"]
    assert {"row": row.pk, "role": desk.pk, "letters": "C", "display": "C"} in others
    assert letters(row, noc) == "I"


def test_the_same_cell_changed_by_someone_else_comes_back_as_a_conflict(
    client, co_managed, account_manager, acme
):
    from engagements.models import MembershipKind
    from tests.factories import MembershipFactory, UserFactory

    jordan = UserFactory(username="jordan", first_name="Jordan", last_name="Lee")
    MembershipFactory(user=jordan, client=acme, kind=MembershipKind.ACCOUNT_MANAGER)
    row, noc = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    shown = letters(row, noc)
    services.matrix_cells_set(
        engagement=co_managed,
        changes=[services.CellChange(row=row, role=noc, letters="C")],
        by=jordan,
    )
    client.force_login(account_manager)
    response = save(client, co_managed, (row, noc, "I", shown))
    assert response.status_code == 409
    (conflict,) = response.json()["conflicts"]
    assert (conflict["letters"], conflict["mine"]) == ("C", "I")
    assert "Jordan Lee saved C here" in conflict["message"]
    assert letters(row, noc) == "C"


def test_bad_letters_are_each_named_with_activity_and_role_and_nothing_is_saved(am, co_managed):
    row = row_of(co_managed, "patching.servers")
    noc, desk = role_of(co_managed, "MSP NOC"), role_of(co_managed, "Internal service desk")
    before = letters(row, noc)
    response = save(am, co_managed, (row, noc, "I", before), (row, desk, "X", letters(row, desk)))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["message"].startswith("Deploy server patches, Internal service desk:")
    assert '"X"' in error["message"]
    assert letters(row, noc) == before


def test_a_block_bigger_than_a_form_may_carry_is_saved_in_one_request(
    am, acme, account_manager, settings
):
    """A domain's form of 50 rows x 20 roles was refused (too many fields); a grid save
    is one JSON body, whatever the number of cells."""
    draft = bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(200))
    roles = list(draft.roles.all())
    rows = list(draft.rows.all()[:200])
    cells = [(row, role, "I", letters(row, role)) for row in rows for role in roles]
    assert len(cells) > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = save(am, draft, *cells)
    assert response.status_code == 200, response.content[:300]
    assert all(letters(row, roles[0]) == "I" for row in rows[:5])


def test_a_save_costs_the_same_queries_for_10_or_300_activities(
    am, acme, account_manager, django_assert_max_num_queries
):
    for size in (10, 300):
        draft = bulk.engagement(
            client=acme, account_manager=account_manager, acts=bulk.activities(size)
        )
        row, role = draft.rows.first(), draft.roles.first()
        with django_assert_max_num_queries(45):
            response = save(am, draft, (row, role, "C", letters(row, role)))
        assert response.status_code == 200


def test_the_grid_renders_its_first_rows_and_loads_the_rest(am, acme, account_manager):
    draft = bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(300))
    html = am.get(f"/engagements/{draft.pk}/").content.decode()
    assert html.count('class="matrix-row') == 60
    assert 'class="more-rows"' in html
    domain = draft.rows.select_related("activity").first().activity.domain_id
    rows = am.get(f"/engagements/{draft.pk}/grid/rows/?domain={domain}&start=0")
    assert rows.status_code == 200
    assert 0 < rows.content.decode().count('class="matrix-row') <= 100


def test_without_javascript_a_domain_opens_whole(am, acme, account_manager):
    draft = bulk.engagement(client=acme, account_manager=account_manager, acts=bulk.activities(300))
    first = draft.rows.select_related("activity").order_by("-order").first().activity
    in_domain = draft.rows.filter(activity__domain_id=first.domain_id).count()
    html = am.get(f"/engagements/{draft.pk}/?domain={first.domain_id}").content.decode()
    assert html.count('class="matrix-row') >= in_domain


def test_a_search_shows_only_matching_activities(am, co_managed):
    html = am.get(f"/engagements/{co_managed.pk}/?q=server+patches").content.decode()
    assert "Deploy server patches" in html
    assert "Deploy workstation patches" not in html
    assert "1 activity match" in html


def test_a_role_filter_shows_the_rows_it_is_r_or_a_on(am, co_managed):
    role = role_of(co_managed, "MSP NOC")
    response = am.get(f"/engagements/{co_managed.pk}/?role={role.pk}&letters=RA")
    shown = response.context["matrix"]
    for domain in shown.domains:
        for row_view in domain.rows:
            assert {"R", "A"} & set(letters(row_view.row, role))


def test_a_kind_of_finding_is_fixed_in_one_click(am, co_managed):
    from engagements.analysis import engagement_findings
    from engagements.selectors import load_matrix

    def not_informed():
        return [
            f
            for f in engagement_findings(load_matrix(co_managed))
            if f.code == "GAP_CLIENT_NOT_INFORMED"
        ]

    # Two activities left with nobody in the client's team told.
    internal = co_managed.roles.filter(side=Side.INTERNAL)
    rows = [row_of(co_managed, "patching.servers"), row_of(co_managed, "patching.workstations")]
    services.matrix_cells_set(
        engagement=co_managed,
        changes=[services.CellChange(row=r, role=i, letters="") for r in rows for i in internal],
        by=co_managed.account_manager,
    )
    assert len(not_informed()) >= 2
    co_managed.refresh_from_db()
    role = role_of(co_managed, "Client IT manager")
    response = am.post(
        f"/engagements/{co_managed.pk}/grid/bulk/",
        {
            "finding": "GAP_CLIENT_NOT_INFORMED",
            "role": role.pk,
            "letter": "I",
            "mode": "add",
            "expected_version": co_managed.version,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not not_informed()
    assert "Added Client IT manager as I on" in response.content.decode()


def test_a_bulk_letter_on_a_matrix_changed_since_saves_nothing(am, co_managed):
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    before = letters(row, role)
    response = am.post(
        f"/engagements/{co_managed.pk}/grid/bulk/",
        {
            "rows": str(row.pk),
            "role": role.pk,
            "letter": "C",
            "mode": "replace",
            "expected_version": co_managed.version - 1,
        },
        follow=True,
    )
    assert "Nothing was changed" in response.content.decode()
    assert letters(row, role) == before


def test_the_findings_come_before_the_grid_in_the_page(am, co_managed):
    html = am.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert html.index('id="findings-panel"') < html.index('id="grid"')
    # The skip link to the first cell is the second link of the page.
    assert html.index("data-grid-focus") < html.index('class="site-header"')


def test_someone_who_cannot_see_the_engagement_finds_no_grid(
    client, other_account_manager, co_managed
):
    client.force_login(other_account_manager)
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    assert save(client, co_managed, (row, role, "C", "")).status_code == 404
    domain = row.activity.domain_id
    url = f"/engagements/{co_managed.pk}/grid/rows/?domain={domain}"
    assert client.get(url).status_code == 404
    assert letters(row, role) != "C"


def test_the_client_may_not_save_cells(client, client_it_manager, co_managed):
    client.force_login(client_it_manager)
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    assert save(client, co_managed, (row, role, "C", letters(row, role))).status_code == 403


def test_without_javascript_a_large_domain_is_saved_in_forms_under_the_field_limit(
    am, co_managed, settings
):
    """Each form carries at most DATA_UPLOAD_MAX_NUMBER_FIELDS fields: a large domain gets
    one form (and one button) per block of rows."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 80
    html = am.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert "Save the letters of rows 1 to" in html
    row, role = row_of(co_managed, "patching.servers"), role_of(co_managed, "MSP NOC")
    form_id = re.search(rf'name="c-{row.pk}-{role.pk}"[^>]*form="([^"]+)"', html)[1]
    fields = re.findall(rf'name="(c-\d+-\d+)" value="([^"]*)" form="{form_id}"', html)
    assert 0 < len(fields) <= 80
    data = {name: ("C" if name == f"c-{row.pk}-{role.pk}" else value) for name, value in fields}
    co_managed.refresh_from_db()
    data["expected_version"] = co_managed.version
    response = am.post(f"/engagements/{co_managed.pk}/cells/", data)
    assert response.status_code == 302
    assert letters(row, role) == "C"
