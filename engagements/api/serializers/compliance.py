"""Compliance: the catalogs, and an engagement's customer responsibility matrix."""

from rest_framework import serializers

from engagements.analysis.controls import can_be_inherited, origination_label
from engagements.api.serializers import strict
from engagements.api.serializers.common import LONG_TEXT, ScopedWriteSerializer
from engagements.models import (
    Control,
    ControlResponsibility,
    Framework,
    MatrixRow,
    Origination,
    Role,
)


class FrameworkSerializer(strict.StrictModelSerializer):
    controls = strict.IntegerField(
        source="selectable_count", read_only=True, help_text="Controls an engagement can select."
    )

    class Meta:
        model = Framework
        fields = ["code", "name", "version", "source", "description", "controls"]


class ControlSerializer(strict.StrictModelSerializer):
    framework = strict.CharField(source="framework.code", read_only=True)
    parent = strict.CharField(source="parent.control_id", read_only=True, default="")

    class Meta:
        model = Control
        fields = [
            "framework",
            "control_id",
            "oscal_id",
            "title",
            "kind",
            "parent",
            "requirement",
            "statement",
            "selectable",
        ]


class ImplementingRowSerializer(strict.StrictModelSerializer):
    activity = strict.CharField(source="activity.code")
    name = strict.CharField(source="activity.name")

    class Meta:
        model = MatrixRow
        fields = ["id", "activity", "name", "in_scope"]


class ResponsibilitySerializer(strict.StrictModelSerializer):
    """One line of the customer responsibility matrix."""

    framework = strict.CharField(source="control.framework.code")
    control_id = strict.CharField(source="control.control_id")
    title = strict.CharField(source="control.title")
    kind = strict.CharField(source="control.kind")
    requirement = strict.CharField(source="control.requirement")
    origination_label = serializers.SerializerMethodField()
    can_be_inherited = serializers.SerializerMethodField(
        help_text='"Yes", "Partial", "No", or "" while undecided.'
    )
    responsible_role_name = strict.CharField(
        source="responsible_role.name", default="", read_only=True
    )
    implementing_rows = ImplementingRowSerializer(many=True)

    class Meta:
        model = ControlResponsibility
        fields = [
            "id",
            "framework",
            "control_id",
            "title",
            "kind",
            "requirement",
            "origination",
            "origination_label",
            "can_be_inherited",
            "responsible_role",
            "responsible_role_name",
            "vendor_name",
            "split_description",
            "msp_responsibility",
            "customer_responsibility",
            "implementing_rows",
        ]

    def get_origination_label(self, obj) -> str:
        return origination_label(obj)

    def get_can_be_inherited(self, obj) -> str:
        return can_be_inherited(obj.origination)


class ResponsibilityUpdateSerializer(ScopedWriteSerializer):
    """What a PATCH may change; the service decides what the combination means."""

    # The view scopes responsible_role and implementing_rows to the engagement's own.
    origination = strict.ChoiceField(
        choices=[("", "Not decided"), *Origination.choices], required=False, allow_blank=True
    )
    responsible_role = serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True
    )
    vendor_name = strict.CharField(required=False, allow_blank=True, max_length=200)
    split_description = strict.CharField(required=False, allow_blank=True, max_length=LONG_TEXT)
    msp_responsibility = strict.CharField(required=False, allow_blank=True, max_length=LONG_TEXT)
    customer_responsibility = strict.CharField(
        required=False, allow_blank=True, max_length=LONG_TEXT
    )
    implementing_rows = serializers.PrimaryKeyRelatedField(
        queryset=MatrixRow.objects.none(), many=True, required=False
    )


class SelectSerializer(serializers.Serializer):
    framework = serializers.SlugRelatedField(
        slug_field="code", queryset=Framework.objects.all(), help_text="Framework code."
    )
    controls = serializers.ListField(
        child=strict.CharField(),
        required=False,
        allow_empty=False,
        min_length=1,
        help_text="Control ids of that framework; leave out to select all of its controls.",
    )

    def validate(self, attrs):
        ids = list(dict.fromkeys(attrs.get("controls") or ()))
        found = {
            c.control_id: c
            for c in Control.objects.filter(framework=attrs["framework"], control_id__in=ids)
        }
        missing = [cid for cid in ids if cid not in found]
        if missing:
            raise serializers.ValidationError(
                {"controls": f"Not in {attrs['framework'].name}: {', '.join(missing)}."}
            )
        attrs["controls"] = [found[cid] for cid in ids]
        return attrs
