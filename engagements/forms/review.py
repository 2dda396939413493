"""Review and sign-off: comments, the note that goes with a workflow step, and accepting an
error for sign-off."""

from django import forms

from engagements.forms.common import LONG_TEXT, PageForm


class CommentForm(PageForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        label="Comment",
        required=False,
    )


class NoteForm(PageForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=LONG_TEXT, required=False
    )


class AcknowledgeForm(PageForm):
    finding_key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LONG_TEXT,
        required=False,
        label="Why both sides accept this error",
    )
