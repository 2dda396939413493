"""One engagement's matrix, loaded into memory in a fixed number of queries.

Analysis, the API's matrix document, the workbook and the pages all read this shape, so
they agree on what the matrix says and none of them queries per row or per cell.
"""

from dataclasses import dataclass, field

from .models import (
    Assignment,
    ControlResponsibility,
    Coverage,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    Side,
    Tool,
    Window,
)


@dataclass
class MatrixData:
    engagement: Engagement
    roles: list[Role]
    rows: list[MatrixRow]  # ordered by domain, then activity order
    cells: dict[tuple[int, int], str]  # (row_id, role_id) -> stored letters, e.g. "AR"
    coverage: dict[tuple[int, str], int]  # (row_id, window) -> role_id
    tools: list[Tool]
    acknowledgements: dict[str, FindingAcknowledgement] = field(default_factory=dict)
    controls: list[ControlResponsibility] = field(default_factory=list)
    control_rows: dict[int, list[int]] = field(default_factory=dict)  # responsibility -> row ids

    def __post_init__(self):
        self.roles_by_id: dict[int, Role] = {role.id: role for role in self.roles}
        self.rows_by_id: dict[int, MatrixRow] = {row.id: row for row in self.rows}
        self._row_cells: dict[int, dict[int, str]] = {}
        for (row_id, role_id), letters in self.cells.items():
            self._row_cells.setdefault(row_id, {})[role_id] = letters

    # -- reading helpers -------------------------------------------------------------------

    def row_cells(self, row: MatrixRow) -> dict[int, str]:
        """role_id -> letters for one row (roles with an empty cell are absent)."""
        return self._row_cells.get(row.id, {})

    def roles_with(self, row: MatrixRow, letter: str) -> list[Role]:
        cells = self.row_cells(row)
        return [role for role in self.roles if letter in cells.get(role.id, "")]

    def row_coverage(self, row: MatrixRow) -> dict[str, Role]:
        """window -> covering role for one row."""
        return {
            window: self.roles_by_id[role_id]
            for window in Window.values
            if (role_id := self.coverage.get((row.id, window))) in self.roles_by_id
        }

    @property
    def in_scope_rows(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.in_scope]

    def domains(self) -> list[tuple[Domain, list[MatrixRow]]]:
        """Rows grouped under their domain, in catalog order."""
        groups: list[tuple[Domain, list[MatrixRow]]] = []
        for row in self.rows:
            domain = row.activity.domain
            if not groups or groups[-1][0].id != domain.id:
                groups.append((domain, []))
            groups[-1][1].append(row)
        return groups

    def roles_by_side(self) -> list[tuple[str, list[Role]]]:
        """Roles grouped by side, internal first, then MSP, then vendors."""
        order = [Side.INTERNAL, Side.MSP, Side.VENDOR]
        return [
            (side, [role for role in self.roles if role.side == side])
            for side in order
            if any(role.side == side for role in self.roles)
        ]


def load_matrix(engagement: Engagement) -> MatrixData:
    """Load everything analysis and the outputs need, in eight queries whatever the size."""
    roles = list(Role.objects.filter(engagement=engagement).order_by("order", "id"))
    rows = list(
        MatrixRow.objects.filter(engagement=engagement)
        .select_related("activity__domain")
        .order_by(
            "activity__domain__order", "activity__domain__code", "order", "activity__order", "id"
        )
    )
    cells = {
        (row_id, role_id): letters
        for row_id, role_id, letters in Assignment.objects.filter(
            row__engagement=engagement
        ).values_list("row_id", "role_id", "letters")
    }
    coverage = {
        (row_id, window): role_id
        for row_id, window, role_id in Coverage.objects.filter(
            row__engagement=engagement
        ).values_list("row_id", "window", "role_id")
    }
    tools = list(
        Tool.objects.filter(engagement=engagement)
        .select_related("administered_by")
        .order_by("name")
    )
    acknowledgements = {
        ack.finding_key: ack
        for ack in FindingAcknowledgement.objects.filter(engagement=engagement).select_related("by")
    }
    controls = list(
        ControlResponsibility.objects.filter(engagement=engagement)
        .select_related("control__framework", "control__parent", "responsible_role")
        .order_by("control__framework__name", "control__order")
    )
    control_rows: dict[int, list[int]] = {}
    through = ControlResponsibility.implementing_rows.through
    for resp_id, row_id in through.objects.filter(
        controlresponsibility__engagement=engagement
    ).values_list("controlresponsibility_id", "matrixrow_id"):
        control_rows.setdefault(resp_id, []).append(row_id)
    return MatrixData(
        engagement=engagement,
        roles=roles,
        rows=rows,
        cells=cells,
        coverage=coverage,
        tools=tools,
        acknowledgements=acknowledgements,
        controls=controls,
        control_rows=control_rows,
    )
