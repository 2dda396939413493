"""The review workflow through the API: submit, approve, request changes, revise. Steps the
status does not allow are 409; the wrong side doing a step is 403; other clients get 404."""

import pytest

from engagements import services
from engagements.models import Door, Engagement, Status, WorkflowEvent
from tests.helpers.matrix import GAP_KEY, make_gap
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


def step(api, engagement, name, body=None):
    if body is None and name == "approve":
        body = SIGNATURE
    return api.post(f"/api/engagements/{engagement.pk}/{name}/", body or {})


def status_of(engagement):
    return Engagement.objects.get(pk=engagement.pk).status


def test_the_account_manager_submits_a_draft(am, co_managed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = step(am, co_managed, "submit", {"note": "Ready for you."})

    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    assert status_of(co_managed) == Status.IN_REVIEW
    event = WorkflowEvent.objects.filter(engagement=co_managed).last()
    assert (event.transition, event.door, event.note) == ("submit", Door.API, "Ready for you.")


def test_the_client_it_manager_cannot_submit(itm, co_managed, unchanged):
    with unchanged(co_managed):
        assert step(itm, co_managed, "submit").status_code == 403


def test_submitting_twice_is_409(am, in_review, unchanged):
    with unchanged(in_review):
        response = step(am, in_review, "submit")

    assert response.status_code == 409
    assert "in review" in response.json()["detail"]


def test_the_client_it_manager_approves(itm, in_review, client_it_manager):
    response = step(itm, in_review, "approve")

    assert response.status_code == 200
    assert response.json()["status"] == "signed_off"
    assert response.json()["signed_off_by"] == client_it_manager.username
    assert response.json()["editable"] is False


@pytest.mark.parametrize("missing", ["signer_name", "signer_title"])
def test_approving_without_the_signers_name_or_title_is_400_naming_it(
    itm, in_review, unchanged, missing
):
    for body in ({k: v for k, v in SIGNATURE.items() if k != missing}, {**SIGNATURE, missing: " "}):
        with unchanged(in_review):
            response = step(itm, in_review, "approve", body)
        assert response.status_code == 400
        assert missing in str(response.json())


def test_the_signature_parties_and_fingerprint_are_in_the_representation(
    itm, in_review, client_it_manager
):
    draft_fingerprint = itm.get(f"/api/engagements/{in_review.pk}/").json()["fingerprint"]
    body = step(itm, in_review, "approve", {**SIGNATURE, "note": "Agreed."}).json()

    assert body["signature"]["name"] == SIGNATURE["signer_name"]
    assert body["signature"]["title"] == SIGNATURE["signer_title"]
    assert body["signature"]["by"] == client_it_manager.username
    assert body["fingerprint"] == draft_fingerprint
    assert len(body["fingerprint"]) == 64
    assert set(body["parties"]) >= {"msp_legal_name", "client_legal_name", "agreement_reference"}


def test_the_account_manager_cannot_approve(am, in_review, unchanged):
    with unchanged(in_review):
        assert step(am, in_review, "approve").status_code == 403


def test_a_draft_cannot_be_approved(itm, co_managed, unchanged):
    with unchanged(co_managed):
        assert step(itm, co_managed, "approve").status_code == 409


def test_unacknowledged_errors_block_approval(itm, co_managed, account_manager, unchanged):
    make_gap(co_managed, account_manager)
    services.engagement_submit(engagement=co_managed, by=account_manager)

    with unchanged(co_managed):
        response = step(itm, co_managed, "approve")

    assert response.status_code == 409
    assert "unacknowledged" in response.json()["detail"]


def test_an_acknowledged_error_does_not_block_approval(itm, co_managed, account_manager):
    make_gap(co_managed, account_manager)
    services.finding_acknowledge(
        engagement=co_managed,
        finding_key=GAP_KEY,
        reason="Patched by the vendor.",
        by=account_manager,
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)

    assert step(itm, co_managed, "approve").status_code == 200


def test_the_client_it_manager_requests_changes_with_a_note(itm, in_review):
    response = step(itm, in_review, "request-changes", {"note": "Who patches firmware?"})

    assert response.status_code == 200
    assert status_of(in_review) == Status.DRAFT
    assert WorkflowEvent.objects.filter(engagement=in_review).last().note == "Who patches firmware?"


@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "   "}, {"note": ["x"]}])
def test_requesting_changes_needs_a_note(itm, in_review, unchanged, body):
    with unchanged(in_review):
        response = step(itm, in_review, "request-changes", body)

    assert response.status_code == 400
    assert "note" in response.json()


def test_requesting_changes_on_a_draft_is_409(itm, co_managed, unchanged):
    with unchanged(co_managed):
        response = step(itm, co_managed, "request-changes", {"note": "x"})

    assert response.status_code == 409


def test_the_account_manager_starts_a_new_revision(am, signed_off):
    response = step(am, signed_off, "revise", {"note": "Adding the new site."})

    assert response.status_code == 201
    new = Engagement.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/engagements/{new.pk}/"
    assert (new.revision, new.status, new.previous_revision_id) == (2, "draft", signed_off.pk)
    assert status_of(signed_off) == Status.SUPERSEDED
    assert response.json()["previous_revision"] == signed_off.pk
    assert am.get(f"/api/engagements/{signed_off.pk}/").json()["next_revision"] == new.pk


def test_revising_can_change_the_service_model(am, signed_off):
    response = step(am, signed_off, "revise", {"service_model": "fully_managed"})

    assert response.json()["service_model"] == "fully_managed"


def test_a_draft_cannot_be_revised(am, co_managed, unchanged):
    with unchanged(co_managed):
        assert step(am, co_managed, "revise").status_code == 409


def test_the_client_it_manager_cannot_revise(itm, signed_off, unchanged):
    with unchanged(signed_off):
        assert step(itm, signed_off, "revise").status_code == 403


@pytest.mark.parametrize("name", ["submit", "approve", "request-changes", "revise"])
def test_another_clients_people_get_404(other_am, other_itm, co_managed, unchanged, name):
    with unchanged(co_managed):
        assert step(other_am, co_managed, name, {"note": "x"}).status_code == 404
        assert step(other_itm, co_managed, name, {"note": "x"}).status_code == 404


@pytest.mark.parametrize("name", ["submit", "approve", "request-changes", "revise"])
def test_anonymous_gets_401(anon, co_managed, unchanged, name):
    with unchanged(co_managed):
        assert step(anon, co_managed, name, {"note": "x"}).status_code == 401


def test_a_superuser_can_take_every_step(admin, co_managed):
    assert step(admin, co_managed, "submit").status_code == 200
    assert step(admin, co_managed, "approve").status_code == 200
    assert step(admin, co_managed, "revise").status_code == 201
