"""The matrix's columns: roles, named by name inside an engagement."""

from rest_framework import serializers

from engagements.models import Role, Side


class RoleSerializer(serializers.ModelSerializer):
    absence_backup = serializers.CharField(
        source="absence_backup.name",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Name of the role that steps in when this one is away.",
    )

    class Meta:
        model = Role
        fields = ["id", "name", "side", "person_name", "absence_backup", "order"]


class RoleWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    side = serializers.ChoiceField(choices=Side.choices)
    person_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    absence_backup = serializers.CharField(
        max_length=120,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Name of another role of this engagement; null or empty for none.",
    )
    order = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
