"""Findings across a portfolio of engagements: counts per engagement and in total."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from engagements.analysis.core import AnalysisConfig, Severity, engagement_findings, summarize
from engagements.analysis.data import MatrixData
from engagements.models import Engagement


@dataclass(frozen=True)
class PortfolioEntry:
    """One engagement's line in the portfolio: how many findings of each severity, and how
    many errors still block sign-off."""

    engagement: Engagement
    by_severity: dict[str, int]
    unacknowledged_errors: int

    @property
    def errors(self) -> int:
        return self.by_severity.get(Severity.ERROR, 0)

    @property
    def warnings(self) -> int:
        return self.by_severity.get(Severity.WARNING, 0)

    @property
    def infos(self) -> int:
        return self.by_severity.get(Severity.INFO, 0)

    @property
    def ready_for_review(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict:
        engagement = self.engagement
        return {
            "engagement": engagement.pk,
            "client": engagement.client.name,
            "title": engagement.title,
            "revision": engagement.revision,
            "status": engagement.status,
            "service_model": engagement.service_model,
            "by_severity": dict(self.by_severity),
            "unacknowledged_errors": self.unacknowledged_errors,
            "ready_for_review": self.ready_for_review,
        }


@dataclass(frozen=True)
class PortfolioSummary:
    entries: list[PortfolioEntry] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # severity -> count, all engagements
    # When the entries are one page of a larger portfolio, what the totals line says about
    # all of it (counted by the database); None: the entries are the whole portfolio.
    engagements_in_all: int | None = None
    ready_in_all: int | None = None
    unacknowledged_in_all: int | None = None

    @property
    def engagements(self) -> int:
        if self.engagements_in_all is not None:
            return self.engagements_in_all
        return len(self.entries)

    @property
    def ready_for_review(self) -> int:
        """How many engagements have no errors."""
        if self.ready_in_all is not None:
            return self.ready_in_all
        return sum(1 for entry in self.entries if entry.ready_for_review)

    @property
    def unacknowledged_errors(self) -> int:
        if self.unacknowledged_in_all is not None:
            return self.unacknowledged_in_all
        return sum(entry.unacknowledged_errors for entry in self.entries)

    def as_dict(self) -> dict:
        return {
            "engagements": [entry.as_dict() for entry in self.entries],
            "totals": {
                **self.totals,
                "engagements": self.engagements,
                "ready_for_review": self.ready_for_review,
                "unacknowledged_errors": self.unacknowledged_errors,
            },
        }


def portfolio_summary(
    matrices: Iterable[MatrixData], config: AnalysisConfig | None = None
) -> PortfolioSummary:
    """Run the findings on each loaded engagement, in the order given, and add them up."""
    config = config or AnalysisConfig.from_settings()
    entries = []
    totals = {severity: 0 for severity in Severity.ORDER}
    for data in matrices:
        summary = summarize(data, engagement_findings(data, config))
        entries.append(
            PortfolioEntry(
                engagement=data.engagement,
                by_severity=summary.by_severity,
                unacknowledged_errors=summary.unacknowledged_errors,
            )
        )
        for severity, count in summary.by_severity.items():
            totals[severity] += count
    return PortfolioSummary(entries=entries, totals=totals)


def portfolio_from_counts(engagements: Iterable[Engagement], counts: dict) -> PortfolioSummary:
    """The same summary from counts already known (selectors.findings_counts), in the
    order the engagements are given: no matrix is loaded."""
    entries = []
    totals = {severity: 0 for severity in Severity.ORDER}
    for engagement in engagements:
        count = counts[engagement.pk]
        entries.append(
            PortfolioEntry(
                engagement=engagement,
                by_severity=dict(count.by_severity),
                unacknowledged_errors=count.unacknowledged_errors,
            )
        )
        for severity, n in count.by_severity.items():
            totals[severity] += n
    return PortfolioSummary(entries=entries, totals=totals)
