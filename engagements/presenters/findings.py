"""A finding as the pages show it: its words, its acknowledgement, where it is fixed."""

from dataclasses import dataclass

from engagements.analysis import (
    Finding,
)
from engagements.models import (
    FindingAcknowledgement,
    Severity,
)
from engagements.presenters.docs import finding_docs_url


@dataclass
class FindingView:
    finding: Finding
    acknowledgement: FindingAcknowledgement | None = None
    side: str = ""  # who answers for its subject, in words ("MSP", "Both sides", ...)

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def label(self) -> str:
        return Severity(self.finding.severity).label

    @property
    def help_url(self) -> str:
        """The documentation's section on its code: what it means and how to fix it."""
        return finding_docs_url(self.finding.code)

    @property
    def anchor(self) -> str:
        """Where on the matrix page its subject can be changed."""
        if self.finding.row_id:
            return f"row-{self.finding.row_id}"
        if self.finding.tool_id or self.finding.tool:
            return "tools"
        if self.finding.role_id or self.finding.role:
            return "roles"
        return ""

    @property
    def blocking(self) -> bool:
        return self.finding.severity == Severity.ERROR and self.acknowledgement is None
