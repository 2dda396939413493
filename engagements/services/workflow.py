"""The review workflow: draft -> in review -> signed off -> superseded by a new revision.

draft --submit--> in_review --approve--> signed_off --revise--> superseded (+ new draft)
                      |
                      +--request_changes--> draft
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from engagements.analysis import Severity, engagement_findings, unacknowledged_errors
from engagements.analysis.fingerprint import revision_fingerprint
from engagements.doors import current_door
from engagements.errors import InvalidTransition
from engagements.models import (
    Comment,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Status,
    Transition,
    WorkflowEvent,
)
from engagements.models.labels import counted
from engagements.permissions import owns_acknowledgement, side_of
from engagements.selectors.exhibit import engagement_parties
from engagements.selectors.matrix import load_matrix
from engagements.services import notifications
from engagements.services.common import (
    as_history_user,
    copied,
    ensure_can_edit,
    ensure_can_review,
    ensure_can_view,
)
from engagements.services.engagements import engagement_copy_matrix
from engagements.services.findings_counts import findings_counts_refresh_after_commit

# What a new revision carries over from the signed one it revises.
REVISION_CARRIES = (
    "client",
    "title",
    "slug",
    "business_days",
    "business_start",
    "business_end",
    "effective_from",
    "effective_to",
    "account_manager",
    "cost_structure",
    "control_level",
    "agreement_reference",
    "exhibit_label",
)


def _lock(engagement: Engagement) -> Engagement:
    """Re-read the revision under a row lock so two transitions cannot both succeed."""
    fresh = Engagement.objects.select_for_update().get(pk=engagement.pk)
    engagement.status = fresh.status
    engagement.version = fresh.version
    return engagement


def _require_status(engagement: Engagement, allowed: tuple[str, ...], action: str) -> None:
    if engagement.status not in allowed:
        raise InvalidTransition(
            f"Cannot {action}: revision {engagement.revision} is "
            f"{engagement.get_status_display().lower()}."
        )


def _record(engagement: Engagement, transition: str, from_status: str, by, note: str = ""):
    return WorkflowEvent.objects.create(
        engagement=engagement,
        transition=transition,
        from_status=from_status,
        to_status=engagement.status,
        by=by,
        note=note,
        door=current_door(),
    )


def _set_status(engagement: Engagement, status: str, by, **extra) -> None:
    engagement.status = status
    engagement.updated_by = by
    for name, value in extra.items():
        setattr(engagement, name, value)
    as_history_user(engagement, by).save()
    findings_counts_refresh_after_commit(engagement_ids=[engagement.pk])


@transaction.atomic
def engagement_submit(*, engagement: Engagement, by, note: str = "") -> Engagement:
    """Send a draft to the client's IT managers for review."""
    ensure_can_edit(engagement, by)
    _lock(engagement)
    _require_status(engagement, (Status.DRAFT,), "submit for review")
    _set_status(engagement, Status.IN_REVIEW, by)
    _record(engagement, Transition.SUBMIT, Status.DRAFT, by, note)
    notifications.send_on_commit(notifications.submitted, engagement, by)
    return engagement


def _signature(signer_name, signer_title) -> tuple[str, str]:
    """The typed name and title, cleaned; both are required and one line each."""
    errors = {}
    cleaned = {}
    for field, value, what in (
        ("signer_name", signer_name, "your full name"),
        ("signer_title", signer_title, "your job title"),
    ):
        value = " ".join(str(value or "").replace("\u00a0", " ").split())
        if not value:
            errors[field] = f"Type {what}: it is printed on the signed exhibit."
        elif len(value) > 120:
            errors[field] = "Keep it under 120 characters."
        cleaned[field] = value
    if errors:
        raise ValidationError(errors)
    return cleaned["signer_name"], cleaned["signer_title"]


@transaction.atomic
def engagement_approve(
    *,
    engagement: Engagement,
    by,
    signer_name: str = "",
    signer_title: str = "",
    note: str = "",
) -> Engagement:
    """The client signs the revision off with their typed full name and job title.
    Refused while errors remain that nobody has acknowledged with a reason; once signed,
    the revision is frozen, with the parties as they stand and the content fingerprint."""
    ensure_can_review(engagement, by)
    _lock(engagement)
    _require_status(engagement, (Status.IN_REVIEW,), "approve")
    signer_name, signer_title = _signature(signer_name, signer_title)
    data = load_matrix(engagement)
    blocking = unacknowledged_errors(data, engagement_findings(data))
    if blocking:
        # Each message is a sentence; inside the list they lose their full stops.
        listed = "; ".join(f.message.rstrip(".") for f in blocking[:5])
        more = f" (and {len(blocking) - 5} more)" if len(blocking) > 5 else ""
        one = len(blocking) == 1
        raise InvalidTransition(
            f"Cannot sign off while {counted(len(blocking), 'error')} "
            f"{'remains' if one else 'remain'} unacknowledged: {listed}{more}. "
            f"{'Fix it, or acknowledge it' if one else 'Fix them, or acknowledge each'} "
            "with a reason."
        )
    parties = engagement_parties(engagement)
    _set_status(
        engagement,
        Status.SIGNED_OFF,
        by,
        signed_off_by=by,
        signed_off_at=timezone.now(),
        signer_name=signer_name,
        signer_title=signer_title,
        msp_legal_name=parties.msp_name,
        msp_address=parties.msp_address,
        client_legal_name=parties.client_name,
        fingerprint=revision_fingerprint(data, parties),
    )
    _record(engagement, Transition.APPROVE, Status.IN_REVIEW, by, note)
    notifications.send_on_commit(notifications.approved, engagement, by)
    return engagement


@transaction.atomic
def engagement_request_changes(*, engagement: Engagement, by, note: str) -> Engagement:
    """The client sends the revision back to draft, saying what should change."""
    ensure_can_review(engagement, by)
    if not (note or "").strip():
        raise ValidationError({"note": "Say what should change."})
    _lock(engagement)
    _require_status(engagement, (Status.IN_REVIEW,), "request changes")
    _set_status(engagement, Status.DRAFT, by)
    _record(engagement, Transition.REQUEST_CHANGES, Status.IN_REVIEW, by, note.strip())
    notifications.send_on_commit(notifications.changes_requested, engagement, by, note)
    return engagement


@transaction.atomic
def engagement_revise(
    *, engagement: Engagement, by, note: str = "", service_model: str | None = None
) -> Engagement:
    """Start a new draft revision from a signed-off one; the old one becomes superseded.
    Everything in the matrix is carried over unchanged."""
    ensure_can_edit(engagement, by)
    _lock(engagement)
    _require_status(engagement, (Status.SIGNED_OFF,), "start a new revision")
    _set_status(engagement, Status.SUPERSEDED, by)
    _record(engagement, Transition.REVISE, Status.SIGNED_OFF, by, note)
    new = Engagement(
        service_model=service_model or engagement.service_model,
        status=Status.DRAFT,
        revision=engagement.revision + 1,
        previous_revision=engagement,
        updated_by=by,
        **copied(engagement, REVISION_CARRIES),
    )
    new.full_clean()
    as_history_user(new, by).save()
    engagement_copy_matrix(engagement, new, by=by)
    WorkflowEvent.objects.create(
        engagement=new,
        transition=Transition.REVISE,
        from_status="",
        to_status=Status.DRAFT,
        by=by,
        note=note or f"Started from signed-off revision {engagement.revision}.",
        door=current_door(),
    )
    findings_counts_refresh_after_commit(engagement_ids=[new.pk])
    return new


ACKNOWLEDGING_SIDE = {"msp": "The MSP", "client": "The client"}


@transaction.atomic
def finding_acknowledge(
    *, engagement: Engagement, finding_key: str, reason: str, by
) -> FindingAcknowledgement:
    """Accept a known error for sign-off, with the reason both parties will see. Either
    side of the engagement may acknowledge, while the revision is not yet signed; once
    acknowledged, the acknowledgement is that side's word: only that side may change its
    reason (or withdraw it), and the other side disagrees in a comment or by requesting
    changes, never by writing over it."""
    ensure_can_view(engagement, by)
    if engagement.is_frozen:
        raise InvalidTransition("A signed-off revision's acknowledgements cannot change.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Write why this error is accepted."})
    data = load_matrix(engagement)
    current = {f.key for f in engagement_findings(data) if f.severity == Severity.ERROR}
    if finding_key not in current:
        raise ValidationError({"finding_key": "There is no such error in this revision."})
    ack = (
        FindingAcknowledgement.objects.select_for_update()
        .select_related("by")
        .filter(engagement=engagement, finding_key=finding_key)
        .first()
    )
    if ack is None:
        ack = FindingAcknowledgement(engagement=engagement, finding_key=finding_key)
    elif not owns_acknowledgement(by, ack, engagement):
        who = ACKNOWLEDGING_SIDE.get(side_of(ack.by, engagement), "The other side")
        raise PermissionDenied(
            f"{who} acknowledged this error; only that side can change its reason or withdraw "
            "it. Comment or request changes instead."
        )
    ack.reason, ack.by = reason, by
    as_history_user(ack, by).save()
    findings_counts_refresh_after_commit(engagement_ids=[engagement.pk])
    return ack


@transaction.atomic
def finding_unacknowledge(*, engagement: Engagement, finding_key: str, by) -> None:
    """Withdraw an acknowledgement. Only the side that made it may: whoever acknowledged,
    or someone in the same role for this client (so a colleague can take it back when
    that person has left), or a superuser. The other side disagrees in a comment or by
    requesting changes; it cannot take the other side's word back."""
    ensure_can_view(engagement, by)
    if engagement.is_frozen:
        raise InvalidTransition("A signed-off revision's acknowledgements cannot change.")
    for ack in FindingAcknowledgement.objects.filter(
        engagement=engagement, finding_key=finding_key
    ).select_related("by"):
        if not owns_acknowledgement(by, ack, engagement):
            raise PermissionDenied(
                "Only the side that acknowledged this finding can withdraw it; comment or "
                "request changes instead."
            )
        as_history_user(ack, by).delete()
    findings_counts_refresh_after_commit(engagement_ids=[engagement.pk])


@transaction.atomic
def comment_add(*, engagement: Engagement, body: str, by, row: MatrixRow | None = None) -> Comment:
    """Add to the discussion about an activity (or the whole engagement). Both sides may
    comment while the revision is a draft or in review."""
    ensure_can_view(engagement, by)
    if engagement.is_frozen:
        raise InvalidTransition(
            "This revision is signed off; start a new revision to discuss changes."
        )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write a comment."})
    if len(body) > 10_000:
        raise ValidationError({"body": "Keep a comment under 10,000 characters."})
    if row is not None and row.engagement_id != engagement.pk:
        raise ValidationError({"row": "That activity belongs to another engagement."})
    comment = Comment.objects.create(engagement=engagement, row=row, author=by, body=body)
    notifications.send_on_commit(notifications.commented, comment)
    return comment
