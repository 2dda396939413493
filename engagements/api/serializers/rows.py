"""The matrix's rows: activities brought into an engagement, named by code."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.api.serializers.common import LONG_TEXT
from engagements.models import CoverageNeed, MatrixRow


class MatrixRowSerializer(strict.StrictModelSerializer):
    activity = strict.CharField(source="activity.code", read_only=True)
    name = strict.CharField(source="activity.name", read_only=True)
    description = strict.CharField(source="activity.description", read_only=True)
    domain = strict.CharField(source="activity.domain.code", read_only=True)
    custom = strict.BooleanField(source="activity.is_custom", read_only=True)
    required_coverage = strict.ChoiceField(
        choices=CoverageNeed.choices,
        read_only=True,
        help_text="coverage_need when set, else the activity's default.",
    )

    class Meta:
        model = MatrixRow
        fields = [
            "id",
            "activity",
            "name",
            "description",
            "domain",
            "custom",
            "in_scope",
            "split_note",
            "coverage_need",
            "required_coverage",
            "order",
        ]


class RowCreateSerializer(serializers.Serializer):
    """Either a catalog (or this client's custom) activity by code, or a new custom one."""

    activity = strict.CharField(
        max_length=80, required=False, help_text="Code of an activity to bring into the matrix."
    )
    domain = strict.CharField(
        max_length=40, required=False, help_text="For a new custom activity: its domain's code."
    )
    name = strict.CharField(
        max_length=200, required=False, help_text="For a new custom activity: its name."
    )
    description = strict.CharField(
        max_length=LONG_TEXT, required=False, allow_blank=True, default=""
    )
    default_coverage = strict.ChoiceField(
        choices=CoverageNeed.choices, required=False, default=CoverageNeed.BUSINESS_HOURS
    )

    def validate(self, attrs):
        if "activity" in attrs and ("domain" in attrs or "name" in attrs):
            raise serializers.ValidationError(
                "Send either activity (an existing one) or domain and name (a new custom one)."
            )
        if "activity" not in attrs and not ("domain" in attrs and "name" in attrs):
            raise serializers.ValidationError(
                "Send activity (the code of an existing activity), or domain and name to "
                "create a custom activity."
            )
        return attrs


class RowUpdateSerializer(serializers.Serializer):
    in_scope = strict.BooleanField(required=False)
    split_note = strict.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    coverage_need = strict.ChoiceField(
        choices=CoverageNeed.choices,
        required=False,
        allow_blank=True,
        help_text='Overrides the activity\'s default coverage; "" goes back to the default.',
    )
