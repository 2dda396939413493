"""What the matrix grid reads besides the matrix itself: the cells others changed since the
grid was loaded, so a save can bring them in."""

import datetime

from engagements.models import Assignment, Engagement


def cells_changed_since(*, engagement: Engagement, since: datetime.datetime) -> dict:
    """(row id, role id) -> the letters each cell holds now ("" when cleared), for every
    cell written since `since`, in two queries however large the matrix is."""
    touched = set(
        Assignment.history.filter(row__engagement_id=engagement.pk, history_date__gte=since)
        .values_list("row_id", "role_id")
        .distinct()
    )
    if not touched:
        return {}
    stored = {
        (row_id, role_id): letters
        for row_id, role_id, letters in Assignment.objects.filter(
            row__engagement_id=engagement.pk, row_id__in={row for row, _ in touched}
        ).values_list("row_id", "role_id", "letters")
    }
    return {key: stored.get(key, "") for key in touched}
