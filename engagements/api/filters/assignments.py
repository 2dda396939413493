"""Filters over the flat list of cells."""

from django_filters import rest_framework as filters

from engagements.api.filters.common import BooleanFilter, ClientFilter, IdFilter
from engagements.models import Assignment, Side, Status
from engagements.models.letters import LETTERS


class AssignmentFilter(filters.FilterSet):
    client = ClientFilter(field_name="row__engagement__client")
    engagement = IdFilter(field_name="row__engagement_id")
    status = filters.MultipleChoiceFilter(
        field_name="row__engagement__status", choices=Status.choices
    )
    domain = filters.CharFilter(field_name="row__activity__domain__code", max_length=40)
    activity = filters.CharFilter(field_name="row__activity__code", max_length=80)
    in_scope = BooleanFilter(field_name="row__in_scope")
    side = filters.ChoiceFilter(field_name="role__side", choices=Side.choices)
    role = filters.CharFilter(
        field_name="role__name", lookup_expr="iexact", max_length=120, help_text="Role name."
    )
    letter = filters.ChoiceFilter(
        choices=[(letter, letter) for letter in LETTERS],
        method="filter_letter",
        help_text="Cells holding this letter (R, A, C or I).",
    )

    class Meta:
        model = Assignment
        fields = [
            "client",
            "engagement",
            "status",
            "domain",
            "activity",
            "in_scope",
            "side",
            "role",
            "letter",
        ]

    def filter_letter(self, queryset, name, value):
        return queryset.filter(letters__contains=value)
