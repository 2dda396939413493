"""Filters over the review conversation."""

from django_filters import rest_framework as filters

from engagements.models import Comment


class CommentFilter(filters.FilterSet):
    activity = filters.CharFilter(
        field_name="row__activity__code", max_length=80, help_text="Comments on this activity."
    )

    class Meta:
        model = Comment
        fields = ["activity"]
