"""A change to a draft's matrix made of several parts (cells, coverage, row settings, tools),
applied as one: one transaction, one check that the user may edit this draft, one version
check and one version bump, whatever the parts. The matrix API's write, the row form and the
workbook import each send one."""

from dataclasses import dataclass, field

from django.db import transaction

from engagements.models import Engagement, MatrixRow, Tool
from engagements.services.cells import (
    CellChange,
    CoverageChange,
    apply_cells,
    apply_coverage,
    check_cells,
    check_coverage,
)
from engagements.services.common import engagement_edit_allowed, engagement_edit_begin
from engagements.services.rows import apply_row_settings
from engagements.services.tools import apply_tool_add, apply_tool_remove, apply_tool_update


@dataclass
class MatrixChanges:
    """Everything one save changes in a matrix. Rows and tools are keyed by themselves,
    so a door can gather a row's settings from several places."""

    cells: list[CellChange] = field(default_factory=list)
    coverage: list[CoverageChange] = field(default_factory=list)
    # row -> {"in_scope" | "split_note" | "coverage_need": value}
    rows: dict[MatrixRow, dict] = field(default_factory=dict)
    tools_remove: list[Tool] = field(default_factory=list)
    tools_update: dict[Tool, dict] = field(default_factory=dict)
    tools_add: list[dict] = field(default_factory=list)  # fields of each, "name" among them

    def __bool__(self) -> bool:
        return any(
            (
                self.cells,
                self.coverage,
                self.rows,
                self.tools_remove,
                self.tools_update,
                self.tools_add,
            )
        )


@dataclass(frozen=True)
class MatrixChangesApplied:
    """What a set of changes did: the matrix's version now (its new ETag) and how many of
    each part really changed (a cell set to the letters it had is no change)."""

    version: int
    cells: int = 0
    coverage: int = 0
    rows: int = 0
    tools: int = 0

    @property
    def changed(self) -> int:
        return self.cells + self.coverage + self.rows + self.tools


@transaction.atomic
def matrix_changes_apply(
    *,
    engagement: Engagement,
    changes: MatrixChanges,
    by,
    expected_version: int | None = None,
) -> MatrixChangesApplied:
    """Apply every part of `changes` as one change: all of it or nothing. Refused whole if
    the user may not edit this draft, the revision is not a draft, or (with
    `expected_version`) someone changed the matrix since; errors name the field (cells
    "cells[i]", coverage "window", "row" or "role", row settings and tools their field).
    The version goes up by one, however many parts; an empty set changes nothing."""
    if not changes:
        engagement_edit_allowed(engagement, by)
        return MatrixChangesApplied(version=engagement.version)
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    cells = list(changes.cells)
    coverage = [CoverageChange(*change) for change in changes.coverage]
    check_cells(engagement, cells)
    check_coverage(engagement, coverage)
    cells_changed = apply_cells(engagement, cells, by)[0] if cells else 0
    rows_changed = apply_row_settings(engagement, changes.rows, by)
    coverage_changed = apply_coverage(engagement, coverage, by)[0] if coverage else 0
    # Removed first: a tool renamed or added may take a removed one's name.
    for tool in changes.tools_remove:
        apply_tool_remove(engagement, tool, by)
    for tool, fields in changes.tools_update.items():
        apply_tool_update(engagement, tool, fields, by)
    for fields in changes.tools_add:
        apply_tool_add(engagement, dict(fields), by)
    return MatrixChangesApplied(
        version=engagement.version,
        cells=cells_changed,
        coverage=coverage_changed,
        rows=rows_changed,
        tools=len(changes.tools_remove) + len(changes.tools_update) + len(changes.tools_add),
    )
