"""Reads of the people directory, scoped to the clients a user sees; and where a person is
named across the current revisions."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from engagements.models import (
    Assignment,
    Coverage,
    Engagement,
    Invitation,
    Membership,
    Person,
    Role,
    Status,
)
from engagements.models.letters import display_letters
from engagements.selectors.engagements import client_list, engagement_list


def person_list(*, user, client=None) -> QuerySet[Person]:
    """People in the directories of the clients this user sees (one client's when given),
    by name."""
    people = Person.objects.filter(client__in=client_list(user=user)).select_related("client")
    if client is not None:
        people = people.filter(client=client)
    return people.order_by("name", "id")


def person_for_user(*, user, person_id) -> Person:
    """One person this user may see; Person.DoesNotExist (a 404) for anyone else's."""
    return person_list(user=user).get(pk=person_id)


@dataclass
class Duty:
    """One activity a role does (its letters) and the windows it covers for it."""

    activity: str
    activity_code: str
    letters: str = ""
    windows: list[str] = field(default_factory=list)


@dataclass
class Mention:
    """A role in a current revision that names the person: as one of its people, or as its
    absence backup; with every duty of that role."""

    engagement: Engagement
    role: Role
    as_backup: bool
    duties: list[Duty]


def person_mentions(*, user, person: Person) -> list[Mention]:
    """Every duty and window the person holds across the client's current revisions (the
    superseded ones are history), so a departure can be handled duty by duty. Three
    queries, however many revisions name them."""
    current = (
        engagement_list(user=user)
        .filter(client_id=person.client_id)
        .exclude(status=Status.SUPERSEDED)
    )
    roles = list(
        Role.objects.filter(engagement__in=current, people=person).select_related(
            "engagement__client"
        )
    )
    named = {role.pk for role in roles}
    roles += [
        role
        for role in Role.objects.filter(
            engagement__in=current, absence_backup_person=person
        ).select_related("engagement__client")
        if role.pk not in named
    ]
    duties: dict[int, dict[int, Duty]] = {role.pk: {} for role in roles}

    def duty(role_id, row) -> Duty:
        found = duties[role_id].get(row.pk)
        if found is None:
            found = duties[role_id][row.pk] = Duty(row.activity.name, row.activity.code)
        return found

    ids = list(duties)

    for assignment in Assignment.objects.filter(role_id__in=ids).select_related("row__activity"):
        duty(assignment.role_id, assignment.row).letters = display_letters(assignment.letters)
    for entry in Coverage.objects.filter(role_id__in=ids).select_related("row__activity"):
        duty(entry.role_id, entry.row).windows.append(entry.get_window_display())
    roles.sort(key=lambda r: (r.engagement.title, r.engagement.revision, r.order, r.pk))
    return [
        Mention(
            engagement=role.engagement,
            role=role,
            as_backup=role.pk not in named,
            duties=sorted(duties[role.pk].values(), key=lambda d: d.activity),
        )
        for role in roles
    ]


def client_access(*, user, client) -> dict:
    """Who has access to the client and who is invited: the memberships (with their users)
    and the pending invitations, newest first. Two queries."""
    return {
        "members": list(
            Membership.objects.filter(client=client, client__in=client_list(user=user))
            .select_related("user")
            .order_by("kind", "user__last_name", "user__username")
        ),
        "pending": list(
            Invitation.objects.filter(
                client=client,
                client__in=client_list(user=user),
                accepted_at__isnull=True,
                revoked_at__isnull=True,
            )
            .select_related("invited_by")
            .order_by("-sent_at")
        ),
    }
