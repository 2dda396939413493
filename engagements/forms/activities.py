"""Activities on the matrix page: a custom one for this client, or one from the catalog
that is not in the matrix yet."""

from django import forms

from engagements.forms.common import PageForm, long_text
from engagements.models import CoverageNeed, Domain


class CustomActivityForm(PageForm):
    domain = forms.ModelChoiceField(queryset=Domain.objects.all(), empty_label="Choose a domain")
    name = forms.CharField(max_length=200, label="Activity")
    description = long_text()
    default_coverage = forms.ChoiceField(
        choices=CoverageNeed.choices, label="Coverage needed", initial=CoverageNeed.BUSINESS_HOURS
    )


class RowAddForm(PageForm):
    """Pick one of the activities not in the matrix yet (already loaded, so the page reads
    them once); cleans to the Activity itself."""

    activity = forms.TypedChoiceField(
        empty_value=None,
        error_messages={
            "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
        },
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        by_key = {str(activity.pk): activity for activity in activities}
        field = self.fields["activity"]
        field.choices = [("", "Choose an activity"), *((k, str(a)) for k, a in by_key.items())]
        field.coerce = by_key.__getitem__
        self.offers_activities = bool(by_key)
