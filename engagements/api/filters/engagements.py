"""Filters over the engagements (every revision) a user can see."""

from django_filters import rest_framework as filters

from engagements.api.filters.common import BooleanFilter, ClientFilter
from engagements.models import Engagement, ServiceModel, Status
from engagements.selectors.findings_counts import engagements_with_errors


class EngagementFilter(filters.FilterSet):
    client = ClientFilter()
    search = filters.CharFilter(
        field_name="client__name",
        lookup_expr="icontains",
        help_text="Part of the client's name, in any case: ?search=acme.",
    )
    service_model = filters.ChoiceFilter(choices=ServiceModel.choices)
    status = filters.MultipleChoiceFilter(
        choices=Status.choices, help_text="One or more: ?status=draft&status=in_review."
    )
    current = BooleanFilter(
        method="filter_current", help_text="true: leave out superseded revisions."
    )
    # Last, so it only runs the findings over engagements the other filters kept.
    has_errors = BooleanFilter(
        method="filter_has_errors",
        help_text="true: only engagements with errors nobody accepted (they block sign-off); "
        "false: only those without.",
    )

    class Meta:
        model = Engagement
        fields = ["client", "search", "service_model", "status", "current", "has_errors"]

    def filter_current(self, queryset, name, value):
        if value:
            return queryset.exclude(status=Status.SUPERSEDED)
        return queryset.filter(status=Status.SUPERSEDED)

    def filter_has_errors(self, queryset, name, value):
        # On the stored counts, in the database: the same queries for any portfolio size.
        return engagements_with_errors(queryset, value)
