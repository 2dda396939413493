"""The portfolio: the current revisions a user sees, a page at a time, with their findings
counts and the totals over all of them."""

from engagements.analysis import AnalysisConfig, PortfolioEntry, PortfolioSummary, Severity
from engagements.selectors.clients import current_engagement_list
from engagements.selectors.findings_counts import (
    current_stored_counts,
    findings_counts,
    findings_totals,
    with_stored_counts,
)

# Engagements per page of the summary: a page is read and counted in the same queries
# whatever the portfolio's size; the totals cover every engagement.
PORTFOLIO_PAGE_SIZE = 100


def portfolio_findings_summary(*, user, page: int = 1, page_size: int = PORTFOLIO_PAGE_SIZE):
    """One page of the findings counts of every current revision this user sees (an
    account manager's portfolio; a client IT manager's own company), by client, title and
    newest revision, with totals over the whole portfolio.

    Superseded revisions are history and left out. Two queries for two engagements or five
    thousand, once the services have stored the counts after the last change: the page with
    its stored counts, and one aggregate for the totals. Counts not stored yet are counted
    in memory (never stored by a read), in a fixed few more queries.
    """
    config = AnalysisConfig.from_settings()
    everything = current_engagement_list(user=user)
    start = (max(1, page) - 1) * page_size
    ordered = everything.select_related("client").order_by(
        "client__name", "title", "-revision", "pk"
    )
    engagements = list(with_stored_counts(ordered, config)[start : start + page_size])
    totals = findings_totals(everything, config)
    counts = {**totals.counted, **current_stored_counts(engagements)}
    # A count gone stale between the two reads (an edit committed meanwhile).
    counts.update(findings_counts([e for e in engagements if e.pk not in counts], config))
    entries = [
        PortfolioEntry(
            engagement=engagement,
            by_severity=dict(counts[engagement.pk].by_severity),
            unacknowledged_errors=counts[engagement.pk].unacknowledged_errors,
        )
        for engagement in engagements
    ]
    return PortfolioSummary(
        entries=entries,
        totals={severity: totals.by_severity[severity] for severity in Severity.ORDER},
        engagements_in_all=totals.engagements,
        ready_in_all=totals.ready_for_review,
        unacknowledged_in_all=totals.unacknowledged_errors,
    )
