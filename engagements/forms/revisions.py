"""Comparing two revisions of an engagement."""

from django import forms
from django.core.exceptions import ValidationError

from engagements.forms.common import PageForm


class DiffForm(PageForm):
    """Pick two revisions of the same engagement to compare, by revision number."""

    old = forms.TypedChoiceField(coerce=int, label="From revision")
    new = forms.TypedChoiceField(coerce=int, label="To revision")

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(e.revision), f"Revision {e.revision} ({e.get_status_display().lower()})")
            for e in revisions
        ]
        for name in ("old", "new"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("new") and data["old"] == data["new"]:
            raise ValidationError("Choose two different revisions.")
        return data
