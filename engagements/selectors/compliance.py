"""Reads of the compliance catalogs and of an engagement's selected controls."""

from django.db.models import Count, Q, QuerySet

from engagements.models import Control, ControlResponsibility, Framework
from engagements.selectors.engagements import engagement_list


def framework_list():
    """The compliance catalogs loaded on this server (reference data, the same for everyone),
    each with how many of its controls an engagement can select."""
    return Framework.objects.annotate(
        selectable_count=Count("controls", filter=Q(controls__selectable=True))
    ).order_by("name")


def control_list(*, framework):
    """One catalog's controls, in catalog order."""
    return Control.objects.filter(framework=framework).order_by("order")


def control_responsibility_list(*, user) -> QuerySet[ControlResponsibility]:
    return ControlResponsibility.objects.filter(
        engagement__in=engagement_list(user=user)
    ).select_related("control__framework", "responsible_role", "engagement__client")
