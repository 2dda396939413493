"""Filters over the tools of the engagements a user can see."""

from django_filters import rest_framework as filters

from engagements.api.filters.common import BlankableChoiceFilter, ClientFilter, IdFilter
from engagements.models import Side, Tool, ToolFate


class ToolFilter(filters.FilterSet):
    client = ClientFilter(field_name="engagement__client")
    engagement = IdFilter(field_name="engagement_id")
    owner_side = BlankableChoiceFilter(choices=Side.choices, help_text='"none": no owner set.')
    licence_holder_side = BlankableChoiceFilter(choices=Side.choices)
    exit_fate = BlankableChoiceFilter(
        choices=ToolFate.choices,
        help_text='The agreed exit terms; "none": tools with no exit terms agreed.',
    )
    category = filters.CharFilter(lookup_expr="iexact", max_length=80)

    class Meta:
        model = Tool
        fields = ["client", "engagement", "owner_side", "licence_holder_side", "exit_fate"]
