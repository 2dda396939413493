"""Reads of clients, engagements and their parts, scoped to what the user may see.

An account manager sees the clients assigned to them; a client IT manager sees their own
company; a superuser sees everything. Anything else does not exist for that user: doors
answer 404, never 403, so nobody learns what another client has.
"""

from django.db.models import Prefetch, Q, QuerySet

from engagements.models import (
    Activity,
    Assignment,
    Client,
    Comment,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Membership,
    MembershipKind,
    Role,
    Tool,
    WorkflowEvent,
)


def _visible_client_ids(user):
    return Membership.objects.filter(user=user).values("client_id")


def client_list(*, user) -> QuerySet[Client]:
    """Clients this user may see."""
    if not user.is_authenticated:
        return Client.objects.none()
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(id__in=_visible_client_ids(user))


def managed_client_list(*, user) -> QuerySet[Client]:
    """Clients whose scope this user may change (account managers and superusers)."""
    if not user.is_authenticated:
        return Client.objects.none()
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(
        id__in=Membership.objects.filter(user=user, kind=MembershipKind.ACCOUNT_MANAGER).values(
            "client_id"
        )
    )


def engagement_list(*, user) -> QuerySet[Engagement]:
    """Engagements (every revision) of the clients this user may see."""
    if not user.is_authenticated:
        return Engagement.objects.none()
    queryset = Engagement.objects.select_related("client", "account_manager", "signed_off_by")
    if user.is_superuser:
        return queryset
    return queryset.filter(client_id__in=_visible_client_ids(user))


def assignment_list(*, user) -> QuerySet[Assignment]:
    """Matrix cells across the engagements this user may see."""
    return Assignment.objects.filter(row__engagement__in=engagement_list(user=user)).select_related(
        "row__engagement__client", "row__activity__domain", "role"
    )


def tool_list(*, user) -> QuerySet[Tool]:
    return Tool.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "engagement__client", "administered_by"
    )


def comment_list(*, user) -> QuerySet[Comment]:
    return Comment.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "author", "row__activity"
    )


def workflow_event_list(*, user) -> QuerySet[WorkflowEvent]:
    return WorkflowEvent.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "by"
    )


def domain_list(*, user):
    """The catalog's domains, each with the activities this user may use: the shared catalog
    plus the custom activities of the clients they see (never another client's)."""
    if not user.is_authenticated:
        return Domain.objects.none()
    activities = Activity.objects.filter(
        Q(client__isnull=True) | Q(client__in=client_list(user=user))
    ).order_by("order", "code")
    return Domain.objects.prefetch_related(Prefetch("activities", queryset=activities))


def role_list(*, user):
    """Matrix columns of the engagements this user may see."""
    return Role.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "absence_backup"
    )


def matrix_row_list(*, user):
    """Matrix rows of the engagements this user may see."""
    return MatrixRow.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "activity__domain"
    )


def acknowledgement_list(*, user):
    """Errors accepted for sign-off, in the engagements this user may see."""
    return FindingAcknowledgement.objects.filter(
        engagement__in=engagement_list(user=user)
    ).select_related("by")


def client_for_user(*, user, client_id: int) -> Client:
    """One client this user may see. Raises Client.DoesNotExist (a 404 in doors) for any
    other client, so nobody learns that another client exists."""
    return client_list(user=user).get(pk=client_id)
