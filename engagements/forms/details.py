"""The engagement's own terms, edited on the matrix page."""

from django import forms

from engagements.forms.common import (
    BusinessDaysField,
    DateInput,
    PageForm,
    TimeInput,
    initial_from,
)
from engagements.models import ControlLevel, CostStructure


class EngagementDetailsForm(PageForm):
    """What an account manager may change about a draft besides its matrix."""

    title = forms.CharField(max_length=200)
    business_days = BusinessDaysField(
        help_text="The days the client's business hours apply to.",
    )
    business_start = forms.TimeField(widget=TimeInput, label="Business hours start")
    business_end = forms.TimeField(widget=TimeInput, label="Business hours end")
    effective_from = forms.DateField(widget=DateInput, required=False)
    effective_to = forms.DateField(widget=DateInput, required=False)
    cost_structure = forms.ChoiceField(choices=CostStructure.choices)
    control_level = forms.ChoiceField(choices=ControlLevel.choices)
    agreement_reference = forms.CharField(
        max_length=120,
        required=False,
        help_text="The MSA or SOW number this scope is attached to; printed on the exhibit.",
    )
    exhibit_label = forms.CharField(
        max_length=120,
        required=False,
        help_text='How the agreement names this attachment, e.g. "Exhibit B".',
    )

    @classmethod
    def initial_for(cls, engagement) -> dict:
        return initial_from(engagement, cls.base_fields)
