"""The activity catalog and the clients a user can see."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import Activity, Client, Domain
from engagements.permissions import memberships_of


class ActivitySerializer(strict.StrictModelSerializer):
    custom = strict.BooleanField(source="is_custom", read_only=True)
    client = strict.IntegerField(
        source="client_id", read_only=True, allow_null=True, help_text="Set on a custom activity."
    )

    class Meta:
        model = Activity
        fields = ["code", "name", "description", "default_coverage", "order", "custom", "client"]


class DomainSerializer(strict.StrictModelSerializer):
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Domain
        fields = ["code", "name", "description", "order", "activities"]


ACCESS_CHOICES = [
    ("administrator", "Administrator: sees every client"),
    ("account_manager", "The MSP's account manager for this client"),
    ("client_it_manager", "One of the client's IT managers"),
]


class ClientSerializer(strict.StrictModelSerializer):
    access = serializers.SerializerMethodField(help_text="How you have access to this client.")

    class Meta:
        model = Client
        fields = [
            "id",
            "name",
            "slug",
            "industry",
            "employee_count",
            "internal_it_headcount",
            "time_zone",
            "created_at",
            "access",
        ]

    @extend_schema_field(strict.ChoiceField(choices=ACCESS_CHOICES))
    def get_access(self, client) -> str:
        user = self.context["request"].user
        kind = memberships_of(user).get(client.pk)
        if kind:
            return kind
        return "administrator"


class ClientRefSerializer(strict.StrictModelSerializer):
    class Meta:
        model = Client
        fields = ["id", "name", "slug"]
