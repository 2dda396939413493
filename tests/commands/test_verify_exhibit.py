"""verify_exhibit: a copy of the exhibit is checked against the signed revisions, in one
line, exit 0 on a match and 1 otherwise (naming the cells that differ)."""

import io

import pytest
from django.core.management import CommandError, call_command

from engagements import services
from engagements.analysis.fingerprint import revision_fingerprint
from engagements.exports.exhibit import read_copy
from engagements.models import Engagement, Tool
from engagements.selectors.exhibit import engagement_parties
from engagements.selectors.matrix import load_matrix
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import cell, edited, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(co_managed, account_manager, client_it_manager, admin_user):
    services.msp_organisation_set(
        legal_name="Brightline Managed Services LLC", address="1 Quay St\nLeeds", by=admin_user
    )
    services.engagement_update(
        engagement=co_managed, by=account_manager, agreement_reference="MSA-7", exhibit_label="B"
    )
    services.tool_add(
        engagement=co_managed, name="RMM", owner_side="msp", exit_fate="removed", by=account_manager
    )
    row = next(r for r in load_matrix(co_managed).in_scope_rows if r.activity.code == TARGETED)
    services.response_targets_set(
        row=row, targets={"business_hours": 30, "after_hours": 120}, by=account_manager
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    co_managed.refresh_from_db()
    return co_managed


TARGETED = "patching.servers"


def _sla_cell(workbook, window_title: str):
    ws = workbook["SLA"]
    return cell(ws, TARGETED, window_title)


@pytest.fixture
def signed_under_v1(signed):
    """A revision signed before response targets were fingerprinted: its frozen
    fingerprint is the version-1 one."""
    data = load_matrix(signed)
    frozen = revision_fingerprint(data, engagement_parties(signed), version=1)
    Engagement.objects.filter(pk=signed.pk).update(fingerprint=frozen)
    signed.refresh_from_db()
    return signed


def _verify(tmp_path, content: bytes):
    path = tmp_path / "copy.xlsx"
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_exhibit", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, (out.getvalue() + err.getvalue()).strip()


def test_a_workbook_recomputes_to_the_fingerprint_the_database_froze(signed):
    assert read_copy(io.BytesIO(export(signed))).fingerprint == signed.fingerprint


def test_a_draft_workbook_recomputes_to_the_drafts_fingerprint(co_managed):
    data = load_matrix(co_managed)
    expected = revision_fingerprint(data, engagement_parties(co_managed))
    assert read_copy(io.BytesIO(export(co_managed))).fingerprint == expected


def test_two_exports_of_a_signed_revision_have_the_same_fingerprint(signed):
    first = read_copy(io.BytesIO(export(signed))).fingerprint
    assert read_copy(io.BytesIO(export(signed))).fingerprint == first


def test_an_unchanged_copy_matches_in_one_line_with_exit_0(signed, tmp_path):
    code, line = _verify(tmp_path, export(signed))
    assert code == 0
    assert line.startswith(f"Matches revision 1 of Acme Logistics — {signed.title}, signed by ")
    assert SIGNATURE["signer_name"] in line and SIGNATURE["signer_title"] in line
    assert "\n" not in line


def test_a_changed_letter_does_not_match_and_names_the_cell(signed, tmp_path):
    def change(workbook):
        target = cell(workbook["RACI matrix"], "patching.servers", "MSP vCIO")
        target.value = "C"
        change.address = target.coordinate

    code, line = _verify(tmp_path, edited(export(signed), change))
    assert code == 1
    assert line.startswith("Does not match revision 1 of Acme Logistics")
    assert f"RACI matrix!{change.address}" in line
    assert "\n" not in line


def test_a_changed_party_does_not_match_and_names_the_cover_cell(signed, tmp_path):
    def change(workbook):
        ws = workbook["Cover"]
        row = next(c.row for c in ws["A"] if c.value == "Agreement reference")
        ws.cell(row=row, column=2).value = "MSA-8"
        change.address = f"B{row}"

    code, line = _verify(tmp_path, edited(export(signed), change))
    assert code == 1 and f"Cover!{change.address}" in line


def test_a_changed_tool_does_not_match(signed, tmp_path):
    def change(workbook):
        ws = workbook["Tools"]
        row = next(c.row for c in ws["A"] if c.value == "RMM")
        ws.cell(row=row, column=7).value = "Kept by the client after all"

    code, line = _verify(tmp_path, edited(export(signed), change))
    assert code == 1 and "Tools!A" in line
    assert Tool.objects.filter(engagement=signed, name="RMM").exists()


def test_a_copy_of_a_draft_matches_no_signed_revision(co_managed, tmp_path):
    code, line = _verify(tmp_path, export(co_managed))
    assert code == 1
    assert "Does not match revision 1" in line or "Matches no signed revision" in line


def test_a_file_that_is_not_a_workbook_is_a_one_line_error(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as refused:
        call_command("verify_exhibit", str(path))
    assert refused.value.returncode == 2


def test_a_changed_response_target_does_not_match_and_names_the_sla_cell(signed, tmp_path):
    def change(workbook):
        target = _sla_cell(workbook, "Business hours")
        assert target.value == 30
        target.value = 45
        change.address = target.coordinate

    code, line = _verify(tmp_path, edited(export(signed), change))
    assert code == 1
    assert f"SLA!{change.address}" in line


def test_a_copy_of_a_revision_signed_under_version_1_still_matches(signed_under_v1, tmp_path):
    code, line = _verify(tmp_path, export(signed_under_v1))
    assert code == 0, line
    assert line.startswith("Matches revision 1 of Acme Logistics")


def test_a_changed_letter_in_a_version_1_revision_still_names_the_cell(signed_under_v1, tmp_path):
    def change(workbook):
        target = cell(workbook["RACI matrix"], "patching.servers", "MSP vCIO")
        target.value = "C"
        change.address = target.coordinate

    code, line = _verify(tmp_path, edited(export(signed_under_v1), change))
    assert code == 1
    assert f"RACI matrix!{change.address}" in line
    assert "1 cell differ" in line
