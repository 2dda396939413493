"""Writing what a confirmed sheet mapping plans: a new draft made from the sheet, or the
sheet's roles, rows and letters filled into an existing draft; and the mapping kept for the
client. Each is one transaction: all of it is written, or nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from engagements.analysis.onramp import Proposal
from engagements.analysis.onramp.layout import cell_name, text_key
from engagements.models import (
    Activity,
    Assignment,
    Client,
    Domain,
    Engagement,
    MatrixRow,
    Role,
    SheetMapping,
)
from engagements.permissions import can_edit
from engagements.services.cells import CellChange, apply_cells
from engagements.services.common import (
    bulk_create_in_history,
    engagement_edit_begin,
)
from engagements.services.engagements import engagement_create


class SheetNotApplied(ValidationError):
    """The sheet could not be written; `problems` are (sheet, cell, message)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__("; ".join(message for _, _, message in problems))
        self.problems = problems


@transaction.atomic
def engagement_create_from_sheet(
    *,
    client: Client,
    title: str,
    service_model: str,
    proposal: Proposal,
    activities: dict[str, Activity],
    domains: dict[str, Domain],
    by,
) -> Engagement:
    """Start a draft whose matrix is the sheet: its roles, its activities (new custom ones
    added for the client) and its letters; nothing from a template."""
    engagement = engagement_create(
        client=client,
        title=title,
        service_model=service_model,
        by=by,
        empty=True,
        note="Created from a spreadsheet.",
    )
    _fill(engagement, proposal, activities, domains, by)
    return engagement


@transaction.atomic
def engagement_fill_from_sheet(
    *,
    engagement: Engagement,
    proposal: Proposal,
    activities: dict[str, Activity],
    domains: dict[str, Domain],
    by,
    expected_version: int | None = None,
) -> Engagement:
    """Bring a sheet into a draft: its roles added (or matched by name), its rows added
    (or matched), and each of its letters written over the cell's; cells the sheet leaves
    empty are left as they are. One version bump."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    _fill(engagement, proposal, activities, domains, by)
    return engagement


def _fill(engagement, proposal: Proposal, activities, domains, by) -> None:
    sheet = proposal.sheet
    roles = {text_key(role.name): role for role in Role.objects.filter(engagement=engagement)}
    order = max((role.order for role in roles.values()), default=-10)
    new_roles = []
    for column in proposal.roles:
        if text_key(column.role) in roles:
            continue
        order += 10
        role = Role(engagement=engagement, name=column.role, side=column.side, order=order)
        _clean(role, sheet, cell_name(column.index, proposal.layout.header_row), ["engagement"])
        roles[text_key(column.role)] = role
        new_roles.append(role)
    bulk_create_in_history(new_roles, Role, by=by)
    if new_roles:
        roles = {text_key(r.name): r for r in Role.objects.filter(engagement=engagement)}

    rows = {
        row.activity_id: row
        for row in MatrixRow.objects.filter(engagement=engagement).select_related("activity")
    }
    custom = _custom_activities(engagement, proposal, domains)
    new_rows, planned = [], []
    for choice in proposal.activity_rows:
        activity = custom[choice.number] if choice.new else activities[choice.activity]
        row = rows.get(activity.pk)
        if row is None:
            row = MatrixRow(engagement=engagement, activity=activity, order=activity.order)
            rows[activity.pk] = row
            new_rows.append(row)
        planned.append((choice, activity))
    bulk_create_in_history(new_rows, MatrixRow, by=by)
    if new_rows:
        rows = {row.activity_id: row for row in MatrixRow.objects.filter(engagement=engagement)}

    changes = [
        CellChange(row=rows[activity.pk], role=roles[text_key(name)], letters=letters)
        for choice, activity in planned
        for name, letters in choice.letters.items()
    ]
    if not Assignment.objects.filter(row__engagement=engagement).exists():
        bulk_create_in_history(
            [Assignment(row=c.row, role=c.role, letters=c.letters) for c in changes],
            Assignment,
            by=by,
        )
    else:
        apply_cells(engagement, changes, by)


def _custom_activities(engagement, proposal: Proposal, domains) -> dict[int, Activity]:
    """The new custom activities the sheet asks for, created for the client; each name
    checked against what its domain already offers the client."""
    wanted = [choice for choice in proposal.activity_rows if choice.new]
    if not wanted:
        return {}
    client = engagement.client
    offered = {}
    taken_codes = set(
        Activity.objects.filter(code__startswith=f"custom.{client.slug}.").values_list(
            "code", flat=True
        )
    )
    for activity in Activity.objects.filter(client__isnull=True) | Activity.objects.filter(
        client=client
    ):
        offered[(activity.domain_id, text_key(activity.name))] = activity
    # Each domain's last activity, so new ones follow it (one query for every domain).
    last = dict(
        Activity.objects.values("domain_id")
        .annotate(last=Max("order"))
        .values_list("domain_id", "last")
    )
    created: dict[int, Activity] = {}
    problems = []
    for choice in wanted:
        domain = domains.get(choice.domain)
        where = cell_name(proposal.layout.activity_column, choice.number)
        if domain is None:
            problems.append((proposal.sheet, where, f'"{choice.domain}" is not a domain.'))
            continue
        key = (domain.pk, text_key(choice.activity_name))
        if key in offered:
            problems.append(
                (
                    proposal.sheet,
                    where,
                    f'"{choice.activity_name}" already exists in {domain.name}; map the row '
                    "to it instead of a new activity.",
                )
            )
            continue
        base = f"custom.{client.slug}.{slugify(choice.activity_name)[:40] or 'activity'}"
        code, n = base, 2
        while code in taken_codes:
            code, n = f"{base}-{n}", n + 1
        taken_codes.add(code)
        last[domain.pk] = last.get(domain.pk, 0) + 10
        activity = Activity(
            domain=domain,
            code=code,
            name=choice.activity_name,
            order=last[domain.pk],
            client=client,
        )
        try:
            activity.full_clean(exclude=["domain", "client", "code"], validate_constraints=False)
        except ValidationError as exc:
            problems.extend((proposal.sheet, where, message) for message in exc.messages)
            continue
        offered[key] = activity
        created[choice.number] = activity
    if problems:
        raise SheetNotApplied(problems)
    Activity.objects.bulk_create(list(created.values()))
    stored = {
        a.code: a for a in Activity.objects.filter(code__in=[a.code for a in created.values()])
    }
    return {number: stored[activity.code] for number, activity in created.items()}


def _clean(instance, sheet: str, cell: str, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise SheetNotApplied([(sheet, cell, message) for message in exc.messages]) from exc


@transaction.atomic
def sheet_mapping_save(
    *, client: Client, signature: str, titles: list[str], mapping: dict, by
) -> SheetMapping:
    """Keep the confirmed mapping for this layout at this client, replacing the last one."""
    if not can_edit(by, client):
        raise PermissionDenied("Only the account manager of this client can save its mappings.")
    saved, _ = SheetMapping.objects.update_or_create(
        client=client,
        signature=signature,
        defaults={"titles": titles, "mapping": mapping, "updated_by": by},
    )
    return saved
