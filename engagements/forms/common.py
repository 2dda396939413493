"""What the page forms share: labels without a colon, date and time inputs, weekday boxes,
picking one of the engagement's roles, and putting a service's refusal on a form."""

from django import forms
from django.core.exceptions import ValidationError

from engagements.models import Side
from engagements.models.engagement import WEEKDAY_NAMES

WEEKDAY_CHOICES = [(str(day), name) for day, name in WEEKDAY_NAMES.items()]
# Free text (notes, comments, descriptions, reasons): the API's limit too
# (api/serializers.py LONG_TEXT), well inside a workbook cell's 32,767 characters.
LONG_TEXT = 10_000


class PageForm(forms.Form):
    """Labels without a trailing colon: the layout already sets them apart."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    """A time on the 24-hour clock the whole app writes ("07:30", "18:00"). A text box, not
    <input type="time">: browsers show that one in the reader's locale, with AM/PM in the
    US, while every page, sheet and email says 18:00."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "inputmode": "numeric",
            "pattern": "([01][0-9]|2[0-3]):[0-5][0-9]",
            "placeholder": "HH:MM",
            "maxlength": "5",
            "size": "6",
            "title": "24-hour time, e.g. 07:30 or 18:00",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs, format="%H:%M")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form, prefixed with what it is about."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif field in ("__all__", None):
                form.add_error(None, message)
            else:
                form.add_error(None, f"{field.replace('_', ' ').capitalize()}: {message}")


def initial_from(instance, names) -> dict:
    """What a stored object holds for these fields, as a form's initial values: a related
    object by its id, so that nothing more is loaded."""
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in names}


def long_text(**kwargs) -> forms.CharField:
    """Free text typed in a small box (a note, comment, description or reason), optional
    unless said otherwise, at most LONG_TEXT characters."""
    kwargs.setdefault("required", False)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT, **kwargs)


class BusinessDaysField(forms.MultipleChoiceField):
    """Weekday checkboxes, stored as ISO weekday digits ("12345")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=WEEKDAY_CHOICES, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return list(value)
        return value

    def clean(self, value):
        days = super().clean(value)
        return "".join(sorted(days))


def role_label(role) -> str:
    return f"{role.name} ({role.person_name})" if role.person_name else role.name


class RolePickField(forms.TypedChoiceField):
    """Pick one of the engagement's roles (already loaded), grouped by side; cleans to the
    Role itself, or None for the empty choice."""

    def __init__(self, *, roles, empty_label, **kwargs):
        self.roles_by_key = {str(role.pk): role for role in roles}
        groups = []
        for side, side_label in Side.choices:
            options = [(str(r.pk), role_label(r)) for r in roles if r.side == side]
            if options:
                groups.append((side_label, options))
        super().__init__(
            choices=[("", empty_label), *groups],
            coerce=self.roles_by_key.__getitem__,
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        if hasattr(value, "pk"):
            return str(value.pk)
        return "" if value is None else str(value)
