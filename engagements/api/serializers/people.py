"""The people directory and the on-call answer."""

from rest_framework import serializers

from engagements.models import Person, Side


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "side", "email", "phone", "active", "created_at"]


class PersonWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    side = serializers.ChoiceField(choices=Side.choices)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class DutySerializer(serializers.Serializer):
    activity = serializers.CharField(source="activity_code")
    activity_name = serializers.CharField(source="activity")
    letters = serializers.CharField()
    windows = serializers.ListField(child=serializers.CharField())


class MentionSerializer(serializers.Serializer):
    engagement = serializers.IntegerField(source="engagement.pk")
    engagement_title = serializers.CharField(source="engagement.title")
    revision = serializers.IntegerField(source="engagement.revision")
    status = serializers.CharField(source="engagement.status")
    role = serializers.CharField(source="role.name")
    as_absence_backup = serializers.BooleanField(source="as_backup")
    duties = DutySerializer(many=True)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class CoverSerializer(serializers.Serializer):
    role = serializers.CharField(allow_null=True, help_text="null for a person named directly.")
    side = serializers.ChoiceField(choices=Side.choices)
    people = ContactSerializer(many=True)


class OnCallEngagementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    revision = serializers.IntegerField()


class OnCallActivitySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class OnCallSerializer(serializers.Serializer):
    """The shape of the on-call answer, for the schema."""

    activity = OnCallActivitySerializer()
    at = serializers.DateTimeField(help_text="The moment asked about, in UTC.")
    local_time = serializers.DateTimeField(help_text="The same moment in the client's zone.")
    window = serializers.CharField()
    holiday = serializers.CharField(allow_null=True)
    engagement = OnCallEngagementSerializer()
    status = serializers.CharField(help_text="signed_off unless no revision is signed yet.")
    covering = CoverSerializer(many=True)
    backup = CoverSerializer(many=True)
    response_target_minutes = serializers.IntegerField(allow_null=True)


def cover_document(cover) -> dict:
    return {
        "role": cover.role.name if cover.role is not None else None,
        "side": cover.side,
        "people": [
            {"name": person.name, "email": person.email, "phone": person.phone}
            for person in cover.people
        ],
    }


def on_call_document(answer) -> dict:
    """The on-call answer as JSON: who covers, who backs them up, how fast."""
    engagement = answer.row.engagement
    return {
        "activity": {"code": answer.row.activity.code, "name": answer.row.activity.name},
        "at": answer.moment.at.isoformat().replace("+00:00", "Z"),
        "local_time": answer.moment.local.isoformat(),
        "window": answer.moment.window,
        "holiday": answer.moment.holiday,
        "engagement": {
            "id": engagement.pk,
            "title": engagement.title,
            "revision": engagement.revision,
        },
        "status": engagement.status,
        "covering": [cover_document(c) for c in answer.covering],
        "backup": [cover_document(c) for c in answer.backup],
        "response_target_minutes": answer.response_target_minutes,
    }


class ResponseTargetsSerializer(serializers.Serializer):
    """Minutes per window; absent or null: no target in that window."""

    business_hours = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    after_hours = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    weekends_holidays = serializers.IntegerField(required=False, allow_null=True, min_value=1)
