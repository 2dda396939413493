"""The workbook as a contract exhibit: every page names the revision and its status and
carries the fingerprint; a signed revision is protected and final; paper by country."""

import pytest

from engagements import services
from engagements.exports import layout as L
from engagements.exports.xlsx import build_workbook, workbook_bytes
from engagements.exports.xlsx.changes import change_lines
from engagements.exports.xlsx.pages import MIN_SCALE
from engagements.selectors.matrix import load_matrix
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import open_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(co_managed, account_manager, client_it_manager):
    services.engagement_update(
        engagement=co_managed,
        by=account_manager,
        agreement_reference="MSA-2026-014",
        exhibit_label="Exhibit B",
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    return co_managed


def test_every_sheet_names_client_revision_status_and_fingerprint_on_every_page(signed):
    workbook = open_workbook(workbook_bytes(signed))
    for ws in workbook.worksheets:
        header = " ".join(
            part.text or "" for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right)
        )
        footer = " ".join(
            part.text or "" for part in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right)
        )
        assert "Acme Logistics" in header, ws.title
        assert "Revision 1" in header and "SIGNED OFF" in header, ws.title
        assert "Exhibit B" in header and "MSA-2026-014" in header, ws.title
        assert f"Fingerprint {signed.fingerprint[:12]}" in footer, ws.title
        assert "Exported " in footer and "page &P of &N" in footer, ws.title


def test_a_superseded_revision_says_so_on_every_page_and_on_the_cover(signed, account_manager):
    services.engagement_revise(engagement=signed, by=account_manager)
    signed.refresh_from_db()
    workbook = open_workbook(workbook_bytes(signed))
    assert all("SUPERSEDED" in (ws.oddHeader.center.text or "") for ws in workbook.worksheets)
    cover = workbook[L.COVER]
    facts = {
        cover.cell(row=r, column=1).value: cover.cell(row=r, column=2).value for r in range(1, 80)
    }
    assert facts["Status"] == "SUPERSEDED by revision 2"
    assert facts["Superseded by"] == "Revision 2"


def test_the_next_revision_says_what_it_supersedes_and_lists_its_changes(signed, account_manager):
    draft = services.engagement_revise(engagement=signed, by=account_manager)
    services.engagement_update(engagement=draft, by=account_manager, title="Managed IT 2027")
    workbook = open_workbook(workbook_bytes(draft))
    cover = workbook[L.COVER]
    facts = {
        cover.cell(row=r, column=1).value: cover.cell(row=r, column=2).value for r in range(1, 80)
    }
    assert facts["Supersedes"] == f"Revision 1 (fingerprint {signed.fingerprint[:12]})"
    changes = [[c.value for c in row] for row in workbook[L.CHANGES].iter_rows(min_row=4)]
    assert ["Engagement", "Title", "Co-managed IT", "Managed IT 2027"] in changes


def test_the_changes_sheet_renders_every_section_the_diff_returns(signed, account_manager):
    from engagements.analysis.diff import revision_diff

    draft = services.engagement_revise(engagement=signed, by=account_manager)
    services.tool_add(engagement=draft, name="Backup agent", by=account_manager)
    lines = change_lines(revision_diff(load_matrix(signed), load_matrix(draft)))
    assert ("Tools added", "Backup agent", "", "") in lines


def test_a_signed_revision_is_protected_and_final(signed):
    workbook = open_workbook(workbook_bytes(signed))
    assert workbook.security is not None and workbook.security.lockStructure
    assert all(ws.protection.sheet for ws in workbook.worksheets)
    props = workbook.properties
    assert props.contentStatus == "Final"
    assert props.subject.startswith("Exhibit B to MSA-2026-014")
    assert props.identifier == signed.fingerprint
    custom = {p.name: p.value for p in workbook.custom_doc_props.props}
    assert custom["raci fingerprint"] == signed.fingerprint
    assert custom["raci engagement id"] == str(signed.pk)


def test_a_draft_is_not_protected(co_managed):
    workbook = open_workbook(workbook_bytes(co_managed))
    assert not any(ws.protection.sheet for ws in workbook.worksheets)
    assert workbook.properties.contentStatus == "Draft"


def test_the_company_property_names_the_msp(co_managed, admin_user):
    import io
    import zipfile

    services.msp_organisation_set(legal_name="Brightline Managed Services LLC", by=admin_user)
    raw = workbook_bytes(co_managed)
    app = zipfile.ZipFile(io.BytesIO(raw)).read("docProps/app.xml").decode()
    assert "<Company>Brightline Managed Services LLC</Company>" in app


@pytest.mark.parametrize(
    ("country", "time_zone", "paper"),
    [("DE", "Europe/Berlin", 9), ("US", "America/Chicago", 1), ("", "Europe/Berlin", 9)],
)
def test_paper_is_a4_or_letter_by_the_clients_country(co_managed, country, time_zone, paper):
    client = co_managed.client
    client.country, client.time_zone = country, time_zone
    client.save()
    workbook = build_workbook(co_managed)
    assert {ws.page_setup.paperSize for ws in workbook.worksheets} == {paper}
    for ws in workbook.worksheets:
        assert ws.page_margins.left <= 0.3
        assert int(ws.page_setup.scale) >= MIN_SCALE


def test_an_engagement_without_controls_hides_its_empty_compliance_sheet(co_managed):
    workbook = build_workbook(co_managed)
    assert workbook[L.COMPLIANCE].sheet_state == "hidden"
