"""The compliance tab: the selected controls by framework, filters, in-place editing for the
account manager on a draft, read-only for everyone else and on frozen revisions."""

from html import unescape

import pytest
from django.utils import timezone

from engagements import services
from engagements.exports.oscal.catalogs import BUNDLED, parse_catalog
from engagements.models import ControlResponsibility, Engagement, Origination, Status
from tests.helpers.compliance import select
from tests.helpers.http import HTMX
from tests.helpers.matrix import role_of, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def parsed_catalogs():
    return {name: parse_catalog(BUNDLED[name]) for name in ("csf", "hipaa")}


@pytest.fixture
def csf(db, parsed_catalogs):
    return services.catalog_load(catalog=parsed_catalogs["csf"]).framework


@pytest.fixture
def hipaa(db, parsed_catalogs):
    return services.catalog_load(catalog=parsed_catalogs["hipaa"]).framework


@pytest.fixture
def with_controls(co_managed, account_manager, csf, hipaa):
    """Three decided controls and one nobody has decided on."""
    chosen = select(co_managed, hipaa, "164.308(a)(1)(ii)(A)", "164.312(b)", by=account_manager)
    chosen.update(select(co_managed, csf, "PR.AA-01", "GV.OC-01", by=account_manager))
    services.control_responsibility_update(
        responsibility=chosen["164.308(a)(1)(ii)(A)"],
        by=account_manager,
        origination=Origination.SHARED,
        responsible_role=role_of(co_managed, "MSP vCIO"),
        split_description="The vCIO runs the analysis; the IT manager accepts it.",
        implementing_rows=[row_of(co_managed, "compliance.risk-assessment")],
    )
    services.control_responsibility_update(
        responsibility=chosen["164.312(b)"],
        by=account_manager,
        origination=Origination.MSP,
        responsible_role=role_of(co_managed, "MSP SOC"),
    )
    services.control_responsibility_update(
        responsibility=chosen["PR.AA-01"],
        by=account_manager,
        origination=Origination.INHERITED,
        vendor_name="Microsoft Entra ID",
    )
    co_managed.refresh_from_db()
    return chosen


def url(engagement, suffix=""):
    return f"/engagements/{engagement.pk}/compliance/{suffix}"


def page(client, engagement, query="") -> str:
    response = client.get(url(engagement) + query)
    assert response.status_code == 200
    return unescape(response.content.decode())


def control_html(html, responsibility) -> str:
    return html.split(f'id="control-{responsibility.pk}"')[1].split("</tbody>")[0]


def stored(responsibility):
    responsibility.refresh_from_db()
    return responsibility


# -- what the page shows ---------------------------------------------------------------------


def test_the_engagement_pages_link_to_the_compliance_tab(as_account_manager, co_managed):
    html = as_account_manager.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert f'href="/engagements/{co_managed.pk}/compliance/">Compliance</a>' in html


def test_the_matrix_findings_panel_links_control_findings_to_the_tab(
    as_account_manager, co_managed, with_controls
):
    html = unescape(as_account_manager.get(f"/engagements/{co_managed.pk}/").content.decode())
    panel = html.split('id="findings-panel"')[1]
    assert (
        f'<a href="/engagements/{co_managed.pk}/compliance/?with_findings=on">'
        "Nobody has said who provides GV.OC-01"
    ) in panel


def test_the_controls_show_by_framework_with_who_provides_them_and_their_findings(
    as_account_manager, co_managed, with_controls
):
    html = page(as_account_manager, co_managed)
    assert html.index("HIPAA Security Rule") < html.index("NIST Cybersecurity Framework")
    shared = control_html(html, with_controls["164.308(a)(1)(ii)(A)"])
    assert "Shared" in shared and "Partial" in shared and "MSP vCIO" in shared
    assert "The vCIO runs the analysis; the IT manager accepts it." in shared
    assert row_of(co_managed, "compliance.risk-assessment").activity.name in shared
    inherited = control_html(html, with_controls["PR.AA-01"])
    assert "Inherited from Microsoft Entra ID" in inherited
    undecided = control_html(html, with_controls["GV.OC-01"])
    assert "Not decided" in undecided
    assert "Nobody has said who provides GV.OC-01" in undecided
    # MSP-provided, but no activity implements it
    assert "No in-scope activity of the matrix implements 164.312(b)" in control_html(
        html, with_controls["164.312(b)"]
    )
    assert "4 controls selected" in html


def test_an_engagement_without_controls_says_so(as_account_manager, co_managed, csf):
    html = page(as_account_manager, co_managed)
    assert "No compliance controls are selected for this engagement yet" in html
    assert 'name="select-framework"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?framework=hipaa-security-rule", {"164.308(a)(1)(ii)(A)", "164.312(b)"}),
        ("?origination=inherited", {"PR.AA-01"}),
        ("?origination=undecided", {"GV.OC-01"}),
        # only the inherited one is clean: the others lack an owner or the work behind them
        ("?with_findings=on", {"GV.OC-01", "164.312(b)", "164.308(a)(1)(ii)(A)"}),
        ("?framework=nist-csf-2-0&origination=msp", set()),
    ],
)
def test_the_filters_narrow_the_controls(
    as_account_manager, co_managed, with_controls, query, expected
):
    html = page(as_account_manager, co_managed, query)
    shown = {cid for cid, resp in with_controls.items() if f'id="control-{resp.pk}"' in html}
    assert shown == expected
    if not expected:
        assert "No selected control matches these filters." in html


def test_the_role_filter_keeps_that_roles_controls(as_account_manager, co_managed, with_controls):
    soc = role_of(co_managed, "MSP SOC")
    html = page(as_account_manager, co_managed, f"?role={soc.pk}")
    shown = {cid for cid, resp in with_controls.items() if f'id="control-{resp.pk}"' in html}
    assert shown == {"164.312(b)"}


def test_an_unknown_filter_value_is_shown_as_an_error_and_ignored(
    as_account_manager, co_managed, with_controls
):
    html = page(as_account_manager, co_managed, "?origination=bogus")
    assert "Select a valid choice" in html
    assert all(f'id="control-{r.pk}"' in html for r in with_controls.values())


# -- who sees what ---------------------------------------------------------------------------


def test_the_account_manager_edits_a_draft(as_account_manager, co_managed, with_controls):
    html = page(as_account_manager, co_managed)
    resp = with_controls["164.312(b)"]
    assert f'hx-get="/engagements/{co_managed.pk}/compliance/{resp.pk}/?edit=1"' in html
    assert f'action="/engagements/{co_managed.pk}/compliance/select/"' in html
    assert f'action="/engagements/{co_managed.pk}/compliance/deselect/"' in html


def test_the_client_it_manager_reads_it_without_forms(
    as_client_it_manager, co_managed, with_controls
):
    html = page(as_client_it_manager, co_managed)
    assert "Inherited from Microsoft Entra ID" in html
    assert "/compliance/select/" not in html and "/compliance/deselect/" not in html
    assert "hx-get" not in html and "hx-post" not in html
    assert "Read-only" in html


def test_a_frozen_revision_is_read_only_even_for_its_account_manager(
    as_account_manager, co_managed, account_manager, with_controls
):
    Engagement.objects.filter(pk=co_managed.pk).update(
        status=Status.SIGNED_OFF, signed_off_by=account_manager, signed_off_at=timezone.now()
    )
    html = page(as_account_manager, co_managed)
    assert "hx-get" not in html and "/compliance/select/" not in html
    assert "nothing on it changes" in html
    resp = with_controls["GV.OC-01"]
    response = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"), {f"ctl-{resp.pk}-origination": "msp"}, **HTMX
    )
    assert response.status_code == 409
    assert stored(resp).origination == ""


def test_other_clients_people_get_a_404_and_change_nothing(
    client, other_account_manager, other_client_it_manager, co_managed, with_controls, csf
):
    resp = with_controls["GV.OC-01"]
    for outsider in (other_account_manager, other_client_it_manager):
        client.force_login(outsider)
        assert client.get(url(co_managed)).status_code == 404
        assert client.get(url(co_managed, f"{resp.pk}/?edit=1"), **HTMX).status_code == 404
        posted = client.post(url(co_managed, f"{resp.pk}/"), {f"ctl-{resp.pk}-origination": "msp"})
        assert posted.status_code == 404
        assert (
            client.post(url(co_managed, "select/"), {"select-framework": csf.code}).status_code
            == 404
        )
        assert client.post(url(co_managed, "deselect/"), {"control": resp.pk}).status_code == 404
    assert stored(resp).origination == ""
    assert co_managed.control_responsibilities.count() == 4


def test_anonymous_visitors_are_sent_to_log_in(client, co_managed):
    response = client.get(url(co_managed))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url(co_managed)}"


def test_the_client_it_manager_cannot_change_a_control(
    as_client_it_manager, co_managed, with_controls
):
    resp = with_controls["GV.OC-01"]
    response = as_client_it_manager.post(
        url(co_managed, f"{resp.pk}/"), {f"ctl-{resp.pk}-origination": "msp"}, **HTMX
    )
    assert response.status_code == 403
    assert stored(resp).origination == ""


# -- selecting and deselecting -----------------------------------------------------------------


def test_selecting_a_whole_framework(as_account_manager, co_managed, hipaa):
    response = as_account_manager.post(
        url(co_managed, "select/"),
        {"select-framework": hipaa.code, "expected_version": co_managed.version},
    )
    assert response.status_code == 302
    assert co_managed.control_responsibilities.count() == 42


def test_selecting_some_controls_by_their_ids(as_account_manager, co_managed, csf):
    as_account_manager.post(
        url(co_managed, "select/"),
        {"select-framework": csf.code, "select-controls": "pr.aa-01, GV.OC-01\nDE.CM-01"},
    )
    assert set(
        co_managed.control_responsibilities.values_list("control__control_id", flat=True)
    ) == {"PR.AA-01", "GV.OC-01", "DE.CM-01"}


def test_an_unknown_control_id_selects_nothing_and_says_which(as_account_manager, co_managed, csf):
    response = as_account_manager.post(
        url(co_managed, "select/"),
        {"select-framework": csf.code, "select-controls": "PR.AA-01 XX-99"},
    )
    assert response.status_code == 400
    assert "Not in NIST Cybersecurity Framework" in unescape(response.content.decode())
    assert "XX-99" in response.content.decode()
    assert not co_managed.control_responsibilities.exists()


def test_deselecting_one_control_and_then_a_framework(
    as_account_manager, co_managed, with_controls
):
    as_account_manager.post(url(co_managed, "deselect/"), {"control": with_controls["PR.AA-01"].pk})
    assert not ControlResponsibility.objects.filter(pk=with_controls["PR.AA-01"].pk).exists()
    as_account_manager.post(url(co_managed, "deselect/"), {"framework": "hipaa-security-rule"})
    assert set(
        co_managed.control_responsibilities.values_list("control__control_id", flat=True)
    ) == {"GV.OC-01"}


# -- editing a control in place ----------------------------------------------------------------


def form_data(resp, **fields):
    data = {
        "origination": resp.origination,
        "responsible_role": resp.responsible_role_id or "",
        "vendor_name": resp.vendor_name,
        "split_description": resp.split_description,
        "msp_responsibility": resp.msp_responsibility,
        "customer_responsibility": resp.customer_responsibility,
        "implementing_rows": [r.pk for r in resp.implementing_rows.all()],
        **fields,
    }
    return {f"ctl-{resp.pk}-{name}": value for name, value in data.items()}


def test_htmx_opens_a_controls_form_in_place(as_account_manager, co_managed, with_controls):
    resp = with_controls["164.312(b)"]
    response = as_account_manager.get(url(co_managed, f"{resp.pk}/?edit=1"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tbody id="control-{resp.pk}"')
    assert f'hx-post="/engagements/{co_managed.pk}/compliance/{resp.pk}/"' in html
    assert f'name="ctl-{resp.pk}-origination"' in html


def test_saving_a_control_in_place_updates_its_line_and_the_counts(
    as_account_manager, co_managed, with_controls
):
    resp = with_controls["GV.OC-01"]
    ciso = role_of(co_managed, "Client IT manager")
    response = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"),
        {
            **form_data(
                resp,
                origination=Origination.INTERNAL,
                responsible_role=ciso.pk,
                implementing_rows=[row_of(co_managed, "compliance.risk-assessment").pk],
            ),
            "expected_version": co_managed.version,
        },
        **HTMX,
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    resp = stored(resp)
    assert (resp.origination, resp.responsible_role) == (Origination.INTERNAL, ciso)
    line = control_html(html, resp)
    assert "Internal IT" in line and "Nobody has said" not in line
    assert 'id="compliance-counts" class="status-counts" hx-swap-oob="true"' in html
    assert "0 errors" in html.split('id="compliance-counts"')[1]
    assert "raci:saved" in response["HX-Trigger"]


def test_a_bad_control_shows_the_reason_in_its_row_and_saves_nothing(
    as_account_manager, co_managed, with_controls
):
    resp = with_controls["GV.OC-01"]
    response = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"),
        form_data(resp, origination=Origination.INHERITED, vendor_name=""),
        **HTMX,
    )
    html = unescape(response.content.decode())
    assert response.status_code == 422
    assert html.startswith(f'<tbody id="control-{resp.pk}"')
    assert "Name the vendor the control is inherited from." in control_html(html, resp)
    assert stored(resp).origination == ""
    # The form carries the version really stored, so fixing the input saves it.
    co_managed.refresh_from_db()
    assert f'name="expected_version" value="{co_managed.version}"' in control_html(html, resp)
    fixed = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"),
        {
            **form_data(resp, origination=Origination.INHERITED, vendor_name="Okta"),
            "expected_version": co_managed.version,
        },
        **HTMX,
    )
    assert fixed.status_code == 200
    assert stored(resp).vendor_name == "Okta"


def test_a_stale_page_is_refused_with_the_reason(as_account_manager, co_managed, with_controls):
    resp = with_controls["GV.OC-01"]
    response = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"),
        {**form_data(resp, origination=Origination.NOT_APPLICABLE), "expected_version": 1},
        **HTMX,
    )
    assert response.status_code == 412
    assert "Not saved." in response.content.decode()
    assert stored(resp).origination == ""


def test_without_javascript_a_control_is_saved_by_a_plain_form(
    as_account_manager, co_managed, with_controls
):
    resp = with_controls["GV.OC-01"]
    html = page(as_account_manager, co_managed, f"?edit={resp.pk}")
    assert f'name="ctl-{resp.pk}-origination"' in html
    response = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"), form_data(resp, origination=Origination.NOT_APPLICABLE)
    )
    assert response.status_code == 302
    assert response["Location"] == url(co_managed) + f"#control-{resp.pk}"
    assert stored(resp).origination == Origination.NOT_APPLICABLE
    refused = as_account_manager.post(
        url(co_managed, f"{resp.pk}/"), form_data(resp, origination="msp", responsible_role=999999)
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()


# -- cost --------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_however_many_controls(
    as_account_manager, co_managed, account_manager, csf, hipaa, django_assert_max_num_queries
):
    select(co_managed, hipaa, "164.312(b)", by=account_manager)
    with django_assert_max_num_queries(30) as few:
        page(as_account_manager, co_managed)
    services.controls_select(engagement=co_managed, framework=csf, by=account_manager)
    services.controls_select(engagement=co_managed, framework=hipaa, by=account_manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(as_account_manager, co_managed)
    assert "148 controls selected" in html
