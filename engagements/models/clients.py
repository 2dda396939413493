"""Clients, who may see them, and the model assessment kept with each client."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from engagements.models.audit_base import AuditedChange
from engagements.models.choices import ITTeam, MembershipKind
from engagements.models.validators import one_line


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f'"{value}" is not a known time zone (e.g. "Europe/London").')


def validate_country(value: str) -> None:
    if value and not (len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValidationError(f'"{value}" is not a two-letter country code (e.g. "DE", "US").')


class Client(models.Model):
    """A company the MSP serves."""

    name = models.CharField(max_length=200, unique=True, validators=[one_line])
    slug = models.SlugField(max_length=80, unique=True)
    industry = models.CharField(max_length=120, blank=True)
    employee_count = models.PositiveIntegerField(default=0)
    internal_it_headcount = models.PositiveIntegerField(default=0)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    legal_name = models.CharField(
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text="The company's name as it signs contracts; its display name when blank.",
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="ISO 3166 two-letter code (e.g. DE, US): sets the exhibit's paper size.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def contract_name(self) -> str:
        """The name the client signs with."""
        return self.legal_name or self.name


class MspOrganisation(models.Model):
    """The MSP itself, as it is named in contracts: one record, edited by an admin."""

    legal_name = models.CharField(max_length=200, validators=[one_line])
    address = models.TextField(blank=True, help_text="Registered address, as on the MSA.")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        verbose_name = "MSP organisation"
        constraints = [
            # One record: the MSP running this installation.
            models.CheckConstraint(condition=Q(id=1), name="msp_organisation_single"),
        ]

    def __str__(self):
        return self.legal_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class Membership(models.Model):
    """Links a user to a client: the MSP's account manager for it, or one of its own IT
    managers. Every read in the product is scoped through these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships")
    kind = models.CharField(max_length=20, choices=MembershipKind.choices)

    class Meta:
        ordering = ["client__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client"], name="membership_unique_user_client"
            ),
            # A client IT manager works for one company: they can never see a second one.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(kind=MembershipKind.CLIENT_IT_MANAGER),
                name="membership_client_it_manager_one_client",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} of {self.client}"


class Assessment(models.Model):
    """The client's answers to the model questionnaire (the article's scenario checklist)."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="assessment")
    it_team = models.CharField(max_length=24, choices=ITTeam.choices)
    wants_full_control = models.BooleanField(default=False)
    wants_hands_off_cost = models.BooleanField(default=False)
    needs_security_skills = models.BooleanField(default=False)
    # Signals of having outgrown the current model (the article's last FAQ).
    recurring_backlogs = models.BooleanField(default=False)
    preventable_incidents = models.BooleanField(default=False)
    always_reactive = models.BooleanField(default=False)
    staff_turnover = models.BooleanField(default=False)
    stalled_projects = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(bases=[AuditedChange])

    def __str__(self):
        return f"Assessment of {self.client}"
