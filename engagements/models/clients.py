"""Clients, who may see them, and the model assessment kept with each client."""

import zoneinfo

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from engagements.models.audit_base import AuditedChange
from engagements.models.choices import ITTeam, MembershipKind
from engagements.models.text import NameKeyField, NFCCharField, NFCTextField
from engagements.models.validators import one_line


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f'"{value}" is not a known time zone (e.g. "Europe/London").')


def validate_country(value: str) -> None:
    """An ISO 3166-1 alpha-2 code the public-holiday calendar knows ("US", "DE")."""
    if value and value not in holidays.list_supported_countries():
        raise ValidationError(
            f'"{value}" is not a country code with a public-holiday calendar '
            '(use ISO 3166-1 alpha-2, e.g. "US", "DE", "GB").'
        )


class Client(models.Model):
    """A company the MSP serves."""

    name = NFCCharField(max_length=200, unique=True, validators=[one_line])
    name_key = NameKeyField(source="name")
    slug = models.SlugField(max_length=80, unique=True)
    industry = NFCCharField(max_length=120, blank=True)
    employee_count = models.PositiveIntegerField(default=0)
    internal_it_headcount = models.PositiveIntegerField(default=0)
    time_zone = NFCCharField(max_length=64, default="UTC", validators=[validate_time_zone])
    legal_name = NFCCharField(
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text="The company's name as it signs contracts; its display name when blank.",
    )
    # Where the client works, for its public holidays: ISO 3166-1 alpha-2 and, optionally,
    # the ISO 3166-2 subdivision without the country prefix ("US" + "NY", "DE" + "BY").
    country = NFCCharField(max_length=2, blank=True, validators=[validate_country])
    subdivision = NFCCharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="client_unique_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.subdivision and not self.country:
            raise ValidationError({"subdivision": "Choose the country first."})
        if self.country and self.subdivision:
            known = holidays.list_supported_countries().get(self.country, [])
            if self.subdivision not in known:
                raise ValidationError(
                    {
                        "subdivision": f'"{self.subdivision}" is not a subdivision of '
                        f"{self.country} the holiday calendar knows "
                        f"({', '.join(k for k in known if len(k) <= 3)})."
                    }
                )

    @property
    def contract_name(self) -> str:
        """The name the client signs with."""
        return self.legal_name or self.name


class MspOrganisation(models.Model):
    """The MSP itself, as it is named in contracts: one record, edited by an admin."""

    legal_name = NFCCharField(max_length=200, validators=[one_line])
    address = NFCTextField(blank=True, help_text="Registered address, as on the MSA.")
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
    kind = NFCCharField(max_length=20, choices=MembershipKind.choices)

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
    it_team = NFCCharField(max_length=24, choices=ITTeam.choices)
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
