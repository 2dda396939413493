"""The matrix's rows: which duties are in it, in or out of scope, their split notes and
required coverage, and the custom duties a client adds to the catalog.

apply_row_settings writes a part of a change once its guard has passed
(engagement_edit_begin); row_update and matrix_changes_apply call it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from simple_history.utils import bulk_update_with_history

from engagements.models import Activity, CoverageNeed, Domain, Engagement, MatrixRow
from engagements.services.common import (
    as_history_user,
    engagement_edit_begin,
    fields_allowed,
    history_attrs,
    name_taken,
)
from engagements.services.limits import ensure_room

ROW_FIELDS = ("in_scope", "split_note", "coverage_need")


def apply_row_settings(engagement: Engagement, changes: dict[MatrixRow, dict], by) -> int:
    """Change rows' settings (row -> {field: value}), written together, each row with its
    history row; errors name the field. Returns how many rows changed."""
    written = set()
    for row, fields in changes.items():
        if row.engagement_id != engagement.pk:
            raise ValidationError({"row": "That activity belongs to another engagement."})
        fields_allowed(fields, ROW_FIELDS)
        for name, value in fields.items():
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        # The field checks cover what the table's constraints would (a known coverage need;
        # the row's engagement and activity do not change), without a query per row.
        row.full_clean(exclude=["engagement", "activity"], validate_constraints=False)
        written.update(fields)
    if changes:
        bulk_update_with_history(
            list(changes),
            MatrixRow,
            sorted(written),
            default_user=by,
            custom_historical_attrs=history_attrs(),
        )
    return sum(1 for fields in changes.values() if fields)


def _activity_offered(engagement: Engagement, activity: Activity) -> None:
    if activity.client_id not in (None, engagement.client_id):
        raise ValidationError({"activity": "That activity belongs to another client."})


@transaction.atomic
def row_add(
    *, engagement: Engagement, activity: Activity, by, expected_version: int | None = None
) -> MatrixRow:
    """Bring a catalog (or this client's custom) activity into the matrix."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    _activity_offered(engagement, activity)
    if MatrixRow.objects.filter(engagement=engagement, activity=activity).exists():
        raise ValidationError({"activity": f'"{activity.name}" is already in the matrix.'})
    ensure_room(engagement, "rows")
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
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "A custom activity needs a name."})
    offered = Q(client__isnull=True) | Q(client_id=engagement.client_id)
    if name_taken(Activity.objects.filter(offered, domain=domain), name):
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
    ensure_room(engagement, "rows")
    activity.save()
    row = MatrixRow(engagement=engagement, activity=activity, order=activity.order)
    as_history_user(row, by).save()
    return row


@transaction.atomic
def row_update(*, row: MatrixRow, by, expected_version: int | None = None, **fields) -> MatrixRow:
    """Mark a row in or out of scope, write its split note, or override its coverage need."""
    engagement_edit_begin(row.engagement, by=by, expected_version=expected_version)
    apply_row_settings(row.engagement, {row: fields}, by)
    return row


@transaction.atomic
def row_remove(*, row: MatrixRow, by, expected_version: int | None = None) -> None:
    """Take a row out of the matrix altogether (to keep it visible, mark it out of scope)."""
    engagement_edit_begin(row.engagement, by=by, expected_version=expected_version)
    as_history_user(row, by).delete()
