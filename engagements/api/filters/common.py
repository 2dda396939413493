"""Filters the lists share: ids, clients by id or slug, choices that may be left empty.

A value of the wrong kind (a word where an id goes, a status that does not exist) is a 400
naming the parameter; an id too large for the database is a 400 too, never a 500.
"""

import django_filters
from django import forms
from django_filters import rest_framework as filters

from engagements.api.base import MAX_ID, parse_id


class IdFilter(django_filters.Filter):
    """A database id: a positive whole number the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ClientFilter(filters.CharFilter):
    """A client by id or by slug."""

    def __init__(self, *args, field_name="client", **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("help_text", "The client's id or slug.")
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, queryset, value):
        if value in ("", None):
            return queryset
        number = parse_id(value)
        if number is not None:
            return queryset.filter(**{f"{self.field_name}_id": number})
        return queryset.filter(**{f"{self.field_name}__slug": value})


NONE_CHOICE = ("none", "Not set")


class BlankableChoiceFilter(filters.ChoiceFilter):
    """A choice where "none" means the field was left empty."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, choices=[*choices, NONE_CHOICE], **kwargs)

    def filter(self, queryset, value):
        if value == NONE_CHOICE[0]:
            return queryset.filter(**{self.field_name: ""})
        return super().filter(queryset, value)


class TrueFalseField(forms.Field):
    """ "true" or "false" as the schema's boolean is written in a query string (also "True",
    "False", "1" and "0"); anything else is refused, not read as "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise forms.ValidationError("Must be true or false.", code="invalid") from None


class BooleanFilter(filters.BooleanFilter):
    """A yes/no filter that answers 400 for a value that is neither (django-filter's own
    ignores it and lists everything)."""

    field_class = TrueFalseField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)
