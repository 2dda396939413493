"""One activity: scope, split note, coverage per window, and its discussion."""

from html import unescape

import pytest

from engagements.models import Coverage, MatrixRow, Window
from tests.helpers.http import HTMX
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tier1(co_managed):
    """First-line helpdesk: shared between the internal and the MSP desk, with a split note."""
    return row_of(co_managed, "helpdesk.tier1")


def settings_form(row, **overrides):
    prefix = f"r{row.pk}-"
    coverage = {
        window: Coverage.objects.filter(row=row, window=window).values_list("role_id", flat=True)
        for window in Window.values
    }
    data = {
        "expected_version": row.engagement.version,
        prefix + "in_scope": "on" if row.in_scope else "",
        prefix + "split_note": row.split_note,
        prefix + "coverage_need": row.coverage_need,
        **{prefix + f"cover_{w}": (ids.first() or "") for w, ids in coverage.items()},
    }
    data.update({prefix + key: value for key, value in overrides.items()})
    return data


def test_the_activity_page_shows_letters_coverage_and_discussion(
    client, client_it_manager, co_managed, tier1
):
    client.force_login(client_it_manager)
    response = client.get(f"/engagements/{co_managed.pk}/rows/{tier1.pk}/")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert f'<h2 id="detail-title-{tier1.pk}">{tier1.activity.name}</h2>' in html
    assert tier1.split_note in html
    assert "Comment on " + tier1.activity.name in html
    assert "Save " + tier1.activity.name not in html  # read-only for the client


def test_htmx_loads_the_activity_under_its_row(client, account_manager, co_managed, tier1):
    client.force_login(account_manager)
    response = client.get(f"/engagements/{co_managed.pk}/rows/{tier1.pk}/", **HTMX)
    html = response.content.decode()
    assert html.startswith(f'<tr id="detail-{tier1.pk}" class="row-detail">')
    assert f'hx-post="/engagements/{co_managed.pk}/rows/{tier1.pk}/"' in html


def test_taking_an_activity_out_of_scope_and_writing_its_split(
    client, account_manager, co_managed, tier1
):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/rows/{tier1.pk}/",
        settings_form(tier1, in_scope="", split_note="The MSP desk takes everything."),
        **HTMX,
    )
    html = response.content.decode()
    tier1.refresh_from_db()
    assert response.status_code == 200
    assert (tier1.in_scope, tier1.split_note) == (False, "The MSP desk takes everything.")
    # The row itself comes back out of band, marked out of scope.
    assert f'<tr id="row-{tier1.pk}" class="matrix-row out-of-scope"' in html
    assert "Saved " in html


def test_coverage_is_set_per_window_in_one_change(client, account_manager, co_managed, tier1):
    soc = role_of(co_managed, "MSP SOC")
    client.force_login(account_manager)
    client.post(
        f"/engagements/{co_managed.pk}/rows/{tier1.pk}/",
        settings_form(
            tier1,
            coverage_need="24x7",
            cover_after_hours=soc.pk,
            cover_weekends_holidays=soc.pk,
            cover_absence_backup="",
        ),
    )
    tier1.refresh_from_db()
    assert tier1.coverage_need == "24x7"
    covered = dict(Coverage.objects.filter(row=tier1).values_list("window", "role__name"))
    assert covered[Window.AFTER_HOURS] == covered[Window.WEEKENDS_HOLIDAYS] == "MSP SOC"
    assert Window.ABSENCE_BACKUP not in covered


def test_a_role_of_another_engagement_is_refused_and_nothing_changes(
    client, account_manager, co_managed, fully_managed, tier1
):
    before = list(Coverage.objects.filter(row=tier1).values_list("window", "role_id"))
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/rows/{tier1.pk}/",
        settings_form(
            tier1,
            split_note="changed",
            cover_after_hours=fully_managed.roles.first().pk,
        ),
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    tier1.refresh_from_db()
    assert tier1.split_note != "changed"
    assert list(Coverage.objects.filter(row=tier1).values_list("window", "role_id")) == before


def test_a_stale_version_saves_nothing_from_the_row_form(
    client, account_manager, co_managed, tier1
):
    client.force_login(account_manager)
    data = settings_form(tier1, split_note="mine", in_scope="")
    data["expected_version"] = co_managed.version - 1
    response = client.post(f"/engagements/{co_managed.pk}/rows/{tier1.pk}/", data, **HTMX)
    assert response.status_code == 412
    assert "since you loaded it" in response.content.decode()
    tier1.refresh_from_db()
    assert (tier1.in_scope, tier1.split_note) != (False, "mine")


def test_a_client_it_manager_cannot_change_an_activity(
    client, client_it_manager, co_managed, tier1
):
    client.force_login(client_it_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/rows/{tier1.pk}/", settings_form(tier1, in_scope="")
    )
    assert response.status_code == 403
    assert MatrixRow.objects.get(pk=tier1.pk).in_scope is True


def test_another_clients_people_get_a_404(client, other_client_it_manager, co_managed, tier1):
    client.force_login(other_client_it_manager)
    assert client.get(f"/engagements/{co_managed.pk}/rows/{tier1.pk}/").status_code == 404


def test_an_activity_can_be_removed_and_brought_back(client, account_manager, co_managed, tier1):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/rows/{tier1.pk}/remove/",
        {"expected_version": co_managed.version},
    )
    assert response.status_code == 302
    assert not MatrixRow.objects.filter(pk=tier1.pk).exists()
    co_managed.refresh_from_db()
    page = client.get(f"/engagements/{co_managed.pk}/")
    assert "Bring back an activity" in page.content.decode()
    client.post(
        f"/engagements/{co_managed.pk}/rows/add/",
        {"expected_version": co_managed.version, "row-add-activity": tier1.activity_id},
    )
    assert MatrixRow.objects.filter(engagement=co_managed, activity=tier1.activity).exists()
