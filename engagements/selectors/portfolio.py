"""The portfolio: every current revision a user sees, with its findings counts."""

from engagements.analysis import portfolio_from_counts
from engagements.models import Status
from engagements.selectors.engagements import engagement_list
from engagements.selectors.findings_counts import findings_counts


def portfolio_findings_summary(*, user):
    """Findings counts for every current revision of every engagement this user sees (an
    account manager's portfolio; a client IT manager's own company), with totals.

    Superseded revisions are history and left out. Costs the same few queries for two
    engagements or two thousand: counts are read from those stored with each engagement
    (selectors.findings_counts, three queries once the services have stored them after the
    last change); any not current are counted again from their matrices, loaded together,
    and not stored.
    """
    engagements = list(
        engagement_list(user=user)
        .exclude(status=Status.SUPERSEDED)
        .select_related("client")
        .order_by("client__name", "title", "-revision", "pk")
    )
    return portfolio_from_counts(engagements, findings_counts(engagements))
