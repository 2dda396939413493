"""Serializer fields that take a JSON value only in the type the schema gives it.

DRF's own fields coerce: `{"title": 1e999999}` became the text "inf", `{"body": 0}` the text
"0", `{"in_scope": "yes"}` True and `{"order": "7"}` 7, although the schema says string,
boolean and integer. Every API serializer uses these instead (tests/api/test_strict_types.py
walks them all), so a value of the wrong type is a 400 naming the field, as the schema
promises.

A query string or a form (multipart upload, the token form) is text by nature: there the
fields parse text as DRF does. Only a JSON body is held to its types.
"""

import math

from django.http import QueryDict
from rest_framework import serializers

WRONG_TYPE = "Must be {expected}, not {given}."

JSON_TYPE_NAMES = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


class StrictTypeMixin:
    """Refuse a JSON value whose type is not one of `accepts` (bool is never an int)."""

    accepts: tuple[type, ...] = ()
    expected = ""

    def _from_json(self) -> bool:
        return not isinstance(getattr(self.root, "initial_data", None), QueryDict)

    def check_type(self, data) -> None:
        if not self._from_json():
            return
        if isinstance(data, bool) and bool not in self.accepts:
            self._wrong_type(data)
        if not isinstance(data, self.accepts):
            self._wrong_type(data)

    def _wrong_type(self, data):
        given = JSON_TYPE_NAMES.get(type(data), type(data).__name__)
        raise serializers.ValidationError(
            WRONG_TYPE.format(expected=self.expected, given=given), code="invalid"
        )

    def to_internal_value(self, data):
        self.check_type(data)
        return super().to_internal_value(data)


class CharField(StrictTypeMixin, serializers.CharField):
    accepts = (str,)
    expected = "a string"


class SlugField(StrictTypeMixin, serializers.SlugField):
    accepts = (str,)
    expected = "a string"


class EmailField(StrictTypeMixin, serializers.EmailField):
    accepts = (str,)
    expected = "a string"


class URLField(StrictTypeMixin, serializers.URLField):
    accepts = (str,)
    expected = "a string"


class RegexField(StrictTypeMixin, serializers.RegexField):
    accepts = (str,)
    expected = "a string"


class IntegerField(StrictTypeMixin, serializers.IntegerField):
    accepts = (int, float)  # JSON has one number type: 3.0 is the integer 3, 3.5 is refused
    expected = "an integer"


class BigIntegerField(StrictTypeMixin, serializers.BigIntegerField):
    accepts = (int, float)
    expected = "an integer"


class FloatField(StrictTypeMixin, serializers.FloatField):
    accepts = (int, float)
    expected = "a number"

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class DecimalField(StrictTypeMixin, serializers.DecimalField):
    accepts = (int, float)
    expected = "a number"


class BooleanField(StrictTypeMixin, serializers.BooleanField):
    accepts = (bool,)
    expected = "true or false"


class ChoiceField(StrictTypeMixin, serializers.ChoiceField):
    accepts = (str,)
    expected = "one of the choices (a string)"


class MultipleChoiceField(serializers.MultipleChoiceField):
    """A list of choices (DRF's accepts a string as a list of its characters' ...)."""

    def to_internal_value(self, data):
        if not isinstance(getattr(self.root, "initial_data", None), QueryDict):
            if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
                raise serializers.ValidationError(
                    "Must be a list of choices (strings).", code="invalid"
                )
        return super().to_internal_value(data)


# The plain DRF classes these replace, for the test that walks every API serializer.
REPLACED = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.DecimalField,
    serializers.BooleanField,
    serializers.ChoiceField,
)
STRICT = (
    CharField,
    SlugField,
    EmailField,
    URLField,
    RegexField,
    IntegerField,
    BigIntegerField,
    FloatField,
    DecimalField,
    BooleanField,
    ChoiceField,
    MultipleChoiceField,
)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields are the strict ones."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **{
            model_field: {
                serializers.CharField: CharField,
                serializers.SlugField: SlugField,
                serializers.EmailField: EmailField,
                serializers.URLField: URLField,
                serializers.IntegerField: IntegerField,
                serializers.BigIntegerField: BigIntegerField,
                serializers.FloatField: FloatField,
                serializers.DecimalField: DecimalField,
                serializers.BooleanField: BooleanField,
            }.get(field, field)
            for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
        },
    }
    serializer_choice_field = ChoiceField

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops allow_blank from a read-only field, so the schema's enum would leave out
        # the "" that a blank choice (a tool's owner side not yet decided) is served as.
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if kwargs.get("read_only") and "choices" in kwargs and allow_blank:
            kwargs["allow_blank"] = True
        return kwargs
