"""The home page's filters and the form that starts a new engagement."""

import django_filters
from django import forms

from engagements import selectors
from engagements.forms.common import BusinessDaysField, DateInput, PageForm, TimeInput
from engagements.models import ServiceModel, Status

CURRENT_STATUSES = [(value, label) for value, label in Status.choices if value != Status.SUPERSEDED]


def _visible_clients(request):
    if request is None:
        return selectors.client_list(user=None).none()
    return selectors.client_list(user=request.user)


HAS_ERRORS_CHOICES = [("true", "With errors to fix"), ("false", "Without errors")]


class PortfolioFilter(django_filters.FilterSet):
    """Filters on the home page; every choice is limited to what the user may see.

    A portfolio can hold thousands of clients, so clients are found by a part of their name
    (`q`), not chosen from a list; `client` (one client, by id) stays for links that name
    one, as a hidden field."""

    q = django_filters.CharFilter(
        field_name="client__name", lookup_expr="icontains", label="Client name"
    )
    client = django_filters.ModelChoiceFilter(
        queryset=_visible_clients, label="Client", widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(
        choices=CURRENT_STATUSES, empty_label="Any status", label="Status"
    )
    service_model = django_filters.ChoiceFilter(
        choices=ServiceModel.choices, empty_label="Any model", label="Model"
    )
    has_errors = django_filters.ChoiceFilter(
        choices=HAS_ERRORS_CHOICES,
        empty_label="Errors or not",
        label="Errors",
        method="filter_has_errors",
    )

    def filter_has_errors(self, queryset, name, value):
        return selectors.engagements_with_errors(queryset, value == "true")

    @property
    def narrowed(self) -> bool:
        """Whether engagements are filtered by more than their client: then only the
        clients with an engagement left are listed."""
        chosen = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return any(chosen.get(name) for name in ("status", "service_model", "has_errors"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Someone who sees one company (a client's IT manager) has nothing to choose between.
        if _visible_clients(request)[:2].count() < 2:
            del self.filters["client"]
            del self.filters["q"]


class EngagementCreateForm(PageForm):
    client = forms.ModelChoiceField(queryset=None, empty_label="Choose a client")
    title = forms.CharField(
        max_length=200, help_text='What the agreement is called, e.g. "Managed IT services".'
    )
    service_model = forms.ChoiceField(
        choices=ServiceModel.choices,
        widget=forms.RadioSelect,
        initial=ServiceModel.CO_MANAGED,
        help_text="Fully managed: the MSP is the whole IT department. Co-managed: the MSP "
        "supplements the client's own IT team.",
    )
    template = forms.ChoiceField(
        choices=ServiceModel.choices,
        widget=forms.RadioSelect,
        initial=ServiceModel.CO_MANAGED,
        label="Start from the template",
        help_text="The roles, letters, coverage and tools the matrix starts with. Usually the "
        "same as the model.",
    )
    business_days = BusinessDaysField(initial=list("12345"))
    business_start = forms.TimeField(
        widget=TimeInput, initial="08:00", label="Business hours start"
    )
    business_end = forms.TimeField(widget=TimeInput, initial="17:00", label="Business hours end")
    effective_from = forms.DateField(widget=DateInput, required=False)
    effective_to = forms.DateField(widget=DateInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = selectors.managed_client_list(user=user)
