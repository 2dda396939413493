"""Findings: gaps, overlaps and risks in one engagement, as pure functions over MatrixData.

Nothing here queries or writes: callers load the data once (`matrix_data.load_matrix`) and
pass it in. Each rule is a function registered with `@rule` that yields Finding objects;
`engagement_findings` runs them all. Rule modules are imported here so they register.
"""

from . import matrix  # noqa: F401  (registers the matrix rules)
from .controls import responsibility_matrix  # noqa: F401  (registers the control rules)
from .core import (
    RULES,
    AnalysisConfig,
    Finding,
    Severity,
    Summary,
    engagement_findings,
    rule,
    summarize,
    unacknowledged_errors,
)
from .derived import LEAD_LABELS, domain_lead, week_hours

__all__ = [
    "LEAD_LABELS",
    "RULES",
    "AnalysisConfig",
    "Finding",
    "Severity",
    "Summary",
    "domain_lead",
    "engagement_findings",
    "rule",
    "summarize",
    "unacknowledged_errors",
    "week_hours",
]
