"""Sign-off is refused while errors remain, unless each is acknowledged with a reason that
stays with the signed revision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagements import services
from engagements.analysis import engagement_findings, summarize
from engagements.errors import InvalidTransition
from engagements.models import Engagement, FindingAcknowledgement, MatrixRow, Role, Status
from engagements.selectors.matrix import load_matrix
from tests.factories import UserFactory
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db

NO_A = "GAP_NO_ACCOUNTABLE:activity=patching.servers"
TOOL = "GAP_TOOL_OWNER:tool=Legacy VPN appliance"


@pytest.fixture
def two_errors(co_managed, account_manager):
    """The co-managed draft with two errors, submitted for review."""
    services.assignment_set(
        engagement=co_managed,
        row=MatrixRow.objects.get(engagement=co_managed, activity__code="patching.servers"),
        role=Role.objects.get(engagement=co_managed, name="Client IT manager"),
        letters="",
        by=account_manager,
    )
    services.tool_add(
        engagement=co_managed,
        name="Legacy VPN appliance",
        exit_fate="removed",
        by=account_manager,
    )
    services.engagement_submit(engagement=co_managed, by=account_manager)
    return co_managed


def _acknowledge(engagement, key, by, reason="Accepted until the Q3 review."):
    return services.finding_acknowledge(
        engagement=engagement, finding_key=key, reason=reason, by=by
    )


def test_sign_off_is_refused_naming_the_errors(two_errors, client_it_manager):
    with pytest.raises(InvalidTransition) as refused:
        services.engagement_approve(engagement=two_errors, by=client_it_manager, **SIGNATURE)
    assert "2 errors remain unacknowledged" in refused.value.message
    assert 'Nobody is accountable for "Deploy server patches"' in refused.value.message
    assert 'the tool "Legacy VPN appliance"' in refused.value.message
    assert Engagement.objects.get(pk=two_errors.pk).status == Status.IN_REVIEW


def test_acknowledging_some_errors_is_not_enough(two_errors, client_it_manager):
    _acknowledge(two_errors, NO_A, client_it_manager)
    with pytest.raises(InvalidTransition, match="1 error"):
        services.engagement_approve(engagement=two_errors, by=client_it_manager, **SIGNATURE)


def test_acknowledging_every_error_with_a_reason_allows_sign_off_and_keeps_the_reasons(
    two_errors, client_it_manager, account_manager
):
    _acknowledge(two_errors, NO_A, client_it_manager, "The change board answers for it.")
    _acknowledge(two_errors, TOOL, account_manager, "Retired in March; nobody will own it.")
    services.engagement_approve(engagement=two_errors, by=client_it_manager, **SIGNATURE)

    signed = Engagement.objects.get(pk=two_errors.pk)
    assert signed.status == Status.SIGNED_OFF
    data = load_matrix(signed)
    assert {key: ack.reason for key, ack in data.acknowledgements.items()} == {
        NO_A: "The change board answers for it.",
        TOOL: "Retired in March; nobody will own it.",
    }
    summary = summarize(data, engagement_findings(data))
    assert (summary.by_severity["error"], summary.unacknowledged_errors) == (2, 0)
    with pytest.raises(InvalidTransition):
        services.finding_unacknowledge(engagement=signed, finding_key=NO_A, by=account_manager)


def test_an_acknowledgement_needs_a_written_reason(two_errors, client_it_manager):
    with pytest.raises(ValidationError) as refused:
        _acknowledge(two_errors, NO_A, client_it_manager, reason="   ")
    assert "reason" in refused.value.message_dict
    assert not FindingAcknowledgement.objects.filter(engagement=two_errors).exists()


def test_only_current_errors_can_be_acknowledged(two_errors, client_it_manager):
    warning = "GAP_TOOL_EXIT_TERMS:tool=Legacy VPN appliance"
    for key in (warning, "GAP_NO_ACCOUNTABLE:activity=strategy.budget"):
        with pytest.raises(ValidationError) as refused:
            _acknowledge(two_errors, key, client_it_manager)
        assert "finding_key" in refused.value.message_dict


def test_withdrawing_an_acknowledgement_blocks_sign_off_again(two_errors, client_it_manager):
    _acknowledge(two_errors, NO_A, client_it_manager)
    _acknowledge(two_errors, TOOL, client_it_manager)
    services.finding_unacknowledge(engagement=two_errors, finding_key=TOOL, by=client_it_manager)
    with pytest.raises(InvalidTransition, match="1 error"):
        services.engagement_approve(engagement=two_errors, by=client_it_manager, **SIGNATURE)


def test_a_new_revision_asks_for_its_errors_to_be_accepted_again(
    two_errors, client_it_manager, account_manager
):
    _acknowledge(two_errors, NO_A, client_it_manager)
    _acknowledge(two_errors, TOOL, client_it_manager)
    services.engagement_approve(engagement=two_errors, by=client_it_manager, **SIGNATURE)
    draft = services.engagement_revise(engagement=two_errors, by=account_manager)

    data = load_matrix(draft)
    assert data.acknowledgements == {}
    assert summarize(data, engagement_findings(data)).unacknowledged_errors == 2
    assert FindingAcknowledgement.objects.filter(engagement=two_errors).count() == 2


# -- who may withdraw an acknowledgement: the side that made it ---------------------------


def test_the_other_side_cannot_withdraw_an_acknowledgement(
    two_errors, client_it_manager, account_manager
):
    _acknowledge(two_errors, NO_A, client_it_manager)

    with pytest.raises(PermissionDenied, match="Only the side that acknowledged"):
        services.finding_unacknowledge(engagement=two_errors, finding_key=NO_A, by=account_manager)
    assert two_errors.acknowledgements.filter(finding_key=NO_A).exists()


def test_a_colleague_on_the_same_side_can_withdraw_it(two_errors, client_it_manager, acme):
    from engagements.models import Membership

    colleague = UserFactory(username="itm-colleague")
    Membership.objects.create(
        user=colleague, client=acme, kind=Membership.objects.get(user=client_it_manager).kind
    )
    _acknowledge(two_errors, NO_A, client_it_manager)

    services.finding_unacknowledge(engagement=two_errors, finding_key=NO_A, by=colleague)

    assert not two_errors.acknowledgements.filter(finding_key=NO_A).exists()


def test_an_admin_can_withdraw_any_acknowledgement(two_errors, client_it_manager, admin_user):
    _acknowledge(two_errors, NO_A, client_it_manager)

    services.finding_unacknowledge(engagement=two_errors, finding_key=NO_A, by=admin_user)

    assert not two_errors.acknowledgements.filter(finding_key=NO_A).exists()


# -- who may change an acknowledgement's reason: the side that made it ---------------------


def test_either_side_may_acknowledge_an_error_nobody_has_acknowledged(
    two_errors, account_manager, client_it_manager
):
    _acknowledge(two_errors, NO_A, account_manager, reason="The MSP accepts it.")
    _acknowledge(two_errors, TOOL, client_it_manager, reason="The client accepts it.")

    assert two_errors.acknowledgements.get(finding_key=NO_A).by == account_manager
    assert two_errors.acknowledgements.get(finding_key=TOOL).by == client_it_manager


def test_the_other_side_cannot_write_over_an_acknowledgement(
    two_errors, client_it_manager, account_manager
):
    _acknowledge(two_errors, NO_A, client_it_manager, reason="We keep patching ourselves.")

    with pytest.raises(PermissionDenied, match="The client acknowledged this error"):
        _acknowledge(two_errors, NO_A, account_manager, reason="Agreed by phone.")

    ack = two_errors.acknowledgements.get(finding_key=NO_A)
    assert (ack.reason, ack.by) == ("We keep patching ourselves.", client_it_manager)


def test_the_client_cannot_write_over_the_msps_acknowledgement(
    two_errors, client_it_manager, account_manager
):
    _acknowledge(two_errors, NO_A, account_manager, reason="The MSP's reason.")

    with pytest.raises(PermissionDenied, match="The MSP acknowledged this error"):
        _acknowledge(two_errors, NO_A, client_it_manager, reason="The client's reason.")

    assert two_errors.acknowledgements.get(finding_key=NO_A).reason == "The MSP's reason."


def test_the_side_that_acknowledged_can_change_its_reason(two_errors, client_it_manager):
    _acknowledge(two_errors, NO_A, client_it_manager, reason="Until Q3.")

    _acknowledge(two_errors, NO_A, client_it_manager, reason="Until Q4.")

    assert two_errors.acknowledgements.get(finding_key=NO_A).reason == "Until Q4."
    assert two_errors.acknowledgements.count() == 1


def test_a_colleague_on_the_same_side_can_change_the_reason(
    two_errors, client_it_manager, acme
):
    from engagements.models import Membership

    colleague = UserFactory(username="itm-colleague-reason")
    Membership.objects.create(
        user=colleague, client=acme, kind=Membership.objects.get(user=client_it_manager).kind
    )
    _acknowledge(two_errors, NO_A, client_it_manager, reason="Until Q3.")

    _acknowledge(two_errors, NO_A, colleague, reason="Until Q4, says my colleague.")

    ack = two_errors.acknowledgements.get(finding_key=NO_A)
    assert (ack.reason, ack.by) == ("Until Q4, says my colleague.", colleague)


def test_an_admin_can_change_any_acknowledgement(two_errors, client_it_manager, admin_user):
    _acknowledge(two_errors, NO_A, client_it_manager, reason="Until Q3.")

    _acknowledge(two_errors, NO_A, admin_user, reason="Corrected by the administrator.")

    assert two_errors.acknowledgements.get(finding_key=NO_A).reason == (
        "Corrected by the administrator."
    )


def test_the_other_sides_attempt_is_403_in_the_api_and_changes_nothing(
    two_errors, client_it_manager, account_manager
):
    from tests.helpers.http import api_client

    _acknowledge(two_errors, NO_A, client_it_manager, reason="Until Q3.")

    response = api_client(account_manager).post(
        f"/api/engagements/{two_errors.pk}/acknowledgements/",
        {"finding_key": NO_A, "reason": "Overwritten."},
        format="json",
    )

    assert response.status_code == 403
    assert two_errors.acknowledgements.get(finding_key=NO_A).reason == "Until Q3."
