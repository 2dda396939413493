"""Fields and bases the resources' serializers share."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.api.base import parse_id

# The longest free text a body may carry (notes, descriptions, comments).
LONG_TEXT = 10_000


# A time of day as the API takes it: the schema states this pattern and the field holds to
# it (Python would also read "08", "0800" or "08:00+01:00").
TIME_OF_DAY = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


@extend_schema_field({"type": "string", "pattern": TIME_OF_DAY, "example": "08:00"})
class HourMinuteField(serializers.TimeField):
    """A time of day: "08:00" out, "08:00" or "08:00:00" in (no time zone: business hours are
    in the client's own time zone)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(TIME_OF_DAY, value):
            self.fail("invalid", format='"08:00" or "08:00:00"')
        return super().to_internal_value(value)


class SafeIdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object by id; a number too large, a boolean or a float is a 400, not a 500."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        number = parse_id(data)
        if number is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class ScopedWriteSerializer(serializers.Serializer):
    # A write serializer whose related fields choose only among what the user may see: the
    # view passes `scopes={field name: queryset}`. Without scopes (the schema generator) the
    # fields keep their empty querysets and describe the shape only. (A comment: the schema
    # would take a docstring as the description of every serializer built on this one.)

    def __init__(self, *args, scopes: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (scopes or {}).items():
            field = self.fields[name]
            getattr(field, "child_relation", field).queryset = queryset
