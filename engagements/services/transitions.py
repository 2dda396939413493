"""Moving an engagement between service models, one domain at a time.

The article's FAQ: "As organizations grow and hire internal IT staff, they often move from a
fully managed model to a co-managed arrangement where the internal team takes on day-to-day
functions and the MSP shifts to a more specialized, supplementary role."

"Move to co-managed" hands the picked domains to the internal team: their rows take the
co-managed template's letters, split notes and coverage, with the template's internal roles
added where missing (each with its MSP absence backup) and the MSP covering their absences.
Every other row keeps the MSP's letters. "Move to fully managed" is the reverse: the MSP
takes the picked domains back with the fully managed template's letters.

What the move touches, and what it leaves alone:
- Only catalog activities in the picked domains. A client's custom activities have no
  template letters, so they are kept as they are (and listed in the result).
- In those rows, the columns the two templates define are rewritten; columns the account
  manager added (a vendor, a named contractor) keep their letters, because they record an
  agreement no template knows about. If such a column was Accountable, the findings will say
  the row now has two Accountables. The rows' scope, split notes and coverage windows follow
  the template (one role per window, so a window an added column covered is reassigned).
- A role of the old model's template left with nothing at all to do by the move (no letter,
  no coverage, no tool, no control, nobody's backup) is removed; every other role stays.
- Tools and control responsibilities are not changed: who owns a tool is agreed tool by tool.
- Cost structure and control level follow the new model (the article's comparison table).

On a signed-off revision the move starts a new draft revision (the signed one is superseded,
as with any revision). On a draft it is made in place: the account manager is still
preparing it, and the revision diff they see is between the draft before and after. A
revision in review, or superseded, is refused.
"""

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from engagements.analysis.diff import RevisionDiff, revision_diff
from engagements.doors import current_door
from engagements.errors import InvalidTransition
from engagements.models import (
    Assignment,
    ControlResponsibility,
    Coverage,
    Domain,
    Engagement,
    MatrixRow,
    Role,
    ServiceModel,
    Side,
    Status,
    Tool,
    Transition,
    Window,
    WorkflowEvent,
)
from engagements.models.choices import WINDOWS_NEEDED
from engagements.models.labels import in_sentence
from engagements.reference.templates import TEMPLATES, ScopeTemplate, get_template
from engagements.selectors.matrix import load_matrix
from engagements.services.common import as_history_user, engagement_touch, ensure_can_edit
from engagements.services.workflow import engagement_revise

# Columns whose letters a move rewrites: every role either template defines.
TEMPLATE_ROLE_NAMES = {spec.name.casefold() for t in TEMPLATES.values() for spec in t.roles}


@dataclass(frozen=True)
class TransitionResult:
    """What a move did. `engagement` is the draft now on the new model (a new revision, or
    the same draft); `previous` the signed-off revision it started from, if any."""

    engagement: Engagement
    previous: Engagement | None
    to_model: str
    domains: tuple[str, ...]  # domain codes, in catalog order
    diff: RevisionDiff  # from the revision (or draft) before the move to the draft after it
    roles_added: tuple[str, ...]
    roles_removed: tuple[str, ...]
    rows_kept: tuple[str, ...]  # custom activities in the picked domains, left unchanged


def _clean_domains(domains) -> list[Domain]:
    if isinstance(domains, str):
        domains = [domains]
    try:
        codes = [str(code).strip() for code in (domains or [])]
    except TypeError:
        raise ValidationError({"domains": "Give a list of domain codes."}) from None
    codes = list(dict.fromkeys(code for code in codes if code))
    if not codes:
        raise ValidationError({"domains": "Pick at least one domain to move."})
    known = {d.code: d for d in Domain.objects.order_by("order", "code")}
    unknown = [code for code in codes if code not in known]
    if unknown:
        listed = ", ".join(f'"{code}"' for code in unknown)
        raise ValidationError(
            {"domains": f"Unknown domain {listed}. The domains are: {', '.join(known)}."}
        )
    return [domain for code, domain in known.items() if code in codes]


def _clean_model(engagement: Engagement, to_model) -> str:
    if to_model not in ServiceModel.values:
        choices = ", ".join(f'"{value}"' for value in ServiceModel.values)
        raise ValidationError({"to_model": f'"{to_model}" is not a service model: {choices}.'})
    if to_model == engagement.service_model:
        raise ValidationError(
            {
                "to_model": f"{engagement.title} is already "
                f"{in_sentence(engagement.get_service_model_display())}; change its matrix instead."
            }
        )
    return to_model


def _check_status(engagement: Engagement) -> None:
    if engagement.status == Status.IN_REVIEW:
        raise InvalidTransition(
            f"Revision {engagement.revision} of {engagement.title} is in review. The client must "
            "request changes (or sign it off) before it can move to another model."
        )
    if engagement.status == Status.SUPERSEDED:
        raise InvalidTransition(
            f"Revision {engagement.revision} of {engagement.title} is superseded; move the "
            "current revision instead."
        )


class _Columns:
    """The target draft's roles by name, creating the template's roles when missing."""

    def __init__(self, engagement: Engagement, template: ScopeTemplate, by):
        self.engagement, self.template, self.by = engagement, template, by
        self.by_name = {
            role.name.casefold(): role
            for role in Role.objects.filter(engagement=engagement).order_by("order", "id")
        }
        self.next_order = max((r.order for r in self.by_name.values()), default=-10) + 10
        self.added: list[str] = []

    def get(self, name: str) -> Role:
        key = name.casefold()
        if key not in self.by_name:
            spec = self.template.role(name)
            role = Role(
                engagement=self.engagement, name=spec.name, side=spec.side, order=self.next_order
            )
            self.next_order += 10
            as_history_user(role, self.by).save()
            self.by_name[key] = role
            self.added.append(spec.name)
        return self.by_name[key]

    def ensure_backups(self, names) -> None:
        """Roles the template gives an absence backup get it, unless they already have one."""
        for name in names:
            spec = self.template.role(name)
            role = self.get(name)
            if spec.backup and role.absence_backup_id is None:
                role.absence_backup = self.get(spec.backup)
                as_history_user(role, self.by).save(update_fields=["absence_backup"])


def _row_plan(template: ScopeTemplate, row: MatrixRow) -> tuple[bool, dict, dict]:
    """(in scope, {role name: letters}, {window: role name}) the template gives one row."""
    activity = row.activity
    in_scope = activity.domain.code not in template.out_of_scope_domains
    if not in_scope:
        return False, {}, {}
    letters = dict(template.cells.get(activity.code, {}))
    coverage = template.coverage_for(
        activity.code, activity.domain.code, WINDOWS_NEEDED[row.required_coverage]
    )
    return True, letters, coverage


def _apply_rows(engagement: Engagement, template: ScopeTemplate, domains, by):
    """Rewrite the picked domains' catalog rows from the template; returns (columns,
    custom rows kept, names of roles that lost letters)."""
    columns = _Columns(engagement, template, by)
    rows = list(
        MatrixRow.objects.filter(engagement=engagement, activity__domain__in=domains)
        .select_related("activity__domain")
        .order_by("activity__domain__order", "order", "id")
    )
    kept = [row.activity.code for row in rows if row.activity.client_id is not None]
    rows = [row for row in rows if row.activity.client_id is None]
    plans = {row.id: _row_plan(template, row) for row in rows}

    # Roles first, so the template's internal roles and their MSP backups exist.
    needed = dict.fromkeys(
        name for _, letters, coverage in plans.values() for name in (*letters, *coverage.values())
    )
    for name in needed:
        columns.get(name)
    columns.ensure_backups(name for name in needed if template.role(name).side == Side.INTERNAL)

    cells = {
        (a.row_id, a.role_id): a
        for a in Assignment.objects.filter(row__in=rows).select_related("role")
    }
    cover = {(c.row_id, c.window): c for c in Coverage.objects.filter(row__in=rows)}
    lost_letters: set[str] = set()
    for row in rows:
        in_scope, letters, coverage = plans[row.id]
        split_note = template.split_notes.get(row.activity.code, "")
        if (row.in_scope, row.split_note) != (in_scope, split_note):
            row.in_scope, row.split_note = in_scope, split_note
            as_history_user(row, by).save(update_fields=["in_scope", "split_note"])

        wanted = {columns.get(name).id: value for name, value in letters.items()}
        for (row_id, role_id), cell in list(cells.items()):
            if row_id != row.id or cell.role.name.casefold() not in TEMPLATE_ROLE_NAMES:
                continue
            if role_id not in wanted:
                lost_letters.add(cell.role.name)
                as_history_user(cell, by).delete()
            elif cell.letters != wanted[role_id]:
                cell.letters = wanted[role_id]
                as_history_user(cell, by).save(update_fields=["letters"])
        for role_id, value in wanted.items():
            if (row.id, role_id) not in cells:
                as_history_user(Assignment(row=row, role_id=role_id, letters=value), by).save()

        # Absences are covered by the backup of the internal role doing the work: the one
        # the account manager chose if they did, else the template's (an MSP role).
        if Window.ABSENCE_BACKUP in coverage:
            doer = next(
                name
                for name, value in letters.items()
                if "R" in value and template.role(name).side == Side.INTERNAL
            )
            backup = columns.get(doer).absence_backup
            coverage[Window.ABSENCE_BACKUP] = (
                backup.name if backup else coverage[Window.ABSENCE_BACKUP]
            )
        for window in Window.values:
            entry = cover.get((row.id, window))
            role = columns.get(coverage[window]) if window in coverage else None
            if role is None and entry is not None:
                as_history_user(entry, by).delete()
            elif role is not None and entry is None:
                as_history_user(Coverage(row=row, window=window, role=role), by).save()
            elif role is not None and entry.role_id != role.id:
                entry.role = role
                as_history_user(entry, by).save(update_fields=["role"])
    return columns, kept, lost_letters


def _remove_idle_roles(engagement: Engagement, candidates: set[str], old_template, by) -> list:
    """Remove the old model's template roles the move left with nothing to do."""
    old_names = {spec.name.casefold() for spec in old_template.roles}
    removed = []
    for role in Role.objects.filter(engagement=engagement):
        if role.name not in candidates or role.name.casefold() not in old_names:
            continue
        busy = (
            Assignment.objects.filter(role=role).exists()
            or Coverage.objects.filter(role=role).exists()
            or Tool.objects.filter(administered_by=role).exists()
            or ControlResponsibility.objects.filter(responsible_role=role).exists()
            or Role.objects.filter(absence_backup=role).exists()
        )
        if not busy:
            removed.append(role.name)
            as_history_user(role, by).delete()
    return removed


@transaction.atomic
def engagement_transition(
    *,
    engagement: Engagement,
    to_model: str,
    domains,
    by,
    note: str = "",
    expected_version: int | None = None,
) -> TransitionResult:
    """Move an engagement to the other service model for the picked domains ("Move to
    co-managed": the internal team takes them over; "Move to fully managed": the MSP takes
    them back). `domains` are domain codes. A signed-off revision gets a new draft
    revision; a draft moves in place (and `expected_version`, if given, must match it)."""
    ensure_can_edit(engagement, by)
    to_model = _clean_model(engagement, to_model)
    picked = _clean_domains(domains)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    engagement.refresh_from_db()
    _check_status(engagement)

    from_model, from_status = engagement.service_model, engagement.status
    template, old_template = get_template(to_model), get_template(from_model)
    if engagement.status == Status.DRAFT:
        engagement_touch(engagement, by=by, expected_version=expected_version)
    # A copy, so the "before" side keeps the old model when a draft moves in place.
    before = load_matrix(copy.copy(engagement))

    if engagement.status == Status.SIGNED_OFF:
        previous = engagement
        target = engagement_revise(
            engagement=engagement,
            by=by,
            service_model=to_model,
            note=f"Started from signed-off revision {engagement.revision} to move to "
            f"{template.label.lower()}.",
        )
        engagement_touch(target, by=by)
    else:
        previous, target = None, engagement
        target.service_model = to_model
    target.cost_structure = template.cost_structure
    target.control_level = template.control_level
    target.updated_by = by
    as_history_user(target, by).save(
        update_fields=["service_model", "cost_structure", "control_level", "updated_by"]
    )

    columns, kept, lost_letters = _apply_rows(target, template, picked, by)
    removed = _remove_idle_roles(target, lost_letters, old_template, by)

    names = ", ".join(domain.name for domain in picked)
    if to_model == ServiceModel.CO_MANAGED:
        what = f"Moved to co-managed: the internal team takes over {names}."
    else:
        what = f"Moved to fully managed: the MSP takes back {names}."
    WorkflowEvent.objects.create(
        engagement=target,
        transition=Transition.TRANSITION,
        from_status=from_status,
        to_status=target.status,
        by=by,
        note=f"{what} {(note or '').strip()}".strip(),
        door=current_door(),
    )
    target.refresh_from_db()
    return TransitionResult(
        engagement=target,
        previous=previous,
        to_model=to_model,
        domains=tuple(domain.code for domain in picked),
        diff=revision_diff(before, load_matrix(target)),
        roles_added=tuple(columns.added),
        roles_removed=tuple(removed),
        rows_kept=tuple(kept),
    )
