"""The parts of one revision a door changes one at a time: its rows, roles, tools and
selected controls, found within that revision (an id from another one is not there, a 404).
The revision itself was found through engagement_list, so it is one the user may see."""

from django.db.models import QuerySet

from engagements.models import ControlResponsibility, Engagement, MatrixRow, Role, Tool


def engagement_row_list(*, engagement: Engagement) -> QuerySet[MatrixRow]:
    """The rows (activities) of this revision's matrix, each with its activity."""
    return MatrixRow.objects.filter(engagement=engagement).select_related("activity__domain")


def engagement_role_list(*, engagement: Engagement) -> QuerySet[Role]:
    """The roles (matrix columns) of this revision, in column order."""
    return Role.objects.filter(engagement=engagement).order_by("order", "id")


def engagement_tool_list(*, engagement: Engagement) -> QuerySet[Tool]:
    """The tools of this revision."""
    return Tool.objects.filter(engagement=engagement)


def selected_control_list(*, engagement: Engagement, ids: list[int]) -> list:
    """The controls with these ids that this revision selected (the others are left out)."""
    return list(
        ControlResponsibility.objects.filter(engagement=engagement, pk__in=ids).select_related(
            "control__framework", "responsible_role"
        )
    )
