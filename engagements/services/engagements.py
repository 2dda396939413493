"""Creating, changing and copying engagements, and applying a template to one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from engagements.doors import current_door
from engagements.models import (
    Activity,
    Assignment,
    Client,
    ControlResponsibility,
    Coverage,
    Engagement,
    MatrixRow,
    Membership,
    MspOrganisation,
    ResponseTarget,
    Role,
    ServiceModel,
    Status,
    Tool,
    Transition,
    WorkflowEvent,
)
from engagements.models.choices import WINDOWS_NEEDED
from engagements.models.text import nfc
from engagements.permissions import is_superuser
from engagements.reference.templates import RESPONSE_TARGETS, get_template
from engagements.services.common import (
    as_history_user,
    bulk_create_in_history,
    copied,
    engagement_edit_allowed,
    engagement_touch,
    ensure_can_edit,
    fields_allowed,
    name_taken,
)
from engagements.services.findings_counts import findings_counts_refresh_after_commit
from engagements.services.tools import TOOL_FIELDS

EDITABLE_FIELDS = (
    "title",
    "business_days",
    "business_start",
    "business_end",
    "effective_from",
    "effective_to",
    "cost_structure",
    "control_level",
    "agreement_reference",
    "exhibit_label",
)

# What a tool copied from a template or an earlier revision keeps; its administering role is
# the new matrix's role of the same name.
TOOL_COPIED = tuple(name for name in TOOL_FIELDS if name != "administered_by")
CONTROL_COPIED = (
    "control_id",
    "origination",
    "vendor_name",
    "split_description",
    "msp_responsibility",
    "customer_responsibility",
)


@transaction.atomic
def client_create(*, name: str, by, slug: str = "", **fields) -> Client:
    """Add a client. Only superusers add clients; account managers are then assigned."""
    if not is_superuser(by):
        raise PermissionDenied("Only an administrator can add clients.")
    name = nfc((name or "").strip())
    if name and name_taken(Client.objects.all(), name):
        raise ValidationError(
            {"name": f'A client named "{name}" already exists (case and spacing aside).'}
        )
    client = Client(name=name, slug=slug or slugify(name)[:80], **fields)
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def msp_organisation_set(*, legal_name: str, address: str = "", by) -> MspOrganisation:
    """Name the MSP as its contracts do. Only superusers; revisions already signed keep the
    name and address they were signed with."""
    if not is_superuser(by):
        raise PermissionDenied("Only an administrator can change the MSP's details.")
    msp = MspOrganisation.objects.filter(pk=1).first() or MspOrganisation(pk=1)
    msp.legal_name, msp.address = (legal_name or "").strip(), (address or "").strip()
    msp.full_clean()
    as_history_user(msp, by).save()
    return msp


@transaction.atomic
def membership_set(*, client: Client, user, kind: str, by) -> Membership:
    """Give a user access to a client as its account manager or as its IT manager."""
    if not is_superuser(by):
        raise PermissionDenied("Only an administrator can assign people to clients.")
    membership = Membership(client=client, user=user, kind=kind)
    membership.full_clean()
    membership.save()
    return membership


def _unique_slug(client: Client, title: str) -> str:
    base = slugify(title)[:70] or "engagement"
    taken = set(Engagement.objects.filter(client=client).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def engagement_create(
    *,
    client: Client,
    title: str,
    service_model: str,
    by,
    template: str | None = None,
    account_manager=None,
    empty: bool = False,
    note: str = "",
    **fields,
) -> Engagement:
    """Start a draft engagement for a client, with its matrix built from a template
    (the service model's own unless another is named), or (empty) with no matrix yet, for
    a caller that fills it in the same transaction."""
    engagement = Engagement(
        client=client,
        title=title,
        service_model=service_model,
        account_manager=account_manager or by,
        updated_by=by,
        **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS},
    )
    ensure_can_edit(engagement, by)
    engagement.slug = _unique_slug(client, title)
    if template is not None and template not in ServiceModel.values:
        raise ValidationError({"template": f'"{template}" is not a template.'})
    engagement.full_clean()  # rejects an unknown service model before the template lookup
    scope_template = get_template(template or service_model)
    if "cost_structure" not in fields:
        engagement.cost_structure = scope_template.cost_structure
    if "control_level" not in fields:
        engagement.control_level = scope_template.control_level
    as_history_user(engagement, by).save()
    if not empty:
        template_apply(engagement, template or service_model, by=by)
    WorkflowEvent.objects.create(
        engagement=engagement,
        transition=Transition.CREATE,
        to_status=Status.DRAFT,
        by=by,
        door=current_door(),
        note=note or f"Created from the {scope_template.label.lower()} template.",
    )
    findings_counts_refresh_after_commit(engagement_ids=[engagement.pk])
    return engagement


def template_apply(engagement: Engagement, template_key: str, *, by) -> None:
    """Create roles, rows, letters, coverage and tools from a template on an empty matrix."""
    template = get_template(template_key)
    roles = {}
    for order, spec in enumerate(template.roles):
        roles[spec.name] = Role(
            engagement=engagement, name=spec.name, side=spec.side, order=order * 10
        )
    bulk_create_in_history(list(roles.values()), Role, by=by)
    backed_up = []
    for spec in template.roles:
        if spec.backup:
            role = roles[spec.name]
            role.absence_backup = roles[spec.backup]
            backed_up.append(as_history_user(role, by))
    for role in backed_up:
        role.save(update_fields=["absence_backup"])

    activities = list(
        Activity.objects.filter(client__isnull=True)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
    rows = [
        MatrixRow(
            engagement=engagement,
            activity=activity,
            in_scope=activity.domain.code not in template.out_of_scope_domains,
            split_note=template.split_notes.get(activity.code, ""),
            order=activity.order,
        )
        for activity in activities
    ]
    bulk_create_in_history(rows, MatrixRow, by=by)
    rows = {row.activity_id: row for row in MatrixRow.objects.filter(engagement=engagement)}

    cells, coverage, targets = [], [], []
    for activity in activities:
        row = rows[activity.id]
        if not row.in_scope:
            continue
        for window, minutes in RESPONSE_TARGETS.get(activity.code, {}).items():
            if window in WINDOWS_NEEDED[activity.default_coverage]:
                targets.append(ResponseTarget(row=row, window=window, minutes=minutes))
        for role_name, letters in template.cells.get(activity.code, {}).items():
            cells.append(Assignment(row=row, role=roles[role_name], letters=letters))
        windows = WINDOWS_NEEDED[activity.default_coverage]
        for window, role_name in template.coverage_for(
            activity.code, activity.domain.code, windows
        ).items():
            coverage.append(Coverage(row=row, window=window, role=roles[role_name]))
    bulk_create_in_history(cells, Assignment, by=by)
    bulk_create_in_history(coverage, Coverage, by=by)
    bulk_create_in_history(targets, ResponseTarget, by=by)
    tools = [
        Tool(
            engagement=engagement,
            administered_by=roles.get(spec.administered_by),
            **copied(spec, TOOL_COPIED),
        )
        for spec in template.tools
    ]
    bulk_create_in_history(tools, Tool, by=by)


@transaction.atomic
def engagement_update(
    *, engagement: Engagement, by, expected_version: int | None = None, **fields
) -> Engagement:
    """Change a draft's title, business hours, dates, cost structure or control level.
    With expected_version, refused (StaleVersion) if someone changed it since."""
    engagement_edit_allowed(engagement, by)
    fields_allowed(fields, EDITABLE_FIELDS)
    for name, value in fields.items():
        setattr(engagement, name, value)
    engagement.updated_by = by
    engagement.full_clean()
    engagement_touch(engagement, by=by, expected_version=expected_version)
    as_history_user(engagement, by).save()
    return engagement


@transaction.atomic
def engagement_delete(*, engagement: Engagement, by) -> None:
    """Delete a draft that was never signed. Earlier, signed revisions are kept."""
    engagement_edit_allowed(engagement, by)
    previous = engagement.previous_revision
    as_history_user(engagement, by)
    engagement.delete()
    if previous is not None and previous.status == Status.SUPERSEDED:
        # The earlier signed revision is the current one again.
        previous.status = Status.SIGNED_OFF
        as_history_user(previous, by).save(update_fields=["status"])
        findings_counts_refresh_after_commit(engagement_ids=[previous.pk])


def engagement_copy_matrix(source: Engagement, target: Engagement, *, by) -> None:
    """Copy roles, rows, cells, coverage, tools and control responsibilities, preserving
    every value; used when a signed revision is revised."""
    old_roles = list(Role.objects.filter(engagement=source).order_by("order", "id"))
    bulk_create_in_history(
        [
            Role(
                engagement=target,
                **copied(
                    role, ("name", "side", "person_name", "absence_backup_person_id", "order")
                ),
            )
            for role in old_roles
        ],
        Role,
        by=by,
    )
    created = {role.name: role for role in Role.objects.filter(engagement=target)}
    role_map = {role.id: created[role.name] for role in old_roles}
    people_through = Role.people.through
    people_through.objects.bulk_create(
        [
            people_through(role_id=role_map[link.role_id].id, person_id=link.person_id)
            for link in people_through.objects.filter(role__engagement=source)
        ]
    )
    for role in old_roles:
        if role.absence_backup_id:
            new = role_map[role.id]
            new.absence_backup = role_map[role.absence_backup_id]
            as_history_user(new, by).save(update_fields=["absence_backup"])

    old_rows = list(MatrixRow.objects.filter(engagement=source))
    row_fields = ("activity_id", "in_scope", "split_note", "coverage_need", "order")
    bulk_create_in_history(
        [MatrixRow(engagement=target, **copied(row, row_fields)) for row in old_rows],
        MatrixRow,
        by=by,
    )
    new_rows_by_activity = {
        row.activity_id: row for row in MatrixRow.objects.filter(engagement=target)
    }
    row_map = {row.id: new_rows_by_activity[row.activity_id] for row in old_rows}

    bulk_create_in_history(
        [
            Assignment(row=row_map[a.row_id], role=role_map[a.role_id], letters=a.letters)
            for a in Assignment.objects.filter(row__engagement=source)
        ],
        Assignment,
        by=by,
    )
    bulk_create_in_history(
        [
            Coverage(row=row_map[c.row_id], window=c.window, role=role_map[c.role_id])
            for c in Coverage.objects.filter(row__engagement=source)
        ],
        Coverage,
        by=by,
    )
    bulk_create_in_history(
        [
            ResponseTarget(row=row_map[t.row_id], window=t.window, minutes=t.minutes)
            for t in ResponseTarget.objects.filter(row__engagement=source)
        ],
        ResponseTarget,
        by=by,
    )
    bulk_create_in_history(
        [
            Tool(
                engagement=target,
                administered_by=role_map.get(t.administered_by_id),
                **copied(t, TOOL_COPIED),
            )
            for t in Tool.objects.filter(engagement=source)
        ],
        Tool,
        by=by,
    )
    old_controls = list(
        ControlResponsibility.objects.filter(engagement=source).prefetch_related(
            "implementing_rows"
        )
    )
    for resp in old_controls:
        new = ControlResponsibility(
            engagement=target,
            responsible_role=role_map.get(resp.responsible_role_id),
            **copied(resp, CONTROL_COPIED),
        )
        as_history_user(new, by).save()
        new.implementing_rows.set([row_map[row.id] for row in resp.implementing_rows.all()])
