"""The audit trail's filters."""

from django import forms

from engagements.models import Door
from engagements.selectors.audit import KINDS


class AuditFilterForm(forms.Form):
    door = forms.ChoiceField(
        choices=[("", "Any door"), *Door.choices], required=False, label="Door"
    )
    kind = forms.ChoiceField(
        choices=[("", "Anything"), *KINDS.items()], required=False, label="What changed"
    )
