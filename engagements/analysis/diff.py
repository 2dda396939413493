"""What changed between two revisions of a matrix (or any two matrices), as plain data.

Pure: it reads two loaded matrices (`selectors.matrix.load_matrix`) and queries nothing. Rows are
matched by activity code, roles by name and tools by name (both case-insensitively, as the
database keeps them unique), never by id: every revision has its own ids.

A cell, coverage entry or field that exists on one side only is reported with "" on the
other, so an added role's letters show up as cells that changed from "" and a removed
activity's letters as cells that changed to "".

Compliance control responsibilities are matched by framework and control id: a control
selected in one revision only is added or removed; one in both is changed when who provides
it, how it is split or which activities implement it differ.

`grid` lays the changed activities out as the matrix does (one row per changed activity, one
column per role), so a page or a sheet can show each changed cell before -> after in place.
"""

from dataclasses import dataclass

from engagements.analysis.data import MatrixData
from engagements.models import CoverageNeed, Window
from engagements.models.engagement import WEEKDAY_NAMES
from engagements.models.labels import person_name, value_text
from engagements.models.letters import display_letters


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ActivityRef:
    code: str
    name: str
    domain: str  # domain code
    domain_name: str


@dataclass(frozen=True)
class CellDiff:
    """One cell whose letters changed ("" is an empty cell)."""

    activity: ActivityRef
    role: str
    before: str  # stored letters, e.g. "AR"
    after: str

    @property
    def before_display(self) -> str:
        return display_letters(self.before)

    @property
    def after_display(self) -> str:
        return display_letters(self.after)


@dataclass(frozen=True)
class CoverageDiff:
    """Who covers one window of one activity, before and after ("" is uncovered)."""

    activity: ActivityRef
    window: str
    before: str  # role name
    after: str

    @property
    def window_label(self) -> str:
        return Window(self.window).label


@dataclass(frozen=True)
class RowFieldDiff:
    """A change to an activity's row: in_scope, split_note or coverage_need."""

    activity: ActivityRef
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemDiff:
    """A role or tool present in both revisions with some of its fields changed."""

    name: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ControlRef:
    """A compliance control as the diff names it, with who provides it on the side it is
    read from (the new revision for added and changed controls, the old for removed)."""

    framework: str  # framework name
    control_id: str
    title: str
    origination: str = ""  # label, e.g. "Shared"; "" when not decided

    @property
    def key(self) -> tuple[str, str]:
        return (self.framework, self.control_id)


@dataclass(frozen=True)
class ControlDiff:
    """A control selected in both revisions whose responsibility changed."""

    control: ControlRef
    changes: tuple[FieldChange, ...]


ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"


@dataclass(frozen=True)
class GridCell:
    """One cell of a changed row, in the grid's layout: `kind` says how it moved."""

    role: str
    before: str  # stored letters
    after: str

    @property
    def kind(self) -> str:
        if self.before == self.after:
            return SAME
        if not self.before:
            return ADDED
        if not self.after:
            return REMOVED
        return CHANGED

    @property
    def before_display(self) -> str:
        return display_letters(self.before)

    @property
    def after_display(self) -> str:
        return display_letters(self.after)


@dataclass(frozen=True)
class GridRow:
    """A changed activity laid out like a matrix row: every role column, changed or not,
    so the reader sees each change beside what stayed."""

    activity: ActivityRef
    kind: str  # ADDED, REMOVED or CHANGED (cells, coverage, scope or note)
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class RevisionDiff:
    old_revision: int
    new_revision: int
    engagement: tuple[FieldChange, ...]
    roles_added: tuple[str, ...]
    roles_removed: tuple[str, ...]
    roles_changed: tuple[ItemDiff, ...]
    activities_added: tuple[ActivityRef, ...]
    activities_removed: tuple[ActivityRef, ...]
    row_changes: tuple[RowFieldDiff, ...]
    cells: tuple[CellDiff, ...]
    coverage: tuple[CoverageDiff, ...]
    tools_added: tuple[str, ...]
    tools_removed: tuple[str, ...]
    tools_changed: tuple[ItemDiff, ...]
    controls_added: tuple[ControlRef, ...] = ()
    controls_removed: tuple[ControlRef, ...] = ()
    controls_changed: tuple[ControlDiff, ...] = ()
    roles: tuple[str, ...] = ()  # every role column, new revision's order, then removed ones
    grid: tuple[GridRow, ...] = ()  # the changed activities, in matrix order
    # Every activity of either revision in matrix order, so a page can fold the unchanged.
    activities: tuple[ActivityRef, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.engagement,
                self.roles_added,
                self.roles_removed,
                self.roles_changed,
                self.activities_added,
                self.activities_removed,
                self.row_changes,
                self.cells,
                self.coverage,
                self.tools_added,
                self.tools_removed,
                self.tools_changed,
                self.controls_added,
                self.controls_removed,
                self.controls_changed,
            )
        )

    @property
    def scope_changes(self) -> tuple[RowFieldDiff, ...]:
        return tuple(c for c in self.row_changes if c.field == "in_scope")

    @property
    def split_note_changes(self) -> tuple[RowFieldDiff, ...]:
        return tuple(c for c in self.row_changes if c.field == "split_note")

    @property
    def coverage_need_changes(self) -> tuple[RowFieldDiff, ...]:
        return tuple(c for c in self.row_changes if c.field == "coverage_need")

    @property
    def changed_activities(self) -> tuple[str, ...]:
        """Codes of the activities with any change (cells, coverage, row fields, added or
        removed), in matrix order."""
        seen: dict[str, None] = {}
        for ref in (
            *self.activities_added,
            *self.activities_removed,
            *(c.activity for c in self.row_changes),
            *(c.activity for c in self.cells),
            *(c.activity for c in self.coverage),
        ):
            seen.setdefault(ref.code, None)
        return tuple(seen)

    def cells_for(self, activity_code: str) -> tuple[CellDiff, ...]:
        return tuple(c for c in self.cells if c.activity.code == activity_code)

    def coverage_for(self, activity_code: str) -> tuple[CoverageDiff, ...]:
        return tuple(c for c in self.coverage if c.activity.code == activity_code)

    @property
    def counts(self) -> dict[str, int]:
        """How many of each kind of change, for a summary line."""
        return {
            "engagement": len(self.engagement),
            "roles": len(self.roles_added) + len(self.roles_removed) + len(self.roles_changed),
            "activities": len(self.activities_added)
            + len(self.activities_removed)
            + len({c.activity.code for c in self.row_changes}),
            "cells": len(self.cells),
            "coverage": len(self.coverage),
            "tools": len(self.tools_added) + len(self.tools_removed) + len(self.tools_changed),
            "controls": len(self.controls_added)
            + len(self.controls_removed)
            + len(self.controls_changed),
        }

    def grid_row(self, activity_code: str) -> GridRow | None:
        return next((row for row in self.grid if row.activity.code == activity_code), None)


# -- helpers --------------------------------------------------------------------------------

ENGAGEMENT_FIELDS = (
    "title",
    "service_model",
    "cost_structure",
    "control_level",
    "business_days",
    "business_start",
    "business_end",
    "effective_from",
    "effective_to",
)
ROW_FIELDS = ("in_scope", "split_note", "coverage_need")
CONTROL_FIELDS = (
    "origination",
    "responsible_role",
    "vendor_name",
    "split_description",
    "msp_responsibility",
    "customer_responsibility",
    "implementing_rows",
)
COVERAGE_NEED_LABELS = dict(CoverageNeed.choices)


def value_words(field: str, value: str) -> str:
    """A value of the diff as people read it where the stored form is not words: weekdays
    ("12345" -> "Mon, Tue, Wed, Thu, Fri"), times ("08:00:00" -> "08:00") and an activity's
    coverage need ("" -> "the activity's default")."""
    if field == "business_days" and value.isdigit():
        return ", ".join(WEEKDAY_NAMES[int(day)] for day in value if int(day) in WEEKDAY_NAMES)
    if field == "coverage_need":
        return COVERAGE_NEED_LABELS.get(value, value) if value else "the activity's default"
    if field in ("business_start", "business_end"):
        return value[:5]
    return value


def _engagement_value(engagement, name: str) -> str:
    display = getattr(engagement, f"get_{name}_display", None)
    return value_text(display() if display else getattr(engagement, name))


def _ref(row) -> ActivityRef:
    activity = row.activity
    return ActivityRef(activity.code, activity.name, activity.domain.code, activity.domain.name)


def _key(name: str) -> str:
    return name.casefold()


def _role_name(data: MatrixData, role_id) -> str:
    role = data.roles_by_id.get(role_id)
    return role.name if role else ""


def _role_fields(data: MatrixData, role) -> dict[str, str]:
    return {
        "name": role.name,
        "side": role.get_side_display(),
        "person_name": role.person_name,
        "absence_backup": _role_name(data, role.absence_backup_id),
    }


def _tool_fields(data: MatrixData, tool) -> dict[str, str]:
    return {
        "name": tool.name,
        "category": tool.category,
        "owner_side": tool.get_owner_side_display() if tool.owner_side else "",
        "licence_holder_side": (
            tool.get_licence_holder_side_display() if tool.licence_holder_side else ""
        ),
        "administered_by": _role_name(data, tool.administered_by_id),
        "exit_fate": tool.get_exit_fate_display() if tool.exit_fate else "",
        "notes": tool.notes,
    }


def _control_ref(responsibility) -> ControlRef:
    control = responsibility.control
    return ControlRef(
        framework=control.framework.name,
        control_id=control.control_id,
        title=control.title,
        origination=(
            responsibility.get_origination_display() if responsibility.origination else ""
        ),
    )


def _control_fields(data: MatrixData, responsibility) -> dict[str, str]:
    rows = (data.rows_by_id.get(pk) for pk in data.control_rows.get(responsibility.id, ()))
    activities = sorted(
        (row for row in rows if row is not None), key=lambda row: (row.order, row.activity.code)
    )
    return {
        "origination": (
            responsibility.get_origination_display() if responsibility.origination else ""
        ),
        "responsible_role": _role_name(data, responsibility.responsible_role_id),
        "vendor_name": responsibility.vendor_name,
        "split_description": responsibility.split_description,
        "msp_responsibility": responsibility.msp_responsibility,
        "customer_responsibility": responsibility.customer_responsibility,
        "implementing_rows": ", ".join(row.activity.name for row in activities),
    }


def _controls(old: MatrixData, new: MatrixData) -> tuple[tuple, tuple, tuple]:
    """Controls added, removed and changed, in the new revision's catalog order."""

    def key(responsibility) -> tuple[str, str]:
        return (responsibility.control.framework.code, responsibility.control.control_id)

    old_by_key = {key(r): r for r in old.controls}
    new_by_key = {key(r): r for r in new.controls}
    added = tuple(_control_ref(r) for k, r in new_by_key.items() if k not in old_by_key)
    removed = tuple(_control_ref(r) for k, r in old_by_key.items() if k not in new_by_key)
    changed = []
    for k, responsibility in new_by_key.items():
        if k in old_by_key:
            changes = _field_changes(
                _control_fields(old, old_by_key[k]), _control_fields(new, responsibility)
            )
            if changes:
                changed.append(ControlDiff(_control_ref(responsibility), changes))
    return added, removed, tuple(changed)


def _field_changes(before: dict[str, str], after: dict[str, str]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, before[name], after[name])
        for name in before
        if before[name] != after[name]
    )


def _items(old: dict, new: dict, fields_of) -> tuple[tuple, tuple, tuple]:
    """Added, removed and changed names between two {key: (data, item)} mappings."""
    added = tuple(new[k][1].name for k in new if k not in old)
    removed = tuple(old[k][1].name for k in old if k not in new)
    changed = []
    for key, (new_data, item) in new.items():
        if key in old:
            old_data, old_item = old[key]
            changes = _field_changes(fields_of(old_data, old_item), fields_of(new_data, item))
            if changes:
                changed.append(ItemDiff(item.name, changes))
    return added, removed, tuple(changed)


# -- the diff -------------------------------------------------------------------------------


def revision_diff(old: MatrixData, new: MatrixData) -> RevisionDiff:
    """Everything that differs between two matrices: engagement fields, roles, activities,
    cells, coverage and tools, in matrix order (new revision's order, then what was removed)."""
    engagement = tuple(
        FieldChange(name, before, after)
        for name in ENGAGEMENT_FIELDS
        if (before := _engagement_value(old.engagement, name))
        != (after := _engagement_value(new.engagement, name))
    )
    # The MSP's side of the agreement: who answers for it (compared by id, named only when
    # it changed, so an unchanged pair costs nothing).
    if old.engagement.account_manager_id != new.engagement.account_manager_id:
        engagement += (
            FieldChange(
                "account_manager",
                person_name(old.engagement.account_manager),
                person_name(new.engagement.account_manager),
            ),
        )

    old_roles = {_key(r.name): (old, r) for r in old.roles}
    new_roles = {_key(r.name): (new, r) for r in new.roles}
    roles_added, roles_removed, roles_changed = _items(old_roles, new_roles, _role_fields)

    old_rows = {row.activity.code: row for row in old.rows}
    new_rows = {row.activity.code: row for row in new.rows}
    codes = [*new_rows, *(code for code in old_rows if code not in new_rows)]
    role_keys = [*new_roles, *(key for key in old_roles if key not in new_roles)]

    activities_added = tuple(_ref(new_rows[c]) for c in new_rows if c not in old_rows)
    activities_removed = tuple(_ref(old_rows[c]) for c in old_rows if c not in new_rows)

    def cells_of(data: MatrixData, row) -> dict[str, str]:
        if row is None:
            return {}
        return {
            _key(data.roles_by_id[role_id].name): letters
            for role_id, letters in data.row_cells(row).items()
        }

    def coverage_of(data: MatrixData, row) -> dict[str, str]:
        if row is None:
            return {}
        return {window: role.name for window, role in data.row_coverage(row).items()}

    role_names = tuple((new_roles.get(key) or old_roles[key])[1].name for key in role_keys)
    row_changes, cells, coverage, grid = [], [], [], []
    for code in codes:
        old_row, new_row = old_rows.get(code), new_rows.get(code)
        ref = _ref(new_row or old_row)
        changes_before = (len(row_changes), len(cells), len(coverage))
        if old_row is not None and new_row is not None:
            for name in ROW_FIELDS:
                before, after = (
                    value_text(getattr(old_row, name)),
                    value_text(getattr(new_row, name)),
                )
                if before != after:
                    row_changes.append(RowFieldDiff(ref, name, before, after))
        old_cells, new_cells = cells_of(old, old_row), cells_of(new, new_row)
        for key in role_keys:
            before, after = old_cells.get(key, ""), new_cells.get(key, "")
            if before != after:
                name = (new_roles.get(key) or old_roles[key])[1].name
                cells.append(CellDiff(ref, name, before, after))
        old_cover, new_cover = coverage_of(old, old_row), coverage_of(new, new_row)
        for window in Window.values:
            before, after = old_cover.get(window, ""), new_cover.get(window, "")
            if before != after:
                coverage.append(CoverageDiff(ref, window, before, after))
        moved = (len(row_changes), len(cells), len(coverage)) != changes_before
        if old_row is None or new_row is None or moved:
            kind = ADDED if old_row is None else REMOVED if new_row is None else CHANGED
            grid.append(
                GridRow(
                    ref,
                    kind,
                    tuple(
                        GridCell(name, old_cells.get(key, ""), new_cells.get(key, ""))
                        for key, name in zip(role_keys, role_names, strict=True)
                    ),
                )
            )

    old_tools = {_key(t.name): (old, t) for t in old.tools}
    new_tools = {_key(t.name): (new, t) for t in new.tools}
    tools_added, tools_removed, tools_changed = _items(old_tools, new_tools, _tool_fields)
    controls_added, controls_removed, controls_changed = _controls(old, new)

    return RevisionDiff(
        old_revision=old.engagement.revision,
        new_revision=new.engagement.revision,
        engagement=engagement,
        roles_added=roles_added,
        roles_removed=roles_removed,
        roles_changed=roles_changed,
        activities_added=activities_added,
        activities_removed=activities_removed,
        row_changes=tuple(row_changes),
        cells=tuple(cells),
        coverage=tuple(coverage),
        tools_added=tools_added,
        tools_removed=tools_removed,
        tools_changed=tools_changed,
        controls_added=controls_added,
        controls_removed=controls_removed,
        controls_changed=controls_changed,
        roles=role_names,
        grid=tuple(grid),
        activities=tuple(_ref(new_rows.get(code) or old_rows[code]) for code in codes),
    )
