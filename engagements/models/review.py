"""The review conversation around a revision: comments, acknowledged findings, transitions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from engagements.models.audit_base import AuditedChange
from engagements.models.choices import Door, Status, Transition
from engagements.models.engagement import Engagement, MatrixRow
from engagements.models.text import NFCCharField, NFCTextField


class Comment(models.Model):
    """A message in the thread about one activity (or the engagement as a whole)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="comments")
    row = models.ForeignKey(
        MatrixRow, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="raci_comments"
    )
    body = NFCTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class FindingAcknowledgement(models.Model):
    """An error finding the parties agree to sign off with, and why. Kept with the revision
    so the contract shows which known gaps were accepted."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    finding_key = NFCCharField(max_length=200)
    reason = NFCTextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["engagement", "finding_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "finding_key"], name="acknowledgement_unique_finding"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="acknowledgement_has_reason"),
        ]

    def __str__(self):
        return f"{self.finding_key} acknowledged: {self.reason[:40]}"


class WorkflowEvent(models.Model):
    """One step of the review workflow: who moved the revision from which status to which."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="workflow_events"
    )
    transition = NFCCharField(max_length=20, choices=Transition.choices)
    from_status = NFCCharField(max_length=20, choices=Status.choices, blank=True)
    to_status = NFCCharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = NFCTextField(blank=True)
    door = NFCCharField(max_length=16, choices=Door.choices, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_transition_display()} by {self.by}"
