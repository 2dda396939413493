"""What the matrix editor shows around its grid: the findings gathered by kind (with the fix
one click can make), the filter a user narrows the grid with, and each role's duties."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from engagements.models import Severity, Side
from engagements.models.letters import LETTERS
from engagements.presenters.findings import FindingView

ITEMS_SHOWN = 12  # findings listed under each kind before "show all"

# Kinds of finding whose fix is the same letter on every row they name: (letter, which
# roles may take it). The user picks the role when there is more than one.
ONE_CLICK_FIXES = {
    "GAP_CLIENT_NOT_INFORMED": ("I", Side.INTERNAL),
}


@dataclass
class FindingKind:
    """The findings of one kind and severity, with how many and the rows they name."""

    code: str
    severity: str
    items: list[FindingView]
    show_all: bool = False

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def title(self) -> str:
        # The first finding's suggestion says what to do for every one of its kind.
        return self.items[0].finding.suggestion

    @property
    def label(self) -> str:
        return Severity(self.severity).label

    @property
    def shown(self) -> list[FindingView]:
        return self.items if self.show_all else self.items[:ITEMS_SHOWN]

    @property
    def more(self) -> int:
        return self.count - len(self.shown)

    @property
    def row_ids(self) -> list[int]:
        return [item.finding.row_id for item in self.items if item.finding.row_id]

    @property
    def fix_letter(self) -> str:
        fix = ONE_CLICK_FIXES.get(self.code)
        return fix[0] if fix and self.row_ids else ""

    @property
    def fix_side(self) -> str:
        fix = ONE_CLICK_FIXES.get(self.code)
        return fix[1] if fix else ""


def finding_kinds(findings: list[FindingView], *, show_all: bool = False) -> list[FindingKind]:
    """The findings gathered by severity (errors first), then by kind in order of first
    appearance, so 300 of one warning take one line and not 300."""
    grouped: dict[tuple[str, str], list[FindingView]] = defaultdict(list)
    for item in findings:
        grouped[(item.severity, item.finding.code)].append(item)
    order = {severity: i for i, severity in enumerate(Severity.ORDER)}
    return [
        FindingKind(code=code, severity=severity, items=items, show_all=show_all)
        for (severity, code), items in sorted(grouped.items(), key=lambda kv: order[kv[0][0]])
    ]


def blocking_rows(findings: list[FindingView]) -> list[int]:
    """The rows unacknowledged errors name, in the panel's order: where "next error" goes."""
    rows = []
    for item in findings:
        if item.blocking and item.finding.row_id and item.finding.row_id not in rows:
            rows.append(item.finding.row_id)
    return rows


@dataclass
class GridFilter:
    """What the user narrowed the grid to: activities whose name or code holds `query`,
    rows where `role` (or any role of `side`) holds one of `letters`, rows with findings."""

    query: str = ""
    role: int | None = None
    side: str = ""
    letters: str = ""  # "" means any letter
    with_findings: bool = False

    @classmethod
    def from_query(cls, params) -> "GridFilter":
        try:
            role = int(params.get("role", "")) or None
        except ValueError:
            role = None
        side = params.get("side", "")
        letters = "".join(ch for ch in params.get("letters", "").upper() if ch in LETTERS)
        return cls(
            query=params.get("q", "").strip()[:100],
            role=role,
            side=side if side in Side.values else "",
            letters=letters,
            with_findings=params.get("findings") == "1",
        )

    def __bool__(self) -> bool:
        return bool(self.query or self.role or self.side or self.with_findings)

    @property
    def querystring(self) -> str:
        """The filter as a query string for the rows the grid loads later ("" when none)."""
        from urllib.parse import urlencode

        params = {
            "q": self.query,
            "role": self.role or "",
            "side": self.side,
            "letters": self.letters,
            "findings": "1" if self.with_findings else "",
        }
        return urlencode({k: v for k, v in params.items() if v})

    def keeps(self, data, row, row_findings) -> bool:
        if self.with_findings and not row_findings:
            return False
        if self.query:
            needle = self.query.casefold()
            if needle not in row.activity.name.casefold() and needle not in row.activity.code:
                return False
        if self.role or self.side:
            cells = data.row_cells(row)
            roles = [self.role] if self.role else [r.id for r in data.roles if r.side == self.side]
            wanted = set(self.letters) if self.letters else set(LETTERS)
            if not any(wanted & set(cells.get(role_id, "")) for role_id in roles):
                return False
        return True


@dataclass
class RoleDuties:
    role: object
    counts: Counter = field(default_factory=Counter)

    @property
    def by_letter(self) -> list[tuple[str, int]]:
        return [(letter, self.counts[letter]) for letter in LETTERS]


def role_duties(data) -> list[RoleDuties]:
    """Each role with how many activities in scope it is R, A, C and I on."""
    duties = {role.id: RoleDuties(role=role) for role in data.roles}
    for row in data.in_scope_rows:
        for role_id, letters in data.row_cells(row).items():
            if role_id in duties:
                duties[role_id].counts.update(letters)
    return list(duties.values())
