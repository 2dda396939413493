"""People named in the scope: the client's staff and the MSP's, with the email and phone the
service desk needs, and the invitations that give someone access to a client."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from engagements.models.audit_base import AuditedChange
from engagements.models.choices import MembershipKind, Side
from engagements.models.clients import Client
from engagements.models.text import NameKeyField, NFCCharField
from engagements.models.validators import one_line


def validate_phone(value: str) -> None:
    """A phone number a person can dial: digits with the usual separators, an optional
    leading +, and at least five digits."""
    allowed = set("0123456789+-(). /x")
    if value and (any(ch not in allowed for ch in value) or sum(ch.isdigit() for ch in value) < 5):
        raise ValidationError(
            'Enter a phone number of digits, spaces and "+-()./x", e.g. "+1 212 555 0100".'
        )


class Person(models.Model):
    """Someone named in a client's scope: one of its own staff, or someone at the MSP or a
    vendor who works for it. People leave rather than disappear: a person named in a signed
    revision is marked inactive, never deleted."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="people")
    name = NFCCharField(max_length=120, validators=[one_line])
    name_key = NameKeyField(source="name")
    side = NFCCharField(max_length=10, choices=Side.choices)
    email = models.EmailField(blank=True)
    phone = NFCCharField(max_length=40, blank=True, validators=[one_line, validate_phone])
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["client", "name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "name_key"], name="person_unique_name_per_client"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="person_side_valid"),
        ]

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """An email inviting someone to a client: a single-use link, valid for a week, where
    they set a password. Pending until accepted, revoked or expired."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    kind = NFCCharField(max_length=20, choices=MembershipKind.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Each (re)send gets a new nonce: the link of an earlier email stops working.
    sent_at = models.DateTimeField()
    nonce = NFCCharField(max_length=32)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["client", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                "client",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[MembershipKind.CLIENT_IT_MANAGER, MembershipKind.SERVICE_DESK]
                ),
                name="invitation_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.email} to {self.client} ({self.get_kind_display()})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
