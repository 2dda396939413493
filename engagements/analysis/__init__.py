"""Findings: gaps, overlaps and risks in one engagement, as pure functions over MatrixData.

Nothing here queries or writes: callers load the data once (`selectors.matrix.load_matrix`, or
`load_matrices` for many engagements) and pass it in. Each rule is a function registered
with `@rule` that yields Finding objects; `engagement_findings` runs them all.

Rule families live in their own modules: matrix (letters), coverage (hours of the week and
absences), model (the service model and the client's view), tools. Every other module in
this package is imported too, so a new family (compliance controls, say) registers its
rules just by existing.
"""

import importlib
import pkgutil

from engagements.analysis import coverage, matrix, model, tools  # noqa: F401  (the order rules run in)
from engagements.analysis.controls import responsibility_matrix  # noqa: F401  (registers the control rules)
from engagements.analysis.core import (
    RULES,
    SIDE_LABELS,
    AnalysisConfig,
    Finding,
    Severity,
    Summary,
    engagement_findings,
    finding_side,
    rule,
    summarize,
    unacknowledged_errors,
)
from engagements.analysis.derived import (
    WeekWindow,
    domain_lead,
    week_hours,
    week_windows,
)
from engagements.analysis.portfolio import (
    PortfolioEntry,
    PortfolioSummary,
    portfolio_from_counts,
    portfolio_summary,
)

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "RULES",
    "SIDE_LABELS",
    "AnalysisConfig",
    "Finding",
    "PortfolioEntry",
    "PortfolioSummary",
    "Severity",
    "Summary",
    "WeekWindow",
    "domain_lead",
    "engagement_findings",
    "finding_side",
    "portfolio_from_counts",
    "portfolio_summary",
    "rule",
    "summarize",
    "unacknowledged_errors",
    "week_hours",
    "week_windows",
]
