"""A role (a matrix column): added and changed on the matrix page."""

from django import forms

from engagements.forms.common import PageForm, RolePickField, initial_from
from engagements.models import Side


class RoleForm(PageForm):
    name = forms.CharField(max_length=120)
    side = forms.ChoiceField(choices=Side.choices)
    person_name = forms.CharField(
        max_length=120,
        required=False,
        label="Named people",
        help_text="One or more, separated by commas; each is found in the client's directory "
        "(or added to it). One person without a backup is a single point of failure.",
    )

    def __init__(self, *args, roles, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absence_backup"] = RolePickField(
            roles=[r for r in roles if role is None or r.pk != role.pk],
            empty_label="No backup",
            required=False,
            help_text="Who steps in on vacation or sick leave.",
        )

    @classmethod
    def initial_for(cls, role) -> dict:
        return initial_from(role, [*cls.base_fields, "absence_backup"])
