"""Review and sign-off: comments, the note that goes with a workflow step, and accepting an
error for sign-off."""

from django import forms

from engagements.forms.common import PageForm, long_text


class CommentForm(PageForm):
    body = long_text(label="Comment")


class NoteForm(PageForm):
    note = long_text()


class AcknowledgeForm(PageForm):
    finding_key = forms.CharField(widget=forms.HiddenInput)
    reason = long_text(label="Why both sides accept this error")
