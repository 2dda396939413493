"""The agreed scope the service desk answers from: for one client and activity, the current
signed-off revision that has it in scope; with none, the newest revision that does."""

from engagements.models import Client, MatrixRow, Status
from engagements.selectors.engagements import engagement_list


def agreed_row(*, user, client: Client, activity_code: str) -> MatrixRow | None:
    """The in-scope row of this activity in the client's agreed scope, with its engagement
    and client; None when no current revision has the activity in scope. One query."""
    rows = list(
        MatrixRow.objects.filter(
            engagement__in=engagement_list(user=user).filter(client=client),
            activity__code=activity_code,
            in_scope=True,
        )
        .exclude(engagement__status=Status.SUPERSEDED)
        .select_related("engagement__client", "activity__domain")
    )
    if not rows:
        return None

    def agreed_first(row):
        engagement = row.engagement
        signed = engagement.status == Status.SIGNED_OFF
        return (signed, engagement.signed_off_at or engagement.created_at, engagement.pk)

    return max(rows, key=agreed_first)


def scope_activities(*, user, client: Client) -> list[tuple[str, str]]:
    """(code, name) of every activity in scope in the client's current revisions, by name,
    each once: what the service desk can ask about. One query."""
    pairs = (
        MatrixRow.objects.filter(
            engagement__in=engagement_list(user=user).filter(client=client), in_scope=True
        )
        .exclude(engagement__status=Status.SUPERSEDED)
        .values_list("activity__code", "activity__name")
        .distinct()
    )
    return sorted(set(pairs), key=lambda pair: (pair[1].casefold(), pair[0]))
