"""The people directory and the on-call answer."""

from rest_framework import serializers

from engagements.api.serializers import strict
from engagements.models import Person, Side


class PersonSerializer(strict.StrictModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "side", "email", "phone", "active", "created_at"]


class PersonWriteSerializer(serializers.Serializer):
    name = strict.CharField(max_length=120)
    side = strict.ChoiceField(choices=Side.choices)
    email = strict.EmailField(required=False, allow_blank=True)
    phone = strict.CharField(max_length=40, required=False, allow_blank=True)
    active = strict.BooleanField(required=False)


class DutySerializer(serializers.Serializer):
    activity = strict.CharField(source="activity_code")
    activity_name = strict.CharField(source="activity")
    letters = strict.CharField()
    windows = serializers.ListField(child=strict.CharField())


class MentionSerializer(serializers.Serializer):
    engagement = strict.IntegerField(source="engagement.pk")
    engagement_title = strict.CharField(source="engagement.title")
    revision = strict.IntegerField(source="engagement.revision")
    status = strict.CharField(source="engagement.status")
    role = strict.CharField(source="role.name")
    as_absence_backup = strict.BooleanField(source="as_backup")
    duties = DutySerializer(many=True)


class ContactSerializer(serializers.Serializer):
    name = strict.CharField()
    email = strict.CharField()
    phone = strict.CharField()


class CoverSerializer(serializers.Serializer):
    role = strict.CharField(allow_null=True, help_text="null for a person named directly.")
    side = strict.ChoiceField(choices=Side.choices)
    people = ContactSerializer(many=True)


class OnCallEngagementSerializer(serializers.Serializer):
    id = strict.IntegerField()
    title = strict.CharField()
    revision = strict.IntegerField()


class OnCallActivitySerializer(serializers.Serializer):
    code = strict.CharField()
    name = strict.CharField()


class OnCallSerializer(serializers.Serializer):
    """The shape of the on-call answer, for the schema."""

    activity = OnCallActivitySerializer()
    at = serializers.DateTimeField(help_text="The moment asked about, in UTC.")
    local_time = serializers.DateTimeField(help_text="The same moment in the client's zone.")
    window = strict.CharField()
    holiday = strict.CharField(allow_null=True)
    engagement = OnCallEngagementSerializer()
    status = strict.CharField(help_text="signed_off unless no revision is signed yet.")
    covering = CoverSerializer(many=True)
    backup = CoverSerializer(many=True)
    response_target_minutes = strict.IntegerField(allow_null=True)


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

    business_hours = strict.IntegerField(required=False, allow_null=True, min_value=1)
    after_hours = strict.IntegerField(required=False, allow_null=True, min_value=1)
    weekends_holidays = strict.IntegerField(required=False, allow_null=True, min_value=1)
