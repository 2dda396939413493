"""A tool: who owns it, holds its licence and administers it, and its fate at the end."""

from django import forms

from engagements.forms.common import PageForm, RolePickField, initial_from, long_text
from engagements.models import Side, ToolFate


class ToolForm(PageForm):
    name = forms.CharField(max_length=120)
    category = forms.CharField(max_length=80, required=False)
    owner_side = forms.ChoiceField(
        choices=[("", "Not agreed yet")] + list(Side.choices), required=False, label="Owned by"
    )
    licence_holder_side = forms.ChoiceField(
        choices=[("", "Not agreed yet")] + list(Side.choices),
        required=False,
        label="Licence held by",
    )
    exit_fate = forms.ChoiceField(
        choices=[("", "Not agreed yet")] + list(ToolFate.choices),
        required=False,
        label="When the engagement ends",
    )
    notes = long_text()

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administered_by"] = RolePickField(
            roles=roles, required=False, empty_label="Nobody yet", label="Administered by"
        )
        # Keep the notes last, after the role picker added above.
        self.fields["notes"] = self.fields.pop("notes")

    @classmethod
    def initial_for(cls, tool) -> dict:
        return initial_from(tool, [*cls.base_fields, "administered_by"])
