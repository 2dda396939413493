"""How stored things are named for people: a person, a field, a field's value, a label
inside a sentence. Pages, the workbook, the OSCAL plan, emails, the audit trail and the API
all ask here, so they use the same words."""

from django.db import models
from django.utils.text import capfirst


def person_name(user) -> str:
    """A person as others read them: their full name, or their username when they gave
    none; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def value_text(value) -> str:
    """A stored value in words: "" for nothing, yes or no for a flag, else its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def field_label(model: type[models.Model], name: str) -> str:
    """A field as a column header or a form names it: its verbose name, capitalised."""
    return capfirst(str(model._meta.get_field(name).verbose_name))


def choice_label(field: models.Field, value) -> str:
    """A stored value of a field with choices as its label ("msp" -> "MSP"); a value the
    choices do not know (or a field without choices) in words."""
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    return value_text(value)


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: its first letter in lower case ("Removed by
    the MSP" -> "removed by the MSP"), unless its first word is an abbreviation ("MSP",
    "API") that stays in capitals."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def counted(n: int, one: str, many: str | None = None) -> str:
    """A number with its noun in the right English form: "1 error", "2 errors", "0 notes"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
