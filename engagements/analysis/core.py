"""The findings engine: what a finding is, the rule registry, and running the rules."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings

from ..matrix_data import MatrixData


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
