"""The clients a user sees as the home page lists them: each with its current revisions,
and which of them the user manages."""

from django.db.models import QuerySet

from engagements.models import Client, Engagement, Status
from engagements.selectors.engagements import client_list, engagement_list, managed_client_list


def current_engagement_list(*, user) -> QuerySet[Engagement]:
    """The current revisions (superseded ones are history) of the clients this user sees,
    by client, title and newest revision first."""
    return (
        engagement_list(user=user)
        .exclude(status=Status.SUPERSEDED)
        .select_related("updated_by")
        .order_by("client__name", "title", "-revision")
    )


def client_listing(*, user, client: Client | None = None) -> list[Client]:
    """The clients this user sees by name (only `client` when given), so that a client
    without a current engagement is listed too."""
    clients = client_list(user=user).order_by("name")
    if client is not None:
        clients = clients.filter(pk=client.pk)
    return list(clients)


def managed_client_ids(*, user) -> set[int]:
    """The ids of the clients whose engagements this user may start and change."""
    return set(managed_client_list(user=user).values_list("pk", flat=True))
