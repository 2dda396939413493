"""Review and sign-off: comments, the note that goes with a workflow step, and accepting an
error for sign-off."""

from django import forms

from engagements.forms.common import PageForm, long_text


class CommentForm(PageForm):
    body = long_text(label="Comment")


class NoteForm(PageForm):
    note = long_text()


class ApproveForm(PageForm):
    """Signing off: the client IT manager types their name and title and confirms."""

    signer_name = forms.CharField(
        max_length=120, label="Your full name", help_text="Printed on the signed exhibit."
    )
    signer_title = forms.CharField(max_length=120, label="Your job title")
    confirm = forms.BooleanField(
        label="I am authorised to sign this scope off for my company, and I agree to it.",
        error_messages={"required": "Tick the box to confirm you sign this scope off."},
    )
    note = long_text(label="Note for the record (optional)")


class AcknowledgeForm(PageForm):
    finding_key = forms.CharField(widget=forms.HiddenInput)
    reason = long_text(label="Why both sides accept this error")
