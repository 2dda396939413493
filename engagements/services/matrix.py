"""Every change to a draft's matrix: roles, rows, cells, coverage and tools.

Each service checks the user may edit, the revision is a draft, and (when the caller says
which version it saw) that nobody changed the matrix in between; then it bumps the version.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from engagements.doors import current_door
from engagements.models import (
    Activity,
    Assignment,
    Coverage,
    CoverageNeed,
    Domain,
    Engagement,
    MatrixRow,
    Role,
    Side,
    Tool,
    ToolFate,
    Window,
)
from engagements.models.letters import LetterError, parse_letters
from engagements.services.common import (
    as_history_user,
    engagement_ensure_editable,
    engagement_touch,
    ensure_can_edit,
)


def _history_attrs() -> dict:
    """History rows written in bulk get no signal to stamp their door: give it here."""
    return {"door": current_door()}


def _begin(engagement: Engagement, by, expected_version: int | None) -> None:
    ensure_can_edit(engagement, by)
    engagement_ensure_editable(engagement)
    engagement_touch(engagement, by=by, expected_version=expected_version)


def _same_engagement(obj, engagement: Engagement, field: str, what: str) -> None:
    if obj is not None and obj.engagement_id != engagement.pk:
        raise ValidationError({field: f"That {what} belongs to another engagement."})


# -- roles ---------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """When two names are the same name: case and spacing aside, as the matrix API, the
    workbook import and the diff match them. Compared in Python: SQLite's LOWER() and
    iexact fold ASCII letters only, so "ÉQUIPE" and "équipe" would both be let in and then
    be taken for one another."""
    return " ".join(name.split()).casefold()


def _check_role_name(engagement: Engagement, name: str, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "A role needs a name."})
    others = Role.objects.filter(engagement=engagement)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if name_key(name) in {name_key(other) for other in others.values_list("name", flat=True)}:
        raise ValidationError({"name": f'A role named "{name}" already exists in this engagement.'})
    return name


@transaction.atomic
def role_add(
    *,
    engagement: Engagement,
    name: str,
    side: str,
    by,
    person_name: str = "",
    absence_backup: Role | None = None,
    expected_version: int | None = None,
) -> Role:
    """Add a column to the matrix."""
    _begin(engagement, by, expected_version)
    name = _check_role_name(engagement, name)
    _same_engagement(absence_backup, engagement, "absence_backup", "backup role")
    last = Role.objects.filter(engagement=engagement).order_by("-order").first()
    role = Role(
        engagement=engagement,
        name=name,
        side=side,
        person_name=(person_name or "").strip(),
        absence_backup=absence_backup,
        order=(last.order + 10) if last else 0,
    )
    role.full_clean()
    as_history_user(role, by).save()
    return role


@transaction.atomic
def role_update(*, role: Role, by, expected_version: int | None = None, **fields) -> Role:
    """Rename a role, change its side, named person or absence backup."""
    engagement = role.engagement
    _begin(engagement, by, expected_version)
    allowed = {"name", "side", "person_name", "absence_backup", "order"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    if "name" in fields:
        fields["name"] = _check_role_name(engagement, fields["name"], exclude_pk=role.pk)
    if "absence_backup" in fields:
        backup = fields["absence_backup"]
        _same_engagement(backup, engagement, "absence_backup", "backup role")
        if backup is not None and backup.pk == role.pk:
            raise ValidationError({"absence_backup": "A role cannot be its own absence backup."})
    for name, value in fields.items():
        setattr(role, name, value)
    role.full_clean()
    as_history_user(role, by).save()
    return role


@transaction.atomic
def role_remove(*, role: Role, by, expected_version: int | None = None) -> None:
    """Remove a column and its cells; coverage it held becomes a gap the findings show."""
    _begin(role.engagement, by, expected_version)
    for assignment in Assignment.objects.filter(role=role):
        as_history_user(assignment, by).delete()
    for entry in Coverage.objects.filter(role=role):
        as_history_user(entry, by).delete()
    as_history_user(role, by).delete()


# -- rows ----------------------------------------------------------------------------------


def _activity_offered(engagement: Engagement, activity: Activity) -> None:
    if activity.client_id not in (None, engagement.client_id):
        raise ValidationError({"activity": "That activity belongs to another client."})


@transaction.atomic
def row_add(
    *, engagement: Engagement, activity: Activity, by, expected_version: int | None = None
) -> MatrixRow:
    """Bring a catalog (or this client's custom) activity into the matrix."""
    _begin(engagement, by, expected_version)
    _activity_offered(engagement, activity)
    if MatrixRow.objects.filter(engagement=engagement, activity=activity).exists():
        raise ValidationError({"activity": f'"{activity.name}" is already in the matrix.'})
    row = MatrixRow(engagement=engagement, activity=activity, order=activity.order)
    as_history_user(row, by).save()
    return row


@transaction.atomic
def activity_create_custom(
    *,
    engagement: Engagement,
    domain: Domain,
    name: str,
    by,
    description: str = "",
    default_coverage: str = CoverageNeed.BUSINESS_HOURS,
    expected_version: int | None = None,
) -> MatrixRow:
    """Add a duty the catalog does not have, for this client only, and put it in scope."""
    _begin(engagement, by, expected_version)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "A custom activity needs a name."})
    offered = Q(client__isnull=True) | Q(client_id=engagement.client_id)
    names = Activity.objects.filter(offered, domain=domain).values_list("name", flat=True)
    if name_key(name) in {name_key(other) for other in names}:
        raise ValidationError({"name": f'"{name}" already exists in {domain.name}.'})
    base = f"custom.{engagement.client.slug}.{slugify(name)[:40] or 'activity'}"
    code, n = base, 2
    while Activity.objects.filter(code=code).exists():
        code, n = f"{base}-{n}", n + 1
    last = Activity.objects.filter(domain=domain).order_by("-order").first()
    activity = Activity(
        domain=domain,
        code=code,
        name=name,
        description=description,
        default_coverage=default_coverage,
        order=(last.order + 10) if last else 0,
        client=engagement.client,
    )
    activity.full_clean()
    activity.save()
    row = MatrixRow(engagement=engagement, activity=activity, order=activity.order)
    as_history_user(row, by).save()
    return row


@transaction.atomic
def row_update(*, row: MatrixRow, by, expected_version: int | None = None, **fields) -> MatrixRow:
    """Mark a row in or out of scope, write its split note, or override its coverage need."""
    _begin(row.engagement, by, expected_version)
    allowed = {"in_scope", "split_note", "coverage_need"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    for name, value in fields.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.full_clean(exclude=["engagement", "activity"])
    as_history_user(row, by).save()
    return row


@transaction.atomic
def row_remove(*, row: MatrixRow, by, expected_version: int | None = None) -> None:
    """Take a row out of the matrix altogether (to keep it visible, mark it out of scope)."""
    _begin(row.engagement, by, expected_version)
    as_history_user(row, by).delete()


# -- cells ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    row: MatrixRow
    role: Role
    letters: str  # as typed; "" clears the cell


def _apply_cell(
    engagement: Engagement, row: MatrixRow, role: Role, letters, by
) -> Assignment | None:
    if row.engagement_id != engagement.pk:
        raise ValidationError({"row": "That activity belongs to another engagement."})
    if role.engagement_id != engagement.pk:
        raise ValidationError({"role": "That role belongs to another engagement."})
    try:
        stored = parse_letters(letters)
    except LetterError as exc:
        raise ValidationError({"letters": str(exc)}) from exc
    existing = Assignment.objects.filter(row=row, role=role).first()
    if not stored:
        if existing:
            as_history_user(existing, by).delete()
        return None
    if existing:
        if existing.letters != stored:
            existing.letters = stored
            as_history_user(existing, by).save(update_fields=["letters"])
        return existing
    assignment = Assignment(row=row, role=role, letters=stored)
    as_history_user(assignment, by).save()
    return assignment


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
    _begin(engagement, by, expected_version)
    return _apply_cell(engagement, row, role, letters, by)


FEW_ROWS = 200  # changes on at most this many rows read only those rows' cells


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
    _begin(engagement, by, expected_version)
    changes = list(changes)
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
    cells = Assignment.objects.filter(row__engagement=engagement)
    rows = {change.row.pk for change in changes}
    if len(rows) <= FEW_ROWS:  # a cell or a few: not the thousands of cells of a large matrix
        cells = cells.filter(row_id__in=rows)
    existing = {(a.row_id, a.role_id): a for a in cells}
    # Written together at the end (a workbook import sets thousands of cells): new and
    # changed cells in bulk, each with its history row; emptied ones one by one.
    created: dict[tuple[int, int], Assignment] = {}
    updated: dict[tuple[int, int], Assignment] = {}
    changed = 0
    for change in changes:
        key = (change.row.pk, change.role.pk)
        stored = parse_letters(change.letters)
        current = existing.get(key)
        if (current.letters if current else "") == stored:
            continue
        changed += 1
        if current and not stored:
            existing.pop(key)
            if created.pop(key, None) is None:
                updated.pop(key, None)
                as_history_user(current, by).delete()
        elif current:
            current.letters = stored
            if key not in created:
                updated[key] = current
        else:
            existing[key] = created[key] = Assignment(
                row=change.row, role=change.role, letters=stored
            )
    if updated:
        bulk_update_with_history(
            list(updated.values()),
            Assignment,
            ["letters"],
            default_user=by,
            custom_historical_attrs=_history_attrs(),
        )
    if created:
        bulk_create_with_history(
            list(created.values()),
            Assignment,
            default_user=by,
            custom_historical_attrs=_history_attrs(),
        )
    return changed


# -- coverage ------------------------------------------------------------------------------


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
    _begin(engagement, by, expected_version)
    if window not in Window.values:
        raise ValidationError({"window": f'"{window}" is not a coverage window.'})
    if row.engagement_id != engagement.pk:
        raise ValidationError({"row": "That activity belongs to another engagement."})
    _same_engagement(role, engagement, "role", "role")
    existing = Coverage.objects.filter(row=row, window=window).first()
    if role is None:
        if existing:
            as_history_user(existing, by).delete()
        return None
    if existing:
        if existing.role_id != role.pk:
            existing.role = role
            as_history_user(existing, by).save(update_fields=["role"])
        return existing
    entry = Coverage(row=row, window=window, role=role)
    as_history_user(entry, by).save()
    return entry


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
    _begin(engagement, by, expected_version)
    changes = list(changes)
    for row, window, role in changes:
        if window not in Window.values:
            raise ValidationError({"window": f'"{window}" is not a coverage window.'})
        if row.engagement_id != engagement.pk:
            raise ValidationError({"row": "That activity belongs to another engagement."})
        _same_engagement(role, engagement, "role", "role")
    existing = {
        (entry.row_id, entry.window): entry
        for entry in Coverage.objects.filter(row__engagement=engagement)
    }
    created: dict[tuple[int, str], Coverage] = {}
    updated: dict[tuple[int, str], Coverage] = {}
    changed = 0
    for row, window, role in changes:
        key = (row.pk, window)
        current = existing.get(key)
        if (current.role_id if current else None) == (role.pk if role else None):
            continue
        changed += 1
        if current and role is None:
            existing.pop(key)
            if created.pop(key, None) is None:
                updated.pop(key, None)
                as_history_user(current, by).delete()
        elif current:
            current.role = role
            if key not in created:
                updated[key] = current
        else:
            existing[key] = created[key] = Coverage(row=row, window=window, role=role)
    if updated:
        bulk_update_with_history(
            list(updated.values()),
            Coverage,
            ["role"],
            default_user=by,
            custom_historical_attrs=_history_attrs(),
        )
    if created:
        bulk_create_with_history(
            list(created.values()),
            Coverage,
            default_user=by,
            custom_historical_attrs=_history_attrs(),
        )
    return changed


# -- tools ---------------------------------------------------------------------------------

TOOL_FIELDS = (
    "name",
    "category",
    "owner_side",
    "licence_holder_side",
    "administered_by",
    "exit_fate",
    "notes",
)


def _check_tool(engagement: Engagement, tool: Tool) -> None:
    tool.name = (tool.name or "").strip()
    if not tool.name:
        raise ValidationError({"name": "A tool needs a name."})
    others = Tool.objects.filter(engagement=engagement)
    if tool.pk:
        others = others.exclude(pk=tool.pk)
    if name_key(tool.name) in {name_key(other) for other in others.values_list("name", flat=True)}:
        raise ValidationError({"name": f'A tool named "{tool.name}" is already listed.'})
    _same_engagement(tool.administered_by, engagement, "administered_by", "role")
    if tool.owner_side and tool.owner_side not in Side.values:
        raise ValidationError({"owner_side": f'"{tool.owner_side}" is not a side.'})
    if tool.exit_fate and tool.exit_fate not in ToolFate.values:
        raise ValidationError({"exit_fate": f'"{tool.exit_fate}" is not an agreed fate.'})
    tool.full_clean(exclude=["engagement"])


@transaction.atomic
def tool_add(
    *, engagement: Engagement, name: str, by, expected_version: int | None = None, **fields
) -> Tool:
    """List a tool the engagement uses, who owns it and what happens to it at the end."""
    _begin(engagement, by, expected_version)
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise ValidationError({n: "This field cannot be set here." for n in unknown})
    tool = Tool(engagement=engagement, name=name, **fields)
    _check_tool(engagement, tool)
    as_history_user(tool, by).save()
    return tool


@transaction.atomic
def tool_update(*, tool: Tool, by, expected_version: int | None = None, **fields) -> Tool:
    _begin(tool.engagement, by, expected_version)
    unknown = set(fields) - set(TOOL_FIELDS)
    if unknown:
        raise ValidationError({n: "This field cannot be changed here." for n in unknown})
    for name, value in fields.items():
        setattr(tool, name, value)
    _check_tool(tool.engagement, tool)
    as_history_user(tool, by).save()
    return tool


@transaction.atomic
def tool_remove(*, tool: Tool, by, expected_version: int | None = None) -> None:
    _begin(tool.engagement, by, expected_version)
    as_history_user(tool, by).delete()
