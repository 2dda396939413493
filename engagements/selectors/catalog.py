"""What a revision can take in from the catalogs: the activities not in its matrix yet, and
a compliance framework by its code."""

from django.db.models import Q

from engagements.models import Activity, Engagement, Framework
from engagements.selectors.compliance import framework_list


def addable_activity_list(*, engagement: Engagement) -> list[Activity]:
    """Catalog activities and this client's own that are not in the matrix yet, in catalog
    order, each with its domain."""
    return list(
        Activity.objects.filter(Q(client__isnull=True) | Q(client_id=engagement.client_id))
        .exclude(rows__engagement=engagement)
        .select_related("domain")
        .order_by("domain__order", "order", "name")
    )


def framework_by_code(code: str) -> Framework | None:
    """The compliance catalog loaded under this code, or None."""
    return framework_list().filter(code=code).first() if code else None
