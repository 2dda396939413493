"""The flat list of cells across the engagements a user can see."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import Assignment
from engagements.models.letters import display_letters


class AssignmentSerializer(strict.StrictModelSerializer):
    engagement = strict.IntegerField(source="row.engagement_id", read_only=True)
    client = strict.CharField(source="row.engagement.client.slug", read_only=True)
    status = strict.CharField(source="row.engagement.status", read_only=True)
    domain = strict.CharField(source="row.activity.domain.code", read_only=True)
    activity = strict.CharField(source="row.activity.code", read_only=True)
    activity_name = strict.CharField(source="row.activity.name", read_only=True)
    in_scope = strict.BooleanField(source="row.in_scope", read_only=True)
    role = strict.CharField(source="role.name", read_only=True)
    side = strict.CharField(source="role.side", read_only=True)
    letters = serializers.SerializerMethodField(help_text='Shown with slashes: "A/R".')

    class Meta:
        model = Assignment
        fields = [
            "id",
            "engagement",
            "client",
            "status",
            "domain",
            "activity",
            "activity_name",
            "in_scope",
            "role",
            "role_id",
            "side",
            "letters",
        ]

    def get_letters(self, assignment) -> str:
        return display_letters(assignment.letters)
