"""Filters over a catalog's controls and an engagement's control responsibilities."""

from django_filters import rest_framework as filters

from engagements.api.filters.common import BooleanFilter, IdFilter
from engagements.models import Control, ControlKind, ControlResponsibility, Origination
from engagements.models.choices import UNDECIDED, UNDECIDED_LABEL

# The origination filter's word for controls nobody has decided on yet (stored as "").


class ControlFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ControlKind.choices)
    selectable = BooleanFilter()

    class Meta:
        model = Control
        fields = ["kind", "selectable"]


class ResponsibilityFilter(filters.FilterSet):
    framework = filters.CharFilter(field_name="control__framework__code", help_text="Code.")
    origination = filters.ChoiceFilter(
        choices=[*Origination.choices, (UNDECIDED, UNDECIDED_LABEL)], method="by_origination"
    )
    role = IdFilter(field_name="responsible_role_id", help_text="Role id.")
    control = filters.CharFilter(field_name="control__control_id", lookup_expr="iexact")

    class Meta:
        model = ControlResponsibility
        fields = ["framework", "origination", "role", "control"]

    def by_origination(self, queryset, name, value):
        return queryset.filter(origination="" if value == UNDECIDED else value)
