"""One engagement's matrix as plain data: what every rule, the diff and every format read.

Selectors build it (`selectors.matrix.load_matrix`) in a fixed number of queries; nothing here
queries. Analysis, the API's matrix document, the workbook and the pages all read this shape,
so they agree on what the matrix says and none of them queries per row or per cell.
"""

from dataclasses import dataclass, field

from engagements.models import (
    ControlResponsibility,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Person,
    Role,
    Side,
    Tool,
    Window,
)

WINDOW_ORDER = tuple(Window.values)


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
    people: dict[int, list[Person]] = field(default_factory=dict)  # role_id -> its people
    response_targets: dict[tuple[int, str], int] = field(default_factory=dict)  # -> minutes

    def __post_init__(self):
        self.roles_by_id: dict[int, Role] = {role.id: role for role in self.roles}
        self.rows_by_id: dict[int, MatrixRow] = {row.id: row for row in self.rows}
        self.tools_by_id: dict[int, Tool] = {tool.id: tool for tool in self.tools}
        self._row_cells: dict[int, dict[int, str]] = {}
        for (row_id, role_id), letters in self.cells.items():
            self._row_cells.setdefault(row_id, {})[role_id] = letters
        self._row_coverage: dict[int, dict[str, Role]] = {}
        for (row_id, window), role_id in self.coverage.items():
            if role_id in self.roles_by_id:
                self._row_coverage.setdefault(row_id, {})[window] = self.roles_by_id[role_id]
        self._in_scope_rows = [row for row in self.rows if row.in_scope]
        # Every rule asks "who is A here?", "who is R here?": answer them once per row.
        self._roles_with: dict[int, dict[str, list[Role]]] = {}
        self._in_scope_by_domain: dict[str, list[MatrixRow]] | None = None

    # -- reading helpers -------------------------------------------------------------------

    def row_cells(self, row: MatrixRow) -> dict[int, str]:
        """role_id -> letters for one row (roles with an empty cell are absent)."""
        return self._row_cells.get(row.id, {})

    def roles_with(self, row: MatrixRow, letter: str) -> list[Role]:
        """Roles holding `letter` on one row, in column order."""
        by_letter = self._roles_with.get(row.id)
        if by_letter is None:
            by_letter = {"R": [], "A": [], "C": [], "I": []}
            cells = self.row_cells(row)
            if cells:
                for role in self.roles:
                    for held in cells.get(role.id, ""):
                        by_letter[held].append(role)
            self._roles_with[row.id] = by_letter
        return list(by_letter.get(letter, ()))

    def row_coverage(self, row: MatrixRow) -> dict[str, Role]:
        """window -> covering role for one row, in window order."""
        covered = self._row_coverage.get(row.id)
        if not covered:
            return {}
        return {window: covered[window] for window in WINDOW_ORDER if window in covered}

    def role_people(self, role: Role) -> list[Person]:
        """The directory people who hold a role, by name (inactive ones included)."""
        return self.people.get(role.id, [])

    def row_targets(self, row: MatrixRow) -> dict[str, int]:
        """window -> response target in minutes, for one row."""
        return {
            window: self.response_targets[(row.id, window)]
            for window in WINDOW_ORDER
            if (row.id, window) in self.response_targets
        }

    @property
    def in_scope_rows(self) -> list[MatrixRow]:
        return list(self._in_scope_rows)

    def in_scope_rows_of(self, domain_code: str) -> list[MatrixRow]:
        """The in-scope rows of one domain (grouped once for all domains: a page or document
        asks this for every domain)."""
        if self._in_scope_by_domain is None:
            grouped: dict[str, list[MatrixRow]] = {}
            for row in self._in_scope_rows:
                grouped.setdefault(row.activity.domain.code, []).append(row)
            self._in_scope_by_domain = grouped
        return list(self._in_scope_by_domain.get(domain_code, ()))

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
