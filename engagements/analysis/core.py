"""The findings engine: what a finding is, the rule registry, and running the rules."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.conf import settings

from engagements.analysis.data import MatrixData
from engagements.models import Severity, Side


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

    def as_dict(self) -> dict:
        """Every field plus the subject and key, for JSON (the command, the API)."""
        return {**asdict(self), "subject": self.subject, "key": self.key}


@dataclass(frozen=True)
class AnalysisConfig:
    max_responsible: int = 3
    role_overload_share: float = 0.5
    # The day the holiday findings count from (today when not given).
    today: dt.date | None = None

    @property
    def from_date(self) -> dt.date:
        return self.today or dt.date.today()

    @classmethod
    def from_settings(cls) -> "AnalysisConfig":
        return cls(
            max_responsible=getattr(settings, "RACI_MAX_RESPONSIBLE", 3),
            role_overload_share=getattr(settings, "RACI_ROLE_OVERLOAD_SHARE", 0.5),
        )


Rule = Callable[[MatrixData, AnalysisConfig], Iterable[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    """Register a rule. Any module in this package may register rules; the package imports
    them all, so a new rule family is a new module and nothing else."""
    name = rule_name(func)
    RULES[:] = [r for r in RULES if rule_name(r) != name]
    RULES.append(func)
    return func


def row_rule(func: Rule) -> Rule:
    """Register a rule whose finding about a matrix row depends only on that row (its letters,
    coverage, scope, split note and activity) and on what every row shares (the roles, the
    engagement's hours and service model, the settings). Such a rule runs only over the rows
    that changed when stored findings are brought up to date (analysis.stored)."""
    func.per_row = True
    return rule(func)


def rule_name(func: Rule) -> str:
    """A rule's stable name: where it is defined."""
    return f"{func.__module__}.{func.__qualname__}"


# -- running the rules ---------------------------------------------------------------------


def engagement_findings(data: MatrixData, config: AnalysisConfig | None = None) -> list[Finding]:
    """Every finding for one engagement: errors first, then warnings, then information;
    within a severity, the engagement as a whole, then activities in matrix order, then
    roles, tools and controls, so a finding sits where the reader meets its subject."""
    config = config or AnalysisConfig.from_settings()
    findings: list[Finding] = []
    for check in RULES:
        findings.extend(check(data, config))
    return in_reading_order(data, findings)


def in_reading_order(data: MatrixData, findings: list[Finding]) -> list[Finding]:
    """Findings listed in RULES order, sorted the way engagement_findings returns them."""
    rank = {severity: i for i, severity in enumerate(Severity.ORDER)}
    row_position = {row.id: i for i, row in enumerate(data.rows)}
    role_position = {role.id: i for i, role in enumerate(data.roles)}
    tool_position = {tool.id: i for i, tool in enumerate(data.tools)}

    def place(finding: Finding) -> tuple[int, int]:
        if finding.control:
            return (4, 0)
        if finding.row_id is not None:
            return (1, row_position.get(finding.row_id, 0))
        if finding.role_id is not None:
            return (2, role_position.get(finding.role_id, 0))
        if finding.tool_id is not None:
            return (3, tool_position.get(finding.tool_id, 0))
        return (0, 0)

    # sorted() is stable: findings on one subject keep the order the rules ran in.
    return sorted(findings, key=lambda f: (rank[f.severity], *place(f)))


def unacknowledged_errors(data: MatrixData, findings: Iterable[Finding]) -> list[Finding]:
    """Errors that block sign-off: those nobody has accepted with a written reason."""
    return [
        f for f in findings if f.severity == Severity.ERROR and f.key not in data.acknowledgements
    ]


# -- summary -------------------------------------------------------------------------------

# Who has to act on a finding, for the summary's count by side.
SHARED = "shared"  # the engagement as a whole, or Accountables on both sides
UNASSIGNED = "unassigned"  # nobody answers for the subject yet
SIDE_ORDER = (Side.INTERNAL.value, Side.MSP.value, Side.VENDOR.value, SHARED, UNASSIGNED)
# Who answers, in words: a side by its label, and the two answers that are no one side.
SIDE_LABELS = {**dict(Side.choices), SHARED: "Both sides", UNASSIGNED: "Nobody yet"}


def finding_side(data: MatrixData, finding: Finding) -> str:
    """The side that answers for a finding's subject: the role's side for a role, the
    owning side for a tool, the Accountable's side for an activity; "shared" for the
    engagement as a whole and "unassigned" when nobody answers for the subject yet."""
    if finding.role_id is not None and finding.role_id in data.roles_by_id:
        return data.roles_by_id[finding.role_id].side
    if finding.tool_id is not None:
        tool = data.tools_by_id.get(finding.tool_id)
        return (tool.owner_side if tool else "") or UNASSIGNED
    if finding.row_id is not None and finding.row_id in data.rows_by_id:
        sides = {role.side for role in data.roles_with(data.rows_by_id[finding.row_id], "A")}
        if len(sides) > 1:
            return SHARED
        return next(iter(sides)) if sides else UNASSIGNED
    if finding.control:
        return UNASSIGNED
    return SHARED


@dataclass
class Summary:
    by_severity: dict[str, int] = field(default_factory=dict)
    by_domain: dict[str, dict[str, int]] = field(default_factory=dict)
    unacknowledged_errors: int = 0
    # side ("internal", "msp", "vendor", "shared", "unassigned") -> severity -> count
    by_side: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ready_for_review(self) -> bool:
        return self.by_severity.get(Severity.ERROR, 0) == 0

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def acknowledged_errors(self) -> int:
        return self.by_severity.get(Severity.ERROR, 0) - self.unacknowledged_errors

    def as_dict(self) -> dict:
        return {
            "by_severity": dict(self.by_severity),
            "by_domain": {code: dict(counts) for code, counts in self.by_domain.items()},
            "by_side": {side: dict(counts) for side, counts in self.by_side.items()},
            "total": self.total,
            "unacknowledged_errors": self.unacknowledged_errors,
            "acknowledged_errors": self.acknowledged_errors,
            "ready_for_review": self.ready_for_review,
        }


def summarize(data: MatrixData, findings: list[Finding]) -> Summary:
    """Counts by severity, by domain and by side; domains and sides with no finding are
    left out of their counts."""
    summary = Summary(by_severity={severity: 0 for severity in Severity.ORDER})
    by_side: dict[str, dict[str, int]] = {}
    for finding in findings:
        summary.by_severity[finding.severity] += 1
        if finding.domain:
            per_domain = summary.by_domain.setdefault(finding.domain, {})
            per_domain[finding.severity] = per_domain.get(finding.severity, 0) + 1
        per_side = by_side.setdefault(finding_side(data, finding), {})
        per_side[finding.severity] = per_side.get(finding.severity, 0) + 1
    summary.by_side = {side: by_side[side] for side in SIDE_ORDER if side in by_side}
    summary.unacknowledged_errors = len(unacknowledged_errors(data, findings))
    return summary
