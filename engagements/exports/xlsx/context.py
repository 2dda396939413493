"""What every sheet of the workbook needs, worked out once, and the findings marker the
RACI matrix and Compliance sheets share."""

from collections import Counter
from dataclasses import dataclass

from engagements.analysis.data import MatrixData
from engagements.models import Engagement, Severity
from engagements.selectors.exhibit import Exhibit


@dataclass
class Context:
    """What every sheet needs, worked out once."""

    data: MatrixData
    findings: list
    summary: object
    roles: list  # in column order: grouped by side
    role_list_ref: str  # the Legend range the role drop-downs read
    exported_at: str
    exported_on: str  # the date alone, for page footers
    exhibit: Exhibit

    @property
    def engagement(self) -> Engagement:
        return self.data.engagement


def marker(row_findings: Counter) -> tuple[str, str]:
    """The findings on one row or control in words ("1 error, 2 notes"), and the worst
    severity among them (for the cell's colour)."""
    parts = []
    for severity in Severity:
        n = row_findings.get(severity, 0)
        if n:
            parts.append(f"{n} {severity.label.lower() if n == 1 else severity.plural}")
    worst = next(s for s in Severity.ORDER if row_findings.get(s))
    return ", ".join(parts), worst
