"""The selected compliance controls as the compliance page shows them."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from engagements.analysis import (
    engagement_findings,
    summarize,
)
from engagements.analysis.controls import ResponsibilityLine, responsibility_matrix
from engagements.analysis.data import MatrixData
from engagements.models import (
    ControlResponsibility,
    Engagement,
    Severity,
)
from engagements.models.choices import UNDECIDED
from engagements.presenters.findings import FindingView
from engagements.selectors.matrix import load_matrix


@dataclass
class ControlView:
    """One selected control as the compliance page shows it, with its findings."""

    line: ResponsibilityLine
    responsibility: ControlResponsibility
    findings: list[FindingView]
    form: object = None  # the edit form, while this control is being edited

    @property
    def id(self) -> int:
        return self.line.responsibility_id

    @property
    def dom_id(self) -> str:
        return f"control-{self.id}"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)


@dataclass
class FrameworkGroup:
    code: str
    name: str
    controls: list[ControlView]
    selected: int  # how many of its controls the engagement selected, before filtering


@dataclass
class ComplianceView:
    engagement: Engagement
    data: MatrixData
    controls: list[ControlView]
    counts: dict[str, int]  # findings on controls, by severity
    unacknowledged_errors: int  # in the whole engagement: what blocks sign-off

    @property
    def frameworks(self) -> list[tuple[str, str]]:
        """(code, name) of each framework with selected controls, in page order."""
        return list(dict.fromkeys((c.line.framework, c.line.framework_name) for c in self.controls))

    def control(self, responsibility_id: int) -> ControlView:
        for view in self.controls:
            if view.id == responsibility_id:
                return view
        raise KeyError(responsibility_id)

    def groups(
        self, *, framework="", origination="", role_id=None, with_findings=False
    ) -> list[FrameworkGroup]:
        """The controls grouped by framework, keeping those that pass every filter given;
        `origination="undecided"` keeps the controls nobody has decided on yet."""
        wanted_origination = "" if origination == UNDECIDED else origination

        def keep(view: ControlView) -> bool:
            line = view.line
            return (
                (not framework or line.framework == framework)
                and (not origination or line.origination == wanted_origination)
                and (role_id is None or line.responsible_role_id == role_id)
                and (not with_findings or bool(view.findings))
            )

        groups: dict[str, FrameworkGroup] = {}
        for view in self.controls:
            line = view.line
            group = groups.get(line.framework)
            if group is None:
                group = groups[line.framework] = FrameworkGroup(
                    line.framework, line.framework_name, [], 0
                )
            group.selected += 1
            if keep(view):
                group.controls.append(view)
        return [g for g in groups.values() if g.controls]


def build_compliance(engagement: Engagement, *, data: MatrixData | None = None) -> ComplianceView:
    """Load (unless given) one revision and lay out its selected controls with their
    findings, in framework and catalog order."""
    data = data or load_matrix(engagement)
    findings = engagement_findings(data)
    summary = summarize(data, findings)
    by_control: dict[str, list[FindingView]] = defaultdict(list)
    counts: Counter = Counter()
    for finding in findings:
        if finding.control:
            by_control[finding.control].append(
                FindingView(finding, data.acknowledgements.get(finding.key))
            )
            counts[finding.severity] += 1
    responsibilities = {resp.id: resp for resp in data.controls}
    controls = [
        ControlView(
            line=line,
            responsibility=responsibilities[line.responsibility_id],
            findings=by_control.get(line.control_id, []),
        )
        for line in responsibility_matrix(data)
    ]
    return ComplianceView(
        engagement=engagement,
        data=data,
        controls=controls,
        counts={s: counts.get(s, 0) for s in Severity.ORDER},
        unacknowledged_errors=summary.unacknowledged_errors,
    )
