"""The client's directory of people: adding them, correcting their details, marking them
as gone; and naming them on roles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from engagements.models import Client, Person, Role, Status
from engagements.permissions import can_edit
from engagements.services.common import (
    as_history_user,
    engagement_touch,
    fields_allowed,
    name_key,
    name_taken,
)
from engagements.services.findings_counts import findings_counts_forget

PERSON_FIELDS = ("name", "side", "email", "phone", "active")


def _ensure_can_manage_people(client: Client, by) -> None:
    if not can_edit(by, client):
        raise PermissionDenied("Only the account manager of this client can change its people.")


def _check_person_name(client: Client, name: str, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "A person needs a name."})
    if name_taken(Person.objects.filter(client=client), name, exclude_pk=exclude_pk):
        raise ValidationError({"name": f"{name} is already in this client's directory."})
    return name


def _recount_engagements_naming(person: Person) -> None:
    """Findings about inactive people change when a person comes or goes: count again the
    engagements whose roles name them."""
    ids = set(Role.objects.filter(people=person).values_list("engagement_id", flat=True)) | set(
        Role.objects.filter(absence_backup_person=person).values_list("engagement_id", flat=True)
    )
    # Forgotten rather than refreshed: neither the engagements' versions nor the stored
    # results record who is active, so a refresh would find them current.
    if ids:
        findings_counts_forget(engagement_ids=sorted(ids))


@transaction.atomic
def person_create(
    *, client: Client, name: str, side: str, by, email: str = "", phone: str = ""
) -> Person:
    """Add someone to the client's directory, so roles can name them."""
    _ensure_can_manage_people(client, by)
    person = Person(
        client=client,
        name=_check_person_name(client, name),
        side=side,
        email=(email or "").strip(),
        phone=(phone or "").strip(),
    )
    person.full_clean()
    as_history_user(person, by).save()
    return person


@transaction.atomic
def person_update(*, person: Person, by, **fields) -> Person:
    """Correct a person's details, or mark them inactive when they leave (every engagement
    that still names them then says so). The names written in signed revisions stay as
    they were; drafts follow a rename."""
    _ensure_can_manage_people(person.client, by)
    fields_allowed(fields, PERSON_FIELDS)
    if "name" in fields:
        fields["name"] = _check_person_name(person.client, fields["name"], exclude_pk=person.pk)
    for key in ("email", "phone"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    renamed = "name" in fields and fields["name"] != person.name
    activity_changed = "active" in fields and bool(fields["active"]) != person.active
    for key, value in fields.items():
        setattr(person, key, value)
    person.full_clean()
    as_history_user(person, by).save()
    if renamed:
        touched = set()
        for role in Role.objects.filter(
            people=person, engagement__status=Status.DRAFT
        ).select_related("engagement"):
            role_person_name_refresh(role, by=by)
            if role.engagement_id not in touched:
                engagement_touch(role.engagement, by=by)
                touched.add(role.engagement_id)
    if activity_changed or renamed:
        _recount_engagements_naming(person)
    return person


def people_text(people: list[Person]) -> str:
    """The names of a role's people as the revision writes them: "Dana Ortiz, Sam Lee"."""
    return ", ".join(person.name for person in people)[:120]


def role_person_name_refresh(role: Role, *, by) -> None:
    """Write a draft role's person_name from its people (after they changed)."""
    role.person_name = people_text(list(role.people.order_by("name", "id")))
    as_history_user(role, by).save(update_fields=["person_name"])


def people_resolve(*, client: Client, person_name: str, side: str, by) -> list[Person]:
    """The people a free-text name means (the role form's and the old API's one box): the
    directory's person of that name, added to the directory when new. Several names
    separated by commas name several people."""
    names = [" ".join(part.split()) for part in (person_name or "").split(",")]
    people = []
    existing = {name_key(p.name): p for p in Person.objects.filter(client=client)}
    for name in names:
        if not name:
            continue
        person = existing.get(name_key(name))
        if person is None:
            person = Person(client=client, name=name, side=side)
            person.full_clean()
            as_history_user(person, by).save()
            existing[name_key(name)] = person
        if person not in people:
            people.append(person)
    return people


def people_check_client(people, client: Client, field: str = "people") -> list[Person]:
    """Refuse a person from another client's directory, naming the field that carried it."""
    people = list(people or [])
    for person in people:
        if person is not None and person.client_id != client.pk:
            raise ValidationError({field: f"{person.name} is not in this client's directory."})
    return people


@transaction.atomic
def client_location_set(*, client: Client, country: str, subdivision: str, by) -> Client:
    """Say where the client works, so its public holidays are counted: a country (ISO 3166-1
    alpha-2) and, optionally, a subdivision (a state, a Land)."""
    _ensure_can_manage_people(client, by)
    client.country = (country or "").strip().upper()
    client.subdivision = (subdivision or "").strip().upper()
    client.full_clean()
    client.save(update_fields=["country", "subdivision"])
    # Coverage findings name the holidays a gap would miss, which no version records.
    findings_counts_forget(
        engagement_ids=list(client.engagements.values_list("pk", flat=True))
    )
    return client
