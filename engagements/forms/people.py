"""The people and access page's forms: a person, where the client works, an invitation,
and the invitee's own form."""

from django import forms

from engagements.forms.common import PageForm
from engagements.models import MembershipKind, Side


class PersonForm(PageForm):
    name = forms.CharField(max_length=120)
    side = forms.ChoiceField(choices=Side.choices)
    email = forms.EmailField(required=False)
    phone = forms.CharField(
        max_length=40,
        required=False,
        help_text='The number the service desk dials, e.g. "+1 212 555 0100".',
    )
    active = forms.BooleanField(
        required=False,
        initial=True,
        label="Still works here",
        help_text="Untick when the person leaves: every engagement that names them says so.",
    )


class LocationForm(PageForm):
    country = forms.CharField(
        max_length=2,
        required=False,
        help_text='Two letters (ISO 3166-1), e.g. "US", "DE", "GB". Public holidays come from it.',
    )
    subdivision = forms.CharField(
        max_length=10,
        required=False,
        label="State or region",
        help_text='Optional (ISO 3166-2 without the country), e.g. "NY", "IL", "BY".',
    )


class InviteForm(PageForm):
    email = forms.EmailField()
    kind = forms.ChoiceField(
        label="As",
        choices=[
            (MembershipKind.CLIENT_IT_MANAGER, "Client IT manager (reviews and signs off)"),
            (MembershipKind.SERVICE_DESK, "Service desk (MSP, reads only)"),
        ],
    )


class AcceptForm(PageForm):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=False), strip=False)
    password_again = forms.CharField(
        label="Password again", widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


class OnCallForm(PageForm):
    activity = forms.CharField(label="Activity", required=False, max_length=200)
    at = forms.DateTimeField(
        label="At (client's local time)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text="Empty for now.",
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = activities

    def clean_activity(self) -> str:
        """An activity's code or its name (any case), or one word of a single name."""
        typed = " ".join(self.cleaned_data.get("activity", "").split())
        if not typed:
            return ""
        key = typed.casefold()
        for code, name in self.activities:
            if key in (code.casefold(), name.casefold()):
                return code
        matches = [code for code, name in self.activities if key in name.casefold()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise forms.ValidationError(
                f'"{typed}" matches {len(matches)} activities: choose one from the list.'
            )
        raise forms.ValidationError(f'No activity in scope matches "{typed}".')
