"""The matrix's columns: the roles on each side, the person named for each, and who stands
in when one is away."""

from django.core.exceptions import ValidationError
from django.db import transaction

from engagements.models import Assignment, Coverage, Engagement, Person, Role
from engagements.services.common import (
    as_history_user,
    engagement_edit_begin,
    fields_allowed,
    name_taken,
    same_engagement,
)
from engagements.services.limits import ensure_room
from engagements.services.people import people_check_client, people_resolve, people_text

ROLE_FIELDS = (
    "name",
    "side",
    "person_name",
    "people",
    "absence_backup",
    "absence_backup_person",
    "order",
)


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
    people: list[Person] | None = None,
    absence_backup: Role | None = None,
    absence_backup_person: Person | None = None,
    expected_version: int | None = None,
) -> Role:
    """Add a column to the matrix, with the people who hold it: directory people, or names
    typed in one box (each found in the client's directory, or added to it)."""
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    name = _check_role_name(engagement, name)
    same_engagement(absence_backup, engagement, "absence_backup", "backup role")
    client = engagement.client
    people_check_client([absence_backup_person], client, "absence_backup_person")
    if people is not None:
        people = people_check_client(people, client)
    else:
        people = people_resolve(client=client, person_name=person_name, side=side, by=by)
    ensure_room(engagement, "roles")
    last = Role.objects.filter(engagement=engagement).order_by("-order").first()
    role = Role(
        engagement=engagement,
        name=name,
        side=side,
        person_name=people_text(people) if people else (person_name or "").strip(),
        absence_backup=absence_backup,
        absence_backup_person=absence_backup_person,
        order=(last.order + 10) if last else 0,
    )
    role.full_clean()
    as_history_user(role, by).save()
    if people:
        role.people.set(people)
    return role


@transaction.atomic
def role_update(*, role: Role, by, expected_version: int | None = None, **fields) -> Role:
    """Rename a role, change its side, its people or its absence backup (a role or a
    person)."""
    engagement = role.engagement
    engagement_edit_begin(engagement, by=by, expected_version=expected_version)
    fields_allowed(fields, ROLE_FIELDS)
    people = None
    if "people" in fields:
        people = people_check_client(fields.pop("people"), engagement.client)
        fields["person_name"] = people_text(people)
    elif "person_name" in fields:
        people = people_resolve(
            client=engagement.client,
            person_name=fields["person_name"],
            side=fields.get("side", role.side),
            by=by,
        )
        fields["person_name"] = people_text(people) if people else ""
    if "absence_backup_person" in fields:
        people_check_client(
            [fields["absence_backup_person"]], engagement.client, "absence_backup_person"
        )
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
    if people is not None:
        role.people.set(people)
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
