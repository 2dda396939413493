"""The upload form for an edited workbook."""

from django import forms

from engagements.forms.common import PageForm


class VerifyForm(PageForm):
    workbook = forms.FileField(
        label="A copy of the exhibit (.xlsx)",
        help_text="The workbook as it was attached to the contract or sent to you, at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ImportForm(PageForm):
    workbook = forms.FileField(
        label="Edited workbook (.xlsx)",
        help_text="A workbook downloaded from this engagement, at most 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    from_other = forms.BooleanField(
        required=False,
        label="It comes from another engagement: copy its matrix into this one on purpose",
    )
