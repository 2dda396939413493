"""The audit trail page: who changed what, when, through which door, old and new value.

Both sides of the engagement (its account manager and the client's IT managers) and
superusers see it; another client's people get a 404 and anonymous visitors the login page.
"""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engagements import services
from engagements.doors import through
from engagements.exports import layout as L
from engagements.models import Door, Engagement, MatrixRow, Role
from tests.helpers.http import admin_form_data
from tests.helpers.workbook import cell as workbook_cell
from tests.helpers.workbook import edited, export

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit(engagement, query=""):
    return f"/engagements/{engagement.pk}/audit/{query}"


def row_of(engagement, code):
    return MatrixRow.objects.select_related("activity").get(
        engagement=engagement, activity__code=code
    )


def role_of(engagement, name):
    return Role.objects.get(engagement=engagement, name=name)


def entries(response) -> list:
    """The trail entries the page showed: (kind, door, subject, action, changes)."""
    return [
        (entry.kind, door, entry.subject, entry.action, entry.changes)
        for entry, door, _kind in response.context["entries"]
    ]


def kinds_through(response, door_label) -> set[str]:
    return {kind for kind, door, *_ in entries(response) if door == door_label}


def set_cell(engagement, code, role, letters, by, door=Door.PAGE):
    with through(door):
        services.assignment_set(
            engagement=engagement,
            row=row_of(engagement, code),
            role=role_of(engagement, role),
            letters=letters,
            by=by,
        )


# -- who may see it ---------------------------------------------------------------------------


def test_the_engagement_page_links_to_its_audit_trail(client, client_it_manager, co_managed):
    client.force_login(client_it_manager)
    html = client.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert f'href="{audit(co_managed)}"' in html
    assert "Audit trail" in html


@pytest.mark.parametrize("who", ["account_manager", "client_it_manager", "admin_user"])
def test_both_sides_of_the_engagement_and_superusers_see_the_trail(
    request, client, co_managed, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(audit(co_managed))
    assert response.status_code == 200
    assert "Audit trail of revision 1" in response.content.decode()


@pytest.mark.parametrize("who", ["other_account_manager", "other_client_it_manager"])
def test_another_clients_people_get_a_404(request, client, co_managed, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(audit(co_managed)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, co_managed):
    response = client.get(audit(co_managed))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_engagement_that_does_not_exist_is_a_404(client, account_manager):
    client.force_login(account_manager)
    assert client.get("/engagements/999999/audit/").status_code == 404


# -- what it shows ----------------------------------------------------------------------------


def test_a_cell_change_shows_when_who_door_what_and_old_and_new(
    client, account_manager, client_it_manager, co_managed
):
    set_cell(co_managed, "patching.servers", "MSP NOC", "A/R", account_manager)
    client.force_login(client_it_manager)
    response = client.get(audit(co_managed))
    html = unescape(response.content.decode())
    newest = entries(response)[0]
    assert newest[:4] == ("cell", "Web page", "Deploy server patches × MSP NOC", "changed")
    assert [(c.field, c.old, c.new) for c in newest[4]] == [("letters", "R", "A/R")]
    assert "<del>R</del> → <ins>A/R</ins>" in html
    assert '<td rowspan="1" title="am">Alex Morgan</td>' in html
    assert "<time datetime=" in html


def test_the_trail_is_filtered_by_door_and_by_kind_of_object(client, account_manager, co_managed):
    set_cell(co_managed, "patching.servers", "MSP NOC", "A/R", account_manager, Door.API)
    with through(Door.PAGE):
        services.tool_add(engagement=co_managed, name="Firewall manager", by=account_manager)
    client.force_login(account_manager)

    by_api = entries(client.get(audit(co_managed, "?door=api")))
    assert [(kind, door) for kind, door, *_ in by_api] == [("cell", "API")]

    tools = entries(client.get(audit(co_managed, "?kind=tool")))
    assert {(kind, subject) for kind, _door, subject, *_ in tools} >= {("tool", "Firewall manager")}
    assert {kind for kind, *_ in tools} == {"tool"}

    both = entries(client.get(audit(co_managed, "?door=api&kind=tool")))
    assert both == []


def test_an_unknown_filter_value_shows_the_whole_trail_with_the_error(
    client, account_manager, co_managed
):
    client.force_login(account_manager)
    response = client.get(audit(co_managed, "?door=<script>"))
    assert response.status_code == 200
    assert "Select a valid choice" in unescape(response.content.decode())
    assert "<script>" not in response.content.decode()
    assert len(entries(response)) == 50


def test_the_trail_is_paginated_newest_first(client, account_manager, co_managed):
    client.force_login(account_manager)
    total = len(services_trail(co_managed))
    first = client.get(audit(co_managed))
    last = client.get(audit(co_managed, "?page=999"))
    assert len(entries(first)) == 50
    page = first.context["page"]
    assert page.paginator.count == total
    assert last.context["page"].number == page.paginator.num_pages
    html = first.content.decode()
    assert 'rel="next"' in html and "page=2" in html
    filtered = client.get(audit(co_managed, "?kind=cell&page=2")).content.decode()
    assert "kind=cell&amp;page=1" in filtered  # the filter is kept from page to page


def services_trail(engagement):
    from engagements.selectors.audit import engagement_audit_trail

    return engagement_audit_trail(engagement)


def test_names_with_html_are_shown_as_text(client, account_manager, co_managed):
    with through(Door.PAGE):
        services.tool_add(engagement=co_managed, name="<b>bold</b> tool", by=account_manager)
    client.force_login(account_manager)
    html = client.get(audit(co_managed, "?kind=tool")).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; tool" in html
    assert "<b>bold</b>" not in html


def test_the_page_costs_the_same_queries_however_long_the_trail(
    client, account_manager, co_managed, django_assert_max_num_queries
):
    client.force_login(account_manager)
    client.get(audit(co_managed))  # warm the session
    with django_assert_max_num_queries(20) as short:
        client.get(audit(co_managed))
    for role in Role.objects.filter(engagement=co_managed):
        for code in ("patching.servers", "helpdesk.tier1", "backup.monitor"):
            if MatrixRow.objects.filter(engagement=co_managed, activity__code=code).exists():
                set_cell(co_managed, code, role.name, "C", account_manager)
    with through(Door.PAGE):
        services.tool_add(engagement=co_managed, name="Firewall manager", by=account_manager)
        services.engagement_update(engagement=co_managed, by=account_manager, title="Renamed")
    with django_assert_max_num_queries(len(short.captured_queries)) as long:
        client.get(audit(co_managed))
    assert len(long.captured_queries) == len(short.captured_queries)


# -- every kind of change, through every door ------------------------------------------------


def test_every_kind_of_change_made_on_the_pages_is_recorded_as_the_page_door(
    client, account_manager, client_it_manager, co_managed
):
    client.force_login(account_manager)
    base = f"/engagements/{co_managed.pk}/"
    version = lambda: Engagement.objects.get(pk=co_managed.pk).version  # noqa: E731
    patching = row_of(co_managed, "patching.servers")
    noc = role_of(co_managed, "MSP NOC")
    # a cell
    client.post(
        f"{base}cells/{patching.pk}/{noc.pk}/",
        {f"c-{patching.pk}-{noc.pk}": "A/R", "expected_version": version()},
    )
    # a role
    client.post(
        f"{base}roles/add/",
        {"expected_version": version(), "role-new-name": "Vendor desk", "role-new-side": "vendor"},
    )
    # a tool
    client.post(
        f"{base}tools/add/",
        {
            "expected_version": version(),
            "tool-new-name": "Firewall manager",
            "tool-new-licence_holder_side": "internal",
        },
    )
    # a row and its coverage
    prefix = f"r{patching.pk}-"
    client.post(
        f"{base}rows/{patching.pk}/",
        {
            "expected_version": version(),
            prefix + "in_scope": "on",
            prefix + "split_note": "The NOC patches, we approve.",
            prefix + "coverage_need": "24x7",
            prefix + "cover_business_hours": noc.pk,
            prefix + "cover_after_hours": noc.pk,
            prefix + "cover_weekends_holidays": noc.pk,
        },
    )
    # the engagement's details
    client.post(
        f"{base}details/",
        {
            "details-title": "Co-managed IT 2027",
            "details-business_days": ["1", "2", "3", "4", "5"],
            "details-business_start": "07:00",
            "details-business_end": "19:00",
            "details-cost_structure": "fixed",
            "details-control_level": "high",
        },
    )
    # workflow: submitted by the account manager, changes requested by the client
    client.post(f"{base}submit/", {"submit-note": "Ready."})
    client.force_login(client_it_manager)
    client.post(f"{base}request-changes/", {"changes-note": "Add the NOC as backup."})

    response = client.get(audit(co_managed, "?door=page"))
    assert kinds_through(response, "Web page") >= {
        "cell",
        "role",
        "tool",
        "activity",
        "coverage",
        "engagement",
        "workflow",
    }
    shown = entries(response)
    assert ("engagement", "Web page") in {(k, d) for k, d, *_ in shown}
    title_changes = [
        (c.old, c.new) for k, _d, _s, _a, changes in shown if k == "engagement" for c in changes
    ]
    assert ("Co-managed IT", "Co-managed IT 2027") in title_changes
    actions = [a for k, _d, _s, a, _c in shown if k == "workflow"]
    assert actions[:2] == ["Changes requested", "Submitted for review"]


def test_an_excel_import_is_recorded_as_the_import_door(client, account_manager, co_managed):
    def change(book):
        workbook_cell(book[L.MATRIX], "patching.servers", "MSP NOC").value = "A/R"

    content = edited(export(co_managed), change)
    client.force_login(account_manager)
    client.post(
        f"/engagements/{co_managed.pk}/import/",
        {"workbook": SimpleUploadedFile("scope.xlsx", content, content_type=XLSX), "import": "1"},
    )
    response = client.get(audit(co_managed, "?door=import"))
    assert [(k, d, s) for k, d, s, *_ in entries(response)] == [
        ("cell", "Excel import", "Deploy server patches × MSP NOC")
    ]


def test_the_import_command_is_recorded_as_the_import_door(
    tmp_path, client, account_manager, co_managed
):
    from django.core.management import call_command

    def change(book):
        workbook_cell(book[L.MATRIX], "patching.servers", "MSP NOC").value = "C"

    path = tmp_path / "scope.xlsx"
    path.write_bytes(edited(export(co_managed), change))
    call_command("import_engagement", str(co_managed.pk), str(path), "--user", "am", verbosity=0)
    client.force_login(account_manager)
    response = client.get(audit(co_managed, "?door=import"))
    assert [(k, d) for k, d, *_ in entries(response)] == [("cell", "Excel import")]


def test_changes_made_in_the_admin_are_recorded_as_the_admin_door(admin_user, client, co_managed):
    client.force_login(admin_user)
    url = reverse("admin:engagements_engagement_change", args=[co_managed.pk])
    data = admin_form_data(client.get(url))
    row = row_of(co_managed, "patching.servers")
    soc = role_of(co_managed, "MSP SOC")
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == row.pk)[:-3]
    data[f"{prefix}-cell_{soc.pk}"] = "c/i"
    data[f"{prefix}-split_note"] = "Split in the admin"
    data["title"] = "Renamed in the admin"
    assert client.post(url, data).status_code == 302

    response = client.get(audit(co_managed, "?door=admin"))
    assert kinds_through(response, "Admin") == {"engagement", "activity", "cell"}
    assert {e[0]: e[1] for e in entries(response)}["cell"] == "Admin"


def test_control_responsibilities_set_on_the_compliance_page_are_recorded_as_the_page_door(
    client, account_manager, co_managed
):
    from engagements.models import Control, ControlKind, ControlResponsibility, Framework

    framework = Framework.objects.create(code="nist-csf-2-0", name="NIST CSF 2.0")
    Control.objects.create(
        framework=framework, control_id="PR.AA-01", title="Identities", kind=ControlKind.CONTROL
    )
    client.force_login(account_manager)
    base = f"/engagements/{co_managed.pk}/compliance/"
    client.post(
        f"{base}select/",
        {
            "expected_version": Engagement.objects.get(pk=co_managed.pk).version,
            "select-framework": "nist-csf-2-0",
            "select-controls": "PR.AA-01",
        },
    )
    responsibility = ControlResponsibility.objects.get(engagement=co_managed)
    client.post(
        f"{base}{responsibility.pk}/",
        {
            "expected_version": Engagement.objects.get(pk=co_managed.pk).version,
            f"ctl-{responsibility.pk}-origination": "msp",
        },
    )
    shown = entries(client.get(audit(co_managed, "?kind=control")))
    assert [(k, d, a) for k, d, _s, a, _c in shown] == [
        ("control", "Web page", "changed"),
        ("control", "Web page", "created"),
    ]
    assert [(c.field, c.old, c.new) for c in shown[0][4]] == [("origination", "", "MSP")]
