"""A revision diff as the diff and review pages show it: the changed activities in the
grid's own layout (each changed cell before -> after, marked added, removed or changed in
colour and in text), the unchanged ones folded, and every other change as a line in words."""

from dataclasses import dataclass, field

from engagements.analysis.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    GridCell,
    RevisionDiff,
    value_words,
)
from engagements.models import ControlResponsibility, Engagement, MatrixRow, Role, Tool
from engagements.models.labels import field_label

# Every kind of change has a colour (the class) and a text marker: never colour alone.
MARKS = {
    ADDED: ("+", "Added"),
    REMOVED: ("−", "Removed"),
    CHANGED: ("~", "Changed"),
}


@dataclass
class DiffCell:
    cell: GridCell

    @property
    def kind(self) -> str:
        return self.cell.kind

    @property
    def mark(self) -> str:
        return MARKS.get(self.kind, ("", ""))[0]

    @property
    def word(self) -> str:
        return MARKS.get(self.kind, ("", ""))[1]

    @property
    def classes(self) -> str:
        letters = self.cell.after if self.kind != REMOVED else ""
        names = ["cell", "diff-cell", f"diff-{self.kind}"]
        names += [f"has-{letter.lower()}" for letter in letters]
        return " ".join(names)


@dataclass
class DiffRow:
    code: str
    name: str
    kind: str
    cells: list[DiffCell]
    notes: list[str] = field(default_factory=list)  # scope, split note, coverage, in words

    @property
    def mark(self) -> str:
        return MARKS[self.kind][0]

    @property
    def word(self) -> str:
        return {ADDED: "Added activity", REMOVED: "Removed activity"}.get(self.kind, "")


@dataclass
class Folded:
    """Unchanged activities between two changed ones, shown as one line."""

    names: list[str]


@dataclass
class DiffDomain:
    name: str
    lines: list  # DiffRow or Folded, in matrix order
    changed: int = 0


@dataclass
class DiffColumn:
    name: str
    kind: str  # ADDED, REMOVED or SAME

    @property
    def mark(self) -> str:
        return MARKS.get(self.kind, ("", ""))[0]

    @property
    def word(self) -> str:
        return MARKS.get(self.kind, ("", ""))[1]


@dataclass
class Line:
    """One change that is not a cell: a term, a role, a tool, a control."""

    what: str
    kind: str
    before: str = ""
    after: str = ""
    detail: str = ""

    @property
    def mark(self) -> str:
        return MARKS[self.kind][0]

    @property
    def word(self) -> str:
        return MARKS[self.kind][1]


@dataclass
class DiffView:
    diff: RevisionDiff
    columns: list[DiffColumn]
    domains: list[DiffDomain]
    terms: list[Line]
    roles: list[Line]
    tools: list[Line]
    controls: list[Line]

    @property
    def changed_rows(self) -> int:
        return sum(d.changed for d in self.domains)


def _row_notes(diff: RevisionDiff, code: str) -> list[str]:
    notes = []
    for change in diff.row_changes:
        if change.activity.code == code:
            before = value_words(change.field, change.before) or "nothing"
            after = value_words(change.field, change.after) or "nothing"
            notes.append(f"{field_label(MatrixRow, change.field)}: {before} → {after}")
    for cover in diff.coverage_for(code):
        notes.append(
            f"{cover.window_label}: {cover.before or 'nobody'} → {cover.after or 'nobody'}"
        )
    return notes


def _changes(model, item_name: str, changes) -> list[Line]:
    return [
        Line(
            f"{item_name}: {field_label(model, c.field).lower()}"
            if item_name
            else field_label(model, c.field),
            CHANGED,
            value_words(c.field, c.before) or "nothing",
            value_words(c.field, c.after) or "nothing",
        )
        for c in changes
    ]


def _items(added, removed, changed, model) -> list[Line]:
    lines = [Line(name, ADDED) for name in added]
    lines += [Line(name, REMOVED) for name in removed]
    for item in changed:
        lines += _changes(model, item.name, item.changes)
    return lines


def _control_name(ref) -> str:
    return f"{ref.control_id} {ref.title}"


def diff_view(diff: RevisionDiff) -> DiffView:
    added_roles, removed_roles = set(diff.roles_added), set(diff.roles_removed)
    columns = [
        DiffColumn(
            name, ADDED if name in added_roles else REMOVED if name in removed_roles else SAME
        )
        for name in diff.roles
    ]
    grid = {row.activity.code: row for row in diff.grid}
    domains: list[DiffDomain] = []
    for ref in diff.activities:
        if not domains or domains[-1].name != ref.domain_name:
            domains.append(DiffDomain(ref.domain_name, []))
        domain = domains[-1]
        row = grid.get(ref.code)
        if row is None:
            if domain.lines and isinstance(domain.lines[-1], Folded):
                domain.lines[-1].names.append(ref.name)
            else:
                domain.lines.append(Folded([ref.name]))
            continue
        domain.changed += 1
        domain.lines.append(
            DiffRow(
                ref.code,
                ref.name,
                row.kind,
                [DiffCell(cell) for cell in row.cells],
                _row_notes(diff, ref.code),
            )
        )
    controls = [
        Line(_control_name(c), ADDED, after=c.origination or "not decided yet")
        for c in diff.controls_added
    ]
    controls += [
        Line(_control_name(c), REMOVED, before=c.origination or "not decided yet")
        for c in diff.controls_removed
    ]
    for c in diff.controls_changed:
        controls += _changes(ControlResponsibility, _control_name(c.control), c.changes)
    return DiffView(
        diff=diff,
        columns=columns,
        domains=[d for d in domains if d.changed],
        terms=_changes(Engagement, "", diff.engagement),
        roles=_items(diff.roles_added, diff.roles_removed, diff.roles_changed, Role),
        tools=_items(diff.tools_added, diff.tools_removed, diff.tools_changed, Tool),
        controls=controls,
    )


def diff_summary(diff: RevisionDiff) -> str:
    """One line: what kinds of thing changed, and how many of each."""
    counts = diff.counts
    parts = [
        (counts["cells"], "cell", "cells"),
        (counts["coverage"], "coverage window", "coverage windows"),
        (
            counts["activities"],
            "activity added, removed or re-scoped",
            "activities added, removed or re-scoped",
        ),
        (counts["roles"], "role", "roles"),
        (counts["tools"], "tool", "tools"),
        (counts["engagement"], "term of the engagement", "terms of the engagement"),
        (counts["controls"], "compliance control", "compliance controls"),
    ]
    words = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    return "Changed: " + ", ".join(words) + "."
