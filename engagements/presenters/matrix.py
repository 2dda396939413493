"""The matrix as the matrix, review and row pages show it."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from engagements.analysis import (
    SIDE_LABELS,
    domain_lead,
    engagement_findings,
    finding_side,
    summarize,
)
from engagements.analysis.data import MatrixData
from engagements.models import (
    WINDOWS_NEEDED,
    Engagement,
    Severity,
    Side,
    Window,
)
from engagements.models.choices import WINDOW_SHORT
from engagements.models.letters import display_letters
from engagements.presenters.findings import FindingView
from engagements.selectors.matrix import load_matrix
from engagements.selectors.review import comment_counts


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
    rowindex: int = 0  # its place in the grid (aria-rowindex), as if every domain were open
    form_id: str = ""  # the form its cells are saved with, without JavaScript
    form_rows: tuple[int, int] | None = None  # first row of a form of several: rows a to b

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
    rowindex: int = 0  # the domain's group row in the grid
    shown: int = 0  # how many of its rows the page renders at first (the rest load later)
    form_ids: list[str] = field(default_factory=list)  # its rows' forms, without JavaScript

    @property
    def shown_rows(self) -> list[RowView]:
        return self.rows[: self.shown]

    @property
    def hidden(self) -> int:
        return len(self.rows) - self.shown

    @property
    def next_rowindex(self) -> int:
        return self.rowindex + self.shown + 1

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

    @property
    def row_count(self) -> int:
        """Every row of the grid (aria-rowcount): two header rows, then each domain's group
        row and its activities."""
        return 2 + sum(1 + len(domain.rows) for domain in self.domains)

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
    first_rows: int | None = None,
    open_domain: int | None = None,
    rows_range: tuple[int, int, int] | None = None,
    row_filter=None,
) -> MatrixView:
    """Load (unless given) and lay out one revision's matrix with its findings.

    `comments` (row id -> how many) are the activities' comment counts, read unless given.
    `typed` and `cell_errors` (input name -> value / message) show refused input in place.
    A large matrix is not rendered whole: with `first_rows`, cells are laid out for that many
    rows from the top (and every row of `open_domain`, a domain id); with `rows_range`
    (domain id, start, stop) for that slice of one domain. Each domain's `shown` says how
    many of its rows have cells; every row keeps its findings and counts. `row_filter`
    (data, row, its findings) -> bool keeps only the rows it accepts, and the domains that
    still have one.
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
    rowindex = 2
    budget = first_rows
    windows = Window.values  # a property that builds a new list on every read
    # Without JavaScript a domain's letters are saved as forms; each stays under Django's
    # limit on the number of fields a request may carry.
    field_limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 1_000_000
    chunk = max(1, (field_limit - 50) // max(1, len(columns)))
    for domain, rows in data.domains():
        row_views = []
        counts: Counter = Counter()
        rowindex += 1
        domain_rowindex = rowindex
        shown = 0
        if row_filter is not None:
            rows = [row for row in rows if row_filter(data, row, by_row.get(row.id, []))]
            if not rows:
                rowindex -= 1
                continue
        for position, row in enumerate(rows):
            rowindex += 1
            if rows_range is not None:
                laid_out = rows_range[0] == domain.id and rows_range[1] <= position < rows_range[2]
            elif budget is None or domain.id == open_domain:
                laid_out = True
            else:
                laid_out = budget > 0 and shown == position
                budget -= laid_out
            shown += laid_out and shown == position
            row_cells = data.row_cells(row)
            cells = []
            for role in columns if laid_out else ():
                cell = CellView(row_id=row.id, role_id=role.id, letters=row_cells.get(role.id, ""))
                cell.colindex = len(cells) + 2
                cell.value = cell.display
                cell.url = f"{cell_base}{cell.row_id}/{cell.role_id}/"
                cell.label_ids = f"act-{row.id} role-{role.id}"
                cell.form_id = f"cells-{row.activity.domain_id}-{position // chunk}"
                if cell.name in cell_errors:
                    cell.error = cell_errors[cell.name]
                    cell.value = typed.get(cell.name, cell.value)
                elif cell_errors and cell.name in typed:
                    # Refused along with a neighbour: keep what was typed, marked unsaved.
                    cell.value, cell.unsaved = typed[cell.name], True
                cells.append(cell)
            coverage = []
            if laid_out:  # a row not rendered shows no coverage
                needed = WINDOWS_NEEDED[row.required_coverage] if row.in_scope else ()
                covering = data.row_coverage(row)
                coverage = [
                    CoverageView(
                        window=window,
                        label=WINDOW_SHORT[window],
                        role_name=covering[window].name if window in covering else "",
                        needed=window in needed,
                    )
                    for window in windows
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
                    rowindex=rowindex,
                    form_id=f"cells-{domain.id}-{position // chunk}",
                    form_rows=(position + 1, min(len(rows), position + chunk))
                    if position % chunk == 0 and len(rows) > chunk
                    else None,
                )
            )
        domains.append(
            DomainView(
                domain=domain,
                rows=row_views,
                lead=domain_lead(data, domain.code),
                counts=counts,
                rowindex=domain_rowindex,
                shown=shown,
                form_ids=[f"cells-{domain.id}-{k}" for k in range((len(rows) - 1) // chunk + 1)],
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
