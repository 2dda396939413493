"""Reads for the exhibit: who the parties are, and a revision's content fingerprint."""

from engagements.analysis.data import MatrixData
from engagements.analysis.fingerprint import Parties, revision_fingerprint
from engagements.models import Engagement, MspOrganisation


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
