"""Reads for the exhibit: who the parties are, and a revision's content fingerprint."""

import datetime
from dataclasses import dataclass

from engagements.analysis.data import MatrixData
from engagements.analysis.fingerprint import (
    Parties,
    frozen_version,
    revision_document,
    revision_fingerprint,
)
from engagements.models import (
    FROZEN_STATUSES,
    Engagement,
    MspOrganisation,
    Transition,
    WorkflowEvent,
)
from engagements.models.labels import person_name
from engagements.selectors.matrix import load_matrix


def msp_organisation() -> MspOrganisation | None:
    """The MSP's own record, or None while an admin has not filled it in."""
    return MspOrganisation.objects.filter(pk=1).first()


UNLOADED = object()  # `msp` not given: read it


def engagement_parties(engagement: Engagement, *, msp=UNLOADED) -> Parties:
    """The parties as the exhibit names them: as they stood at sign-off for a signed or
    superseded revision, as they stand now for a draft or one in review (one query for the
    MSP's record, none when `msp` is given or the revision is signed)."""
    if engagement.is_frozen and engagement.fingerprint:
        return Parties(
            msp_name=engagement.msp_legal_name,
            msp_address=engagement.msp_address,
            client_name=engagement.client_legal_name,
            agreement_reference=engagement.agreement_reference,
            exhibit_label=engagement.exhibit_label,
        )
    if msp is UNLOADED:
        msp = msp_organisation()
    return Parties(
        msp_name=msp.legal_name if msp else "",
        msp_address=msp.address if msp else "",
        client_name=engagement.client.contract_name,
        agreement_reference=engagement.agreement_reference,
        exhibit_label=engagement.exhibit_label,
    )


def engagement_fingerprint(data: MatrixData, parties: Parties | None = None) -> str:
    """The revision's fingerprint: the one frozen at sign-off, else computed from what it
    says now."""
    engagement = data.engagement
    if engagement.is_frozen and engagement.fingerprint:
        return engagement.fingerprint
    return revision_fingerprint(data, parties or engagement_parties(engagement))


@dataclass(frozen=True)
class Exhibit:
    """What the exhibit says about a revision beyond its matrix: the parties, the
    fingerprint, the revisions around it and who submitted it."""

    parties: Parties
    fingerprint: str
    previous: Engagement | None  # the revision this one supersedes
    previous_data: MatrixData | None  # its matrix, for the Changes sheet
    next_revision: int | None  # the revision that superseded this one
    submitted_by: str
    submitted_at: datetime.datetime | None
    signing_note: str  # the note the signer wrote when approving


def exhibit_for(data: MatrixData) -> Exhibit:
    """Everything the exhibit prints besides the matrix, in a fixed number of queries
    (the MSP's record, the submission, the next revision, and the previous revision's
    matrix when there is one)."""
    engagement = data.engagement
    parties = engagement_parties(engagement)
    previous = (
        Engagement.objects.select_related("client", "signed_off_by")
        .filter(pk=engagement.previous_revision_id)
        .first()
        if engagement.previous_revision_id
        else None
    )
    following = (
        Engagement.objects.filter(previous_revision_id=engagement.pk)
        .values_list("revision", flat=True)
        .first()
    )
    last = {}
    for event in (
        WorkflowEvent.objects.filter(
            engagement=engagement, transition__in=(Transition.SUBMIT, Transition.APPROVE)
        )
        .select_related("by")
        .order_by("at", "id")
    ):
        last[event.transition] = event
    submitted, approved = last.get(Transition.SUBMIT), last.get(Transition.APPROVE)
    return Exhibit(
        parties=parties,
        fingerprint=engagement_fingerprint(data, parties),
        previous=previous,
        previous_data=load_matrix(previous) if previous else None,
        next_revision=following,
        submitted_by=person_name(submitted.by) if submitted else "",
        submitted_at=submitted.at if submitted else None,
        signing_note=approved.note if approved else "",
    )


def signed_revision_with(fingerprint: str, *, among=None) -> Engagement | None:
    """The signed (or since superseded) revision frozen with this fingerprint; `among`
    limits the search to the revisions a user may see."""
    if not fingerprint:
        return None
    queryset = among if among is not None else Engagement.objects.all()
    return (
        queryset.filter(fingerprint=fingerprint, status__in=FROZEN_STATUSES)
        .select_related("client", "signed_off_by")
        .first()
    )


def agreed_document(engagement: Engagement) -> dict:
    """The canonical document of a revision as stored, to compare a copy with: in the
    serialisation version its frozen fingerprint was computed with (version 1 for a
    revision signed before response targets were fingerprinted)."""
    data, parties = load_matrix(engagement), engagement_parties(engagement)
    if engagement.is_frozen and engagement.fingerprint:
        return revision_document(
            data, parties, frozen_version(data, parties, engagement.fingerprint)
        )
    return revision_document(data, parties)
