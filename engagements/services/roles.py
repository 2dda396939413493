"""The matrix's columns: the roles on each side, the person named for each, and who stands
in when one is away."""

from django.core.exceptions import ValidationError
from django.db import transaction

from engagements.models import Assignment, Coverage, Engagement, Role
from engagements.services.common import (
    as_history_user,
    engagement_edit_begin,
    fields_allowed,
    name_taken,
    same_engagement,
)
from engagements.services.limits import ensure_room

ROLE_FIELDS = ("name", "side", "person_name", "absence_backup", "order")


def _check_role_name(engagement: Engagement, name: str, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "A role needs a name."})
    if name_taken(Role.objects.filter(engagement=engagement), name, exclude_pk=exclude_pk):
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
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    name = _check_role_name(engagement, name)
    same_engagement(absence_backup, engagement, "absence_backup", "backup role")
    ensure_room(engagement, "roles")
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
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    fields_allowed(fields, ROLE_FIELDS)
    if "name" in fields:
        fields["name"] = _check_role_name(engagement, fields["name"], exclude_pk=role.pk)
    if "absence_backup" in fields:
        backup = fields["absence_backup"]
        same_engagement(backup, engagement, "absence_backup", "backup role")
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
    engagement_edit_begin(role.engagement, by=by, expected_version=expected_version)
    for assignment in Assignment.objects.filter(role=role):
        as_history_user(assignment, by).delete()
    for entry in Coverage.objects.filter(role=role):
        as_history_user(entry, by).delete()
    as_history_user(role, by).delete()
