"""Signing off with a typed name and title, the parties frozen with it, and the fingerprint."""

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.analysis.fingerprint import canonical_bytes, revision_document
from engagements.models import MspOrganisation, Status
from engagements.selectors.exhibit import engagement_fingerprint, engagement_parties
from engagements.selectors.matrix import load_matrix
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def _fingerprint(engagement):
    engagement.refresh_from_db()
    data = load_matrix(engagement)
    return engagement_fingerprint(data)


@pytest.mark.parametrize("missing", ["signer_name", "signer_title"])
def test_approve_without_name_or_title_is_refused_naming_the_field(
    in_review, client_it_manager, missing
):
    signature = {**SIGNATURE, missing: "   "}
    with pytest.raises(ValidationError) as refused:
        services.engagement_approve(engagement=in_review, by=client_it_manager, **signature)
    assert list(refused.value.message_dict) == [missing]
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_approve_keeps_the_typed_signature_the_parties_and_the_fingerprint(
    in_review, client_it_manager
):
    MspOrganisation.objects.create(legal_name="Northwind MSP Ltd", address="1 Quay St\nLeeds")
    in_review.client.legal_name = "Acme Holdings GmbH"
    in_review.client.save()
    expected = _fingerprint(in_review)
    services.engagement_approve(
        engagement=in_review,
        by=client_it_manager,
        signer_name=" Pat\u00a0Reyes ",
        signer_title="IT Manager",
        note="Agreed.",
    )
    in_review.refresh_from_db()
    assert (in_review.signer_name, in_review.signer_title) == ("Pat Reyes", "IT Manager")
    assert in_review.msp_legal_name == "Northwind MSP Ltd"
    assert in_review.client_legal_name == "Acme Holdings GmbH"
    assert in_review.fingerprint == expected
    assert len(expected) == 64


def test_a_signed_fingerprint_is_frozen_when_the_parties_change_later(signed_off):
    frozen = signed_off.fingerprint
    MspOrganisation.objects.update_or_create(pk=1, defaults={"legal_name": "Renamed MSP plc"})
    signed_off.client.legal_name = "Renamed client"
    signed_off.client.save()
    assert _fingerprint(signed_off) == frozen
    assert engagement_parties(signed_off).client_name != "Renamed client"


def test_the_fingerprint_changes_when_an_agreed_field_changes(co_managed, account_manager):
    before = _fingerprint(co_managed)
    services.engagement_update(
        engagement=co_managed, by=account_manager, agreement_reference="MSA-2026-014"
    )
    assert _fingerprint(co_managed) != before


def test_the_fingerprint_changes_when_a_letter_changes(co_managed, account_manager):
    before = _fingerprint(co_managed)
    data = load_matrix(co_managed)
    row = data.in_scope_rows[0]
    role = next(r for r in data.roles if r.id not in data.row_cells(row))
    services.assignment_set(
        engagement=co_managed, row=row, role=role, letters="I", by=account_manager
    )
    assert _fingerprint(co_managed) != before


def test_the_fingerprint_changes_when_a_response_target_changes(co_managed, account_manager):
    before = _fingerprint(co_managed)
    row = load_matrix(co_managed).in_scope_rows[0]
    services.response_targets_set(row=row, targets={"business_hours": 30}, by=account_manager)
    with_target = _fingerprint(co_managed)
    assert with_target != before
    services.response_targets_set(row=row, targets={"business_hours": 60}, by=account_manager)
    assert _fingerprint(co_managed) not in (before, with_target)


def test_the_serialisation_names_its_version_and_version_1_leaves_targets_out(
    co_managed, account_manager
):
    row = load_matrix(co_managed).in_scope_rows[0]
    services.response_targets_set(row=row, targets={"after_hours": 15}, by=account_manager)
    data, parties = load_matrix(co_managed), engagement_parties(co_managed)
    current = revision_document(data, parties)
    assert current["format"] == "raci-fingerprint/2"
    found = next(r for r in current["rows"] if r["code"] == row.activity.code)
    assert found["targets"] == {"after_hours": "15"}
    old = revision_document(data, parties, version=1)
    assert old["format"] == "raci-fingerprint/1"
    assert all("targets" not in r for r in old["rows"])


def test_comments_do_not_change_the_fingerprint(co_managed, account_manager):
    before = _fingerprint(co_managed)
    services.comment_add(engagement=co_managed, body="Is patching ours?", by=account_manager)
    assert _fingerprint(co_managed) == before


def test_the_serialisation_is_sorted_compact_utf8_json(co_managed):
    co_managed.client.legal_name = "Café Zürich AG"
    co_managed.client.save()
    data = load_matrix(co_managed)
    raw = canonical_bytes(revision_document(data, engagement_parties(co_managed)))
    assert raw.startswith(b'{"controls":')
    assert "Café Zürich AG".encode() in raw
    assert b"\\u00e9" not in raw
