"""The matrix's cells (who is R, A, C or I for a duty) and its coverage (who looks after a
duty in each window of the week).

Cells and coverage entries are written together, whether one or thousands: new and changed
ones in bulk, each with its history row; emptied ones one by one (each with its own). The
check_* and apply_* functions check and write one part of a change once its guard has passed
(engagement_edit_begin); the services here and `matrix_changes_apply` call them.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from simple_history.utils import bulk_update_with_history

from engagements.errors import RaciError
from engagements.models import Assignment, Coverage, Engagement, MatrixRow, Role, Window
from engagements.models.labels import person_name
from engagements.models.letters import LetterError, parse_letters
from engagements.services.common import (
    as_history_user,
    bulk_create_in_history,
    engagement_edit_begin,
    history_attrs,
    same_engagement,
)

FEW_ROWS = 200  # changes on at most this many rows read only those rows' cells and coverage


@dataclass(frozen=True)
class CellChange:
    row: MatrixRow
    role: Role
    letters: str  # as typed; "" clears the cell


class CoverageChange(NamedTuple):
    """Who looks after a row in one window; no role leaves the window uncovered."""

    row: MatrixRow
    window: str
    role: Role | None


def _bulk_write(model, field: str, existing: dict, wanted: Iterable[tuple], by) -> int:
    """Bring stored objects to what is wanted: `existing` maps a key to the stored object,
    `wanted` gives (key, an unsaved object holding the wanted value, or None to remove).
    Returns how many changed; `existing` is left holding what is stored now."""
    attname = model._meta.get_field(field).attname
    created: dict[Hashable, models.Model] = {}
    updated: dict[Hashable, models.Model] = {}
    changed = 0
    for key, new in wanted:
        current = existing.get(key)
        if (getattr(current, attname) if current else None) == (
            getattr(new, attname) if new else None
        ):
            continue
        changed += 1
        if current and new is None:
            existing.pop(key)
            if created.pop(key, None) is None:
                updated.pop(key, None)
                as_history_user(current, by).delete()
        elif current:
            setattr(current, field, getattr(new, field))
            if key not in created:
                updated[key] = current
        else:
            existing[key] = created[key] = new
    if updated:
        bulk_update_with_history(
            list(updated.values()),
            model,
            [field],
            default_user=by,
            custom_historical_attrs=history_attrs(),
        )
    if created:
        bulk_create_in_history(list(created.values()), model, by=by)
    return changed


def _stored(model, engagement: Engagement, rows: set[int]):
    """The engagement's stored cells or coverage; only those of `rows` when they are few
    (a cell or a few, not the thousands of a large matrix)."""
    stored = model.objects.filter(row__engagement=engagement)
    return stored.filter(row_id__in=rows) if len(rows) <= FEW_ROWS else stored


def check_cells(engagement: Engagement, changes: list[CellChange]) -> None:
    """Every cell's letters and engagement, reported together, keyed "cells[i]"."""
    errors = {}
    for i, change in enumerate(changes):
        try:
            parse_letters(change.letters)
        except LetterError as exc:
            errors[f"cells[{i}]"] = str(exc)
        if change.row.engagement_id != engagement.pk or change.role.engagement_id != engagement.pk:
            errors[f"cells[{i}]"] = "That cell belongs to another engagement."
    if errors:
        raise ValidationError(errors)


def apply_cells(engagement: Engagement, changes: list[CellChange], by) -> tuple[int, dict]:
    """Write checked cell changes: (how many changed, (row id, role id) -> its Assignment
    as stored now, for the cells written or found)."""
    existing = {
        (a.row_id, a.role_id): a
        for a in _stored(Assignment, engagement, {change.row.pk for change in changes})
    }
    wanted = []
    for change in changes:
        letters = parse_letters(change.letters)
        new = Assignment(row=change.row, role=change.role, letters=letters) if letters else None
        wanted.append(((change.row.pk, change.role.pk), new))
    return _bulk_write(Assignment, "letters", existing, wanted, by), existing


def check_coverage(engagement: Engagement, changes: list[CoverageChange]) -> None:
    for row, window, role in changes:
        if window not in Window.values:
            raise ValidationError({"window": f'"{window}" is not a coverage window.'})
        if row.engagement_id != engagement.pk:
            raise ValidationError({"row": "That activity belongs to another engagement."})
        same_engagement(role, engagement, "role", "role")


def apply_coverage(engagement: Engagement, changes: list[CoverageChange], by) -> tuple[int, dict]:
    """Write checked coverage changes: (how many changed, (row id, window) -> its Coverage
    as stored now)."""
    existing = {
        (entry.row_id, entry.window): entry
        for entry in _stored(Coverage, engagement, {row.pk for row, _, _ in changes})
    }
    wanted = [
        ((row.pk, window), Coverage(row=row, window=window, role=role) if role else None)
        for row, window, role in changes
    ]
    return _bulk_write(Coverage, "role", existing, wanted, by), existing


# -- the services -----------------------------------------------------------------------------


@transaction.atomic
def assignment_set(
    *,
    engagement: Engagement,
    row: MatrixRow,
    role: Role,
    letters,
    by,
    expected_version: int | None = None,
) -> Assignment | None:
    """Set one matrix cell ("A/R", "r", "" to clear). Refuses a signed-off engagement."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    if row.engagement_id != engagement.pk:
        raise ValidationError({"row": "That activity belongs to another engagement."})
    if role.engagement_id != engagement.pk:
        raise ValidationError({"role": "That role belongs to another engagement."})
    try:
        parse_letters(letters)
    except LetterError as exc:
        raise ValidationError({"letters": str(exc)}) from exc
    _, stored = apply_cells(engagement, [CellChange(row=row, role=role, letters=letters)], by)
    return stored.get((row.pk, role.pk))


@transaction.atomic
def matrix_cells_set(
    *,
    engagement: Engagement,
    changes: Iterable[CellChange],
    by,
    expected_version: int | None = None,
) -> int:
    """Set many cells as one change: all are applied or none. Returns how many changed.

    Errors on several cells are reported together, keyed "cells[i]".
    """
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    changes = list(changes)
    check_cells(engagement, changes)
    return apply_cells(engagement, changes, by)[0]


@transaction.atomic
def coverage_set(
    *,
    engagement: Engagement,
    row: MatrixRow,
    window: str,
    role: Role | None,
    by,
    expected_version: int | None = None,
) -> Coverage | None:
    """Say which role looks after a row in one window (None leaves the window uncovered)."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    changes = [CoverageChange(row, window, role)]
    check_coverage(engagement, changes)
    _, stored = apply_coverage(engagement, changes, by)
    return stored.get((row.pk, window))


@transaction.atomic
def coverage_bulk_set(
    *,
    engagement: Engagement,
    changes: Iterable[tuple[MatrixRow, str, Role | None]],
    by,
    expected_version: int | None = None,
) -> int:
    """Set many coverage windows as one change, each (row, window, role or None), as
    coverage_set would one at a time. All are applied or none; returns how many changed."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    changes = [CoverageChange(*change) for change in changes]
    check_coverage(engagement, changes)
    return apply_coverage(engagement, changes, by)[0]


# -- the grid's save: only what changed, conflicts per cell -----------------------------------


@dataclass(frozen=True)
class CellEdit:
    """One cell as the editor changed it: what was typed, and the letters the editor showed
    before (its base). Someone else changing *this* cell since is a conflict; someone
    changing other cells is not."""

    row: MatrixRow
    role: Role
    letters: str  # as typed; "" clears the cell
    was: str  # what the editor showed before the edit, in any form parse_letters reads


@dataclass(frozen=True)
class CellConflict:
    """A cell someone else changed since the editor showed it: both values, and who."""

    index: int
    row: MatrixRow
    role: Role
    mine: str  # stored form of what was typed
    theirs: str  # stored form of what the cell holds now


class CellsConflicted(RaciError):
    """Some edited cells were changed by someone else since the editor showed them; nothing
    was saved. Carries every conflicting cell and who last changed the matrix."""

    def __init__(self, conflicts: list[CellConflict], changed_by: str):
        self.conflicts = conflicts
        self.changed_by = changed_by
        super().__init__(
            f"{len(conflicts)} cell{'s' if len(conflicts) != 1 else ''} changed by "
            f"{changed_by or 'someone else'} since you loaded them. Nothing was saved."
        )


@transaction.atomic
def matrix_cells_merge(*, engagement: Engagement, edits: Iterable[CellEdit], by) -> int:
    """Save edited cells as one change, all or nothing, merging with what others saved.

    No version check for the matrix as a whole: the engagement's row is locked by the bump
    (so two saves run one after the other), then each edited cell's stored letters are
    compared with what the editor showed. Only a cell someone else changed since is a
    conflict (CellsConflicted, nothing saved); other cells changed meanwhile are simply left
    as they are. Bad letters are reported together, keyed "cells[i]". Returns how many
    cells changed."""
    edits = list(edits)
    engagement_edit_begin(engagement, by=by, expected_version=None)
    changes = [CellChange(row=e.row, role=e.role, letters=e.letters) for e in edits]
    check_cells(engagement, changes)
    errors = {}
    for i, edit in enumerate(edits):
        try:
            parse_letters(edit.was)
        except LetterError as exc:
            errors[f"cells[{i}]"] = f"What the editor showed is not a letter set: {exc}"
    if errors:
        raise ValidationError(errors)
    stored = {
        (a.row_id, a.role_id): a.letters
        for a in _stored(Assignment, engagement, {e.row.pk for e in edits})
    }
    conflicts = []
    for i, edit in enumerate(edits):
        theirs = stored.get((edit.row.pk, edit.role.pk), "")
        mine = parse_letters(edit.letters)
        if parse_letters(edit.was) != theirs and mine != theirs:
            conflicts.append(
                CellConflict(index=i, row=edit.row, role=edit.role, mine=mine, theirs=theirs)
            )
    if conflicts:
        raise CellsConflicted(conflicts, changed_by=_changed_by(conflicts[0], by))
    return apply_cells(engagement, changes, by)[0]


def _changed_by(conflict: CellConflict, by) -> str:
    """Who last changed a conflicting cell: "you, in another tab or window" when it was the
    same person, else their name."""
    previous = (
        Assignment.history.filter(row_id=conflict.row.pk, role_id=conflict.role.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if previous is None or previous.history_user_id is None:
        return ""
    if previous.history_user_id == getattr(by, "pk", None):
        return "you, in another tab or window"
    return person_name(previous.history_user)


@transaction.atomic
def matrix_letter_set(
    *,
    engagement: Engagement,
    rows: Iterable[MatrixRow],
    role: Role,
    letter: str,
    mode: str = "add",
    by,
    expected_version: int | None = None,
) -> int:
    """One role's letter on many rows as one change: "add" puts `letter` beside what each
    cell holds, "replace" makes it the cell's only letter, "clear" empties the cells.
    Refused whole if someone changed the matrix since `expected_version`. Returns how many
    cells changed."""
    if mode not in ("add", "replace", "clear"):
        raise ValidationError({"mode": "Choose add, replace or clear."})
    if mode != "clear" and letter not in ("R", "A", "C", "I"):
        raise ValidationError({"letter": "Choose one of R, A, C, I."})
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    rows = list(rows)
    if not rows:
        raise ValidationError({"rows": "Choose at least one activity."})
    same_engagement(role, engagement, "role", "role")
    for row in rows:
        same_engagement(row, engagement, "rows", "activity")
    stored = {
        (a.row_id, a.role_id): a.letters
        for a in _stored(Assignment, engagement, {row.pk for row in rows})
    }
    changes = []
    for row in rows:
        current = stored.get((row.pk, role.pk), "")
        letters = {"add": current + letter, "replace": letter, "clear": ""}[mode]
        changes.append(CellChange(row=row, role=role, letters=letters))
    return apply_cells(engagement, changes, by)[0]
