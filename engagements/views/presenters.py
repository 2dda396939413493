"""The matrix as the pages show it: loaded once, findings run once, laid out for templates.

Templates loop over plain objects built here, so a 71-row matrix renders without a query
per row or per cell, and the full page and the htmx fragments show the same markup.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from engagements.analysis import (
    SIDE_LABELS,
    Finding,
    domain_lead,
    engagement_findings,
    finding_side,
    summarize,
)
from engagements.analysis.controls import ResponsibilityLine, responsibility_matrix
from engagements.analysis.data import MatrixData
from engagements.models import (
    WINDOWS_NEEDED,
    ControlResponsibility,
    Engagement,
    FindingAcknowledgement,
    Severity,
    Side,
    Window,
)
from engagements.models.choices import UNDECIDED, WINDOW_SHORT
from engagements.models.letters import display_letters
from engagements.selectors.matrix import load_matrix
from engagements.selectors.review import comment_counts


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


@dataclass
class CellView:
    row_id: int
    role_id: int
    letters: str  # stored, e.g. "AR"
    value: str = ""  # what the input shows: "A/R", or what was typed when it was refused
    error: str = ""
    unsaved: bool = False
    conflict: str = ""  # why it was not saved, when someone else changed the matrix first

    def __post_init__(self):
        # Strings made once here: the template writes them hundreds of times per page.
        self.ref = f"{self.row_id}-{self.role_id}"
        self.name = f"c-{self.ref}"
        self.url = ""

    @property
    def display(self) -> str:
        return display_letters(self.letters)

    @property
    def classes(self) -> str:
        names = [f"has-{letter.lower()}" for letter in self.letters]
        if self.error:
            names.append("cell-error")
        if self.unsaved:
            names.append("cell-unsaved")
        return " ".join(["cell", *names])


@dataclass
class CoverageView:
    window: str
    label: str
    role_name: str
    needed: bool


@dataclass
class RowView:
    row: object
    cells: list[CellView]
    findings: list[FindingView]
    coverage: list[CoverageView]
    comment_count: int = 0
    url: str = ""  # the activity's own page

    @property
    def dom_id(self) -> str:
        return f"row-{self.row.id}"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def blocking(self) -> int:
        return sum(1 for f in self.findings if f.blocking)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)

    @property
    def coverage_need_label(self) -> str:
        row = self.row
        if row.coverage_need:
            return row.get_coverage_need_display()
        return row.activity.get_default_coverage_display()


@dataclass
class DomainView:
    domain: object
    rows: list[RowView]
    lead: str
    counts: Counter = field(default_factory=Counter)

    @property
    def errors(self) -> int:
        return self.counts[Severity.ERROR]

    @property
    def warnings(self) -> int:
        return self.counts[Severity.WARNING]

    @property
    def in_scope(self) -> int:
        return sum(1 for r in self.rows if r.row.in_scope)


@dataclass
class SideGroup:
    side: str
    label: str
    roles: list


@dataclass
class MatrixView:
    engagement: Engagement
    data: MatrixData
    findings: list[FindingView]
    sides: list[SideGroup]
    columns: list
    domains: list[DomainView]
    counts: dict[str, int]
    unacknowledged_errors: int

    @property
    def general_findings(self) -> list[FindingView]:
        return [f for f in self.findings if not f.finding.row_id]

    @property
    def role_rows(self) -> list[tuple]:
        """Each role with the role that backs it up on absence (or None)."""
        by_id = self.data.roles_by_id
        return [(role, by_id.get(role.absence_backup_id)) for role in self.data.roles]

    @property
    def column_count(self) -> int:
        return len(self.columns) + 2

    def row_view(self, row_id: int) -> RowView:
        for domain in self.domains:
            for row_view in domain.rows:
                if row_view.row.id == row_id:
                    return row_view
        raise KeyError(row_id)

    def domain_of(self, row_id: int) -> DomainView:
        for domain in self.domains:
            if any(r.row.id == row_id for r in domain.rows):
                return domain
        raise KeyError(row_id)

    @property
    def findings_by_severity(self) -> list[tuple[str, str, list[FindingView]]]:
        groups = []
        for severity in Severity.ORDER:
            items = [f for f in self.findings if f.severity == severity]
            if items:
                groups.append((severity, Severity(severity).label, items))
        return groups


def build_matrix(
    engagement: Engagement,
    *,
    data: MatrixData | None = None,
    comments: dict[int, int] | None = None,
    typed: dict[str, str] | None = None,
    cell_errors: dict[str, str] | None = None,
) -> MatrixView:
    """Load (unless given) and lay out one revision's matrix with its findings.

    `comments` (row id -> how many) are the activities' comment counts, read unless given.
    `typed` and `cell_errors` (input name -> value / message) show refused input in place.
    """
    data = data or load_matrix(engagement)
    cell_base = reverse("engagement_cells", args=[engagement.pk])
    row_base = reverse("engagement_row", args=[engagement.pk, 0]).removesuffix("0/")
    findings = engagement_findings(data)
    summary = summarize(data, findings)
    typed = typed or {}
    cell_errors = cell_errors or {}
    views = [
        FindingView(f, data.acknowledgements.get(f.key), SIDE_LABELS.get(finding_side(data, f), ""))
        for f in findings
    ]
    by_row: dict[int, list[FindingView]] = defaultdict(list)
    for view in views:
        if view.finding.row_id:
            by_row[view.finding.row_id].append(view)

    sides = [
        SideGroup(side=side, label=Side(side).label, roles=roles)
        for side, roles in data.roles_by_side()
    ]
    columns = [role for group in sides for role in group.roles]
    if comments is None:
        comments = comment_counts(engagement=engagement)

    domains = []
    for domain, rows in data.domains():
        row_views = []
        counts: Counter = Counter()
        for row in rows:
            row_cells = data.row_cells(row)
            cells = []
            for role in columns:
                cell = CellView(row_id=row.id, role_id=role.id, letters=row_cells.get(role.id, ""))
                cell.value = cell.display
                cell.url = f"{cell_base}{cell.row_id}/{cell.role_id}/"
                cell.label_ids = f"act-{row.id} role-{role.id}-{row.activity.domain_id}"
                cell.form_id = f"cells-{row.activity.domain_id}"
                if cell.name in cell_errors:
                    cell.error = cell_errors[cell.name]
                    cell.value = typed.get(cell.name, cell.value)
                elif cell_errors and cell.name in typed:
                    # Refused along with a neighbour: keep what was typed, marked unsaved.
                    cell.value, cell.unsaved = typed[cell.name], True
                cells.append(cell)
            needed = WINDOWS_NEEDED[row.required_coverage] if row.in_scope else ()
            covering = data.row_coverage(row)
            coverage = [
                CoverageView(
                    window=window,
                    label=WINDOW_SHORT[window],
                    role_name=covering[window].name if window in covering else "",
                    needed=window in needed,
                )
                for window in Window.values
                if window in needed or window in covering
            ]
            row_findings = by_row.get(row.id, [])
            counts.update(f.severity for f in row_findings)
            row_views.append(
                RowView(
                    row=row,
                    cells=cells,
                    findings=row_findings,
                    coverage=coverage,
                    comment_count=comments.get(row.id, 0),
                    url=f"{row_base}{row.id}/",
                )
            )
        domains.append(
            DomainView(
                domain=domain, rows=row_views, lead=domain_lead(data, domain.code), counts=counts
            )
        )
    return MatrixView(
        engagement=engagement,
        data=data,
        findings=views,
        sides=sides,
        columns=columns,
        domains=domains,
        counts={s: summary.by_severity.get(s, 0) for s in Severity.ORDER},
        unacknowledged_errors=summary.unacknowledged_errors,
    )


# -- compliance controls ---------------------------------------------------------------------


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
