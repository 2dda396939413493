"""Findings: gaps, overlaps and risks in one engagement, as pure functions over MatrixData.

Nothing here queries or writes: callers load the data once (`matrix_data.load_matrix`) and
pass it in. Each rule is a function that yields Finding objects; `engagement_findings` runs
them all.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings

from .matrix_data import MatrixData
from .models import MatrixRow, Side


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem in plain words, with what to do about it."""

    code: str
    severity: str
    message: str
    suggestion: str
    domain: str = ""  # domain code
    activity: str = ""  # activity code
    role: str = ""  # role name
    tool: str = ""  # tool name
    control: str = ""  # control id, e.g. "PR.AA-01"
    row_id: int | None = None
    role_id: int | None = None
    tool_id: int | None = None

    @property
    def subject(self) -> str:
        """What the finding is about, for keys and display."""
        for kind, value in (
            ("control", self.control),
            ("activity", self.activity),
            ("tool", self.tool),
            ("role", self.role),
        ):
            if value:
                return f"{kind}={value}"
        return "engagement"

    @property
    def key(self) -> str:
        """Stable across revisions: the code and the subject (used for acknowledgements)."""
        return f"{self.code}:{self.subject}"


@dataclass(frozen=True)
class AnalysisConfig:
    max_responsible: int = 3
    role_overload_share: float = 0.5

    @classmethod
    def from_settings(cls) -> "AnalysisConfig":
        return cls(
            max_responsible=getattr(settings, "RACI_MAX_RESPONSIBLE", 3),
            role_overload_share=getattr(settings, "RACI_ROLE_OVERLOAD_SHARE", 0.5),
        )


Rule = Callable[[MatrixData, AnalysisConfig], Iterable[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def _row_subject(row: MatrixRow) -> dict:
    return {"domain": row.activity.domain.code, "activity": row.activity.code, "row_id": row.id}


# -- matrix rules --------------------------------------------------------------------------


@rule
def gap_no_accountable(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A duty with no Accountable party is a gap: nobody answers for it."""
    for row in data.in_scope_rows:
        if not data.roles_with(row, "A"):
            yield Finding(
                code="GAP_NO_ACCOUNTABLE",
                severity=Severity.ERROR,
                message=f'Nobody is accountable for "{row.activity.name}".',
                suggestion="Mark exactly one role A (Accountable) on this activity.",
                **_row_subject(row),
            )


@rule
def overlap_multiple_accountable(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """Two Accountables is an overlap: each will assume the other answers for it."""
    for row in data.in_scope_rows:
        accountable = data.roles_with(row, "A")
        if len(accountable) > 1:
            names = ", ".join(role.name for role in accountable)
            yield Finding(
                code="OVERLAP_MULTIPLE_ACCOUNTABLE",
                severity=Severity.ERROR,
                message=f'{len(accountable)} roles are accountable for "{row.activity.name}": '
                f"{names}.",
                suggestion="Keep one A and change the others to R, C or I.",
                **_row_subject(row),
            )


@rule
def gap_no_responsible(data: MatrixData, config: AnalysisConfig) -> Iterator[Finding]:
    """A duty nobody is Responsible for does not get done."""
    for row in data.in_scope_rows:
        if not data.roles_with(row, "R"):
            yield Finding(
                code="GAP_NO_RESPONSIBLE",
                severity=Severity.ERROR,
                message=f'Nobody does the work for "{row.activity.name}".',
                suggestion="Mark the role that does the work R (an A/R cell counts).",
                **_row_subject(row),
            )


# -- running the rules ---------------------------------------------------------------------


def engagement_findings(data: MatrixData, config: AnalysisConfig | None = None) -> list[Finding]:
    """Every finding for one engagement, errors first, in matrix order within a severity."""
    config = config or AnalysisConfig.from_settings()
    findings: list[Finding] = []
    for check in RULES:
        findings.extend(check(data, config))
    rank = {severity: i for i, severity in enumerate(Severity.ORDER)}
    return sorted(findings, key=lambda f: rank[f.severity])


def unacknowledged_errors(data: MatrixData, findings: Iterable[Finding]) -> list[Finding]:
    """Errors that block sign-off: those nobody has accepted with a written reason."""
    return [
        f for f in findings if f.severity == Severity.ERROR and f.key not in data.acknowledgements
    ]


@dataclass
class Summary:
    by_severity: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, dict[str, int]] = field(default_factory=dict)
    unacknowledged_errors: int = 0

    @property
    def ready_for_review(self) -> bool:
        return self.by_severity.get(Severity.ERROR, 0) == 0


def summarize(data: MatrixData, findings: list[Finding]) -> Summary:
    summary = Summary(by_severity={severity: 0 for severity in Severity.ORDER})
    for finding in findings:
        summary.by_severity[finding.severity] += 1
        if finding.domain:
            per_domain = summary.by_domain.setdefault(finding.domain, {})
            per_domain[finding.severity] = per_domain.get(finding.severity, 0) + 1
    summary.unacknowledged_errors = len(unacknowledged_errors(data, findings))
    return summary


# -- derived views used by templates and reports -------------------------------------------


def week_hours(data: MatrixData) -> dict[str, float]:
    """Hours per week in each window, from the engagement's business days and hours."""
    engagement = data.engagement
    day = datetime(2000, 1, 1)
    span = datetime.combine(day, engagement.business_end) - datetime.combine(
        day, engagement.business_start
    )
    business_days = len(engagement.business_days)
    business = business_days * span / timedelta(hours=1)
    return {
        "business_hours": business,
        "after_hours": business_days * 24 - business,
        "weekends_holidays": (7 - business_days) * 24.0,
    }


LEAD_LABELS = {Side.MSP: "MSP", Side.INTERNAL: "Internal", Side.VENDOR: "Vendor"}


def domain_lead(data: MatrixData, domain_code: str) -> str:
    """Who leads a domain, in the words of the article's comparison table.

    "N/A" when nothing in the domain is in scope; "Flexible" when the Accountable side
    differs from activity to activity; "Shared" when one side is Accountable throughout but
    both sides do the work; otherwise the side that is Accountable and does the work.
    """
    rows = [row for row in data.in_scope_rows if row.activity.domain.code == domain_code]
    if not rows:
        return "N/A"
    accountable_sides = {role.side for row in rows for role in data.roles_with(row, "A")}
    responsible_sides = {role.side for row in rows for role in data.roles_with(row, "R")}
    if len(accountable_sides) > 1:
        return "Flexible"
    if {Side.INTERNAL, Side.MSP} <= responsible_sides:
        return "Shared"
    if not accountable_sides:
        return "Nobody"
    return LEAD_LABELS[next(iter(accountable_sides))]
