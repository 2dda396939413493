"""An engagement revision and its matrix: roles (columns), rows, cells, coverage, tools."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from engagements.models.audit_base import AuditedChange
from engagements.models.catalog import Activity
from engagements.models.choices import (
    FROZEN_STATUSES,
    TIME_WINDOWS,
    ControlLevel,
    CostStructure,
    CoverageNeed,
    ServiceModel,
    Side,
    Status,
    ToolFate,
    Window,
)
from engagements.models.clients import Client
from engagements.models.letters import VALID_LETTER_SETS, display_letters
from engagements.models.text import NameKeyField, NFCCharField, NFCTextField
from engagements.models.validators import one_line

WEEKDAY_NAMES = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}


def validate_business_days(value: str) -> None:
    """Business days are ISO weekday digits, Monday=1 ... Sunday=7, each at most once."""
    if not value or any(ch not in "1234567" for ch in value) or len(set(value)) != len(value):
        raise ValidationError(
            "Business days must be weekday numbers 1 (Monday) to 7 (Sunday), each once, "
            'for example "12345".'
        )


class Engagement(models.Model):
    """One revision of the scope agreed with a client. Revisions of the same engagement
    share client and slug; only the newest may be anything but superseded."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="engagements")
    title = NFCCharField(max_length=200, validators=[one_line])
    slug = models.SlugField(max_length=80)
    service_model = NFCCharField(max_length=20, choices=ServiceModel.choices)
    status = NFCCharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    previous_revision = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_revision"
    )
    business_days = NFCCharField(max_length=7, default="12345", validators=[validate_business_days])
    business_start = models.TimeField("business hours start", default=datetime.time(8, 0))
    business_end = models.TimeField("business hours end", default=datetime.time(17, 0))
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_engagements"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_engagements",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # The signature as typed by the client IT manager who approved, kept as typed.
    signer_name = NFCCharField(max_length=120, blank=True, validators=[one_line])
    signer_title = NFCCharField(max_length=120, blank=True, validators=[one_line])
    # The contract this revision is an exhibit to.
    agreement_reference = NFCCharField(
        "agreement reference",
        max_length=120,
        blank=True,
        validators=[one_line],
        help_text="The MSA or SOW number this scope is attached to.",
    )
    exhibit_label = NFCCharField(
        max_length=120,
        blank=True,
        validators=[one_line],
        help_text='How the agreement names this attachment, e.g. "Exhibit B".',
    )
    # The parties as they stood when the revision was signed, so a later change to the MSP's
    # or the client's legal name never alters what was signed.
    msp_legal_name = NFCCharField(max_length=200, blank=True)
    msp_address = NFCTextField(blank=True)
    client_legal_name = NFCCharField(max_length=200, blank=True)
    # SHA-256 of the agreed content (exports.fingerprint), frozen at sign-off.
    fingerprint = NFCCharField(max_length=64, blank=True)
    cost_structure = NFCCharField(
        max_length=20, choices=CostStructure.choices, default=CostStructure.VARIABLE
    )
    control_level = NFCCharField(
        max_length=20, choices=ControlLevel.choices, default=ControlLevel.HIGH
    )
    # Bumped on every change to the matrix: the ETag of the matrix document.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(bases=[AuditedChange], excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["client__name", "slug", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "slug", "revision"], name="engagement_unique_revision"
            ),
            models.UniqueConstraint(
                fields=["client", "slug"],
                condition=~Q(status=Status.SUPERSEDED),
                name="engagement_one_current_revision",
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1), name="engagement_revision_positive"
            ),
            models.CheckConstraint(
                condition=Q(business_end__gt=F("business_start")),
                name="engagement_business_hours_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True)
                | Q(effective_to__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="engagement_effective_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=FROZEN_STATUSES)
                | Q(signed_off_at__isnull=False, signed_off_by__isnull=False),
                name="engagement_signed_off_has_signer",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="engagement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(service_model__in=ServiceModel.values),
                name="engagement_service_model_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="engagement_status_idx"),
            models.Index(fields=["fingerprint"], name="engagement_fingerprint_idx"),
        ]

    def __str__(self):
        return f"{self.client} — {self.title} (r{self.revision})"

    def clean(self):
        errors = {}
        if self.business_start and self.business_end and self.business_end <= self.business_start:
            errors["business_end"] = "Business hours must end after they start."
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = "The engagement cannot end before it starts."
        if errors:
            raise ValidationError(errors)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def etag(self) -> str:
        """The matrix's entity tag: its version, and its status once it is no longer a draft
        (a revision in review or signed off shows the same cells under another status)."""
        if self.status == Status.DRAFT:
            return f'"{self.pk}-{self.version}"'
        return f'"{self.pk}-{self.version}-{self.status}"'

    @property
    def time_zone(self) -> str:
        return self.client.time_zone

    def business_hours_label(self) -> str:
        days = sorted(int(d) for d in self.business_days)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
            day_text = f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}"
        else:
            day_text = ", ".join(WEEKDAY_NAMES[d] for d in days)
        return f"{day_text} {self.business_start:%H:%M}–{self.business_end:%H:%M}"


class Role(models.Model):
    """A column of the matrix: a team or person on one side of the engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="roles")
    name = NFCCharField(max_length=120, validators=[one_line])
    name_key = NameKeyField(source="name")
    side = NFCCharField(max_length=10, choices=Side.choices)
    person_name = NFCCharField(
        "named person",
        max_length=120,
        blank=True,
        validators=[one_line],
        help_text="Set when this role is one named person.",
    )
    absence_backup = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="backs_up",
        help_text="The role that steps in when this one is on vacation or sick leave.",
    )
    # The people who hold the role, from the client's directory. person_name keeps the
    # names as this revision wrote them (a signed revision's text never changes); the
    # services write both together.
    people = models.ManyToManyField(
        "engagements.Person", blank=True, related_name="roles", verbose_name="people"
    )
    absence_backup_person = models.ForeignKey(
        "engagements.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backs_up_roles",
        verbose_name="absence backup (person)",
        help_text="A person who steps in when this role is away, instead of a role.",
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["engagement", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "name_key"], name="role_unique_name_per_engagement"
            ),
            models.CheckConstraint(
                condition=~Q(absence_backup=F("id")), name="role_not_own_backup"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="role_side_valid"),
        ]

    def __str__(self):
        return self.name


class MatrixRow(models.Model):
    """An activity as it stands in one engagement: in scope or not, how a shared duty is
    split, and the coverage it needs when it differs from the catalog's default."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="rows")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="rows")
    in_scope = models.BooleanField(default=True)
    split_note = NFCTextField(
        "how the work is split",
        blank=True,
        help_text="How the work is split when both sides are Responsible.",
    )
    coverage_need = NFCCharField(
        "coverage needed",
        max_length=20,
        choices=CoverageNeed.choices,
        blank=True,
        help_text="Overrides the activity's default coverage when set.",
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["engagement", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "activity"], name="row_unique_activity_per_engagement"
            ),
            models.CheckConstraint(
                condition=Q(coverage_need="") | Q(coverage_need__in=CoverageNeed.values),
                name="row_coverage_need_valid",
            ),
        ]

    def __str__(self):
        return f"{self.activity} in {self.engagement}"

    @property
    def required_coverage(self) -> str:
        return self.coverage_need or self.activity.default_coverage


class ResponseTarget(models.Model):
    """How fast someone must respond to the activity in one window of the week, in
    minutes: the SLA table of the contract ("15 min 24x7 for infrastructure alerts")."""

    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, related_name="response_targets")
    window = NFCCharField(max_length=20, choices=Window.choices)
    minutes = models.PositiveIntegerField()

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["row", "window"]
        constraints = [
            models.UniqueConstraint(fields=["row", "window"], name="response_target_unique"),
            models.CheckConstraint(
                condition=Q(window__in=[w.value for w in TIME_WINDOWS]),
                name="response_target_window_is_time",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=10080),
                name="response_target_minutes_range",
            ),
        ]

    def __str__(self):
        return f"{self.row.activity}: {self.minutes} min in {self.get_window_display().lower()}"


class Assignment(models.Model):
    """A cell: what one role does for one row, as a set of R, A, C, I letters."""

    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, related_name="assignments")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")
    letters = NFCCharField(max_length=4)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["row", "role"]
        constraints = [
            models.UniqueConstraint(fields=["row", "role"], name="assignment_unique_cell"),
            # Only non-empty sets of R, A, C, I in canonical order; an empty cell has no row.
            models.CheckConstraint(
                condition=Q(letters__in=VALID_LETTER_SETS), name="assignment_letters_valid"
            ),
        ]
        indexes = [models.Index(fields=["role"], name="assignment_role_idx")]

    def __str__(self):
        return f"{self.role}: {display_letters(self.letters)}"

    @property
    def display(self) -> str:
        return display_letters(self.letters)


class Coverage(models.Model):
    """Which role looks after a row in one window of the week, or steps in on absence."""

    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, related_name="coverage")
    window = NFCCharField(max_length=20, choices=Window.choices)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="coverage")

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["row", "window"]
        verbose_name_plural = "coverage"
        constraints = [
            models.UniqueConstraint(fields=["row", "window"], name="coverage_unique_window"),
            models.CheckConstraint(
                condition=Q(window__in=Window.values), name="coverage_window_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_window_display()}: {self.role}"


class Tool(models.Model):
    """A tool used in the engagement, who owns it and what happens to it at the end."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="tools")
    name = NFCCharField(max_length=120, validators=[one_line])
    name_key = NameKeyField(source="name")
    category = NFCCharField(max_length=80, blank=True, validators=[one_line])
    owner_side = NFCCharField("owned by", max_length=10, choices=Side.choices, blank=True)
    licence_holder_side = NFCCharField(
        "licence held by", max_length=10, choices=Side.choices, blank=True
    )
    administered_by = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="administered_tools"
    )
    exit_fate = NFCCharField(
        "when the engagement ends", max_length=24, choices=ToolFate.choices, blank=True
    )
    notes = NFCTextField(blank=True)

    history = HistoricalRecords(bases=[AuditedChange])

    class Meta:
        ordering = ["engagement", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "name_key"], name="tool_unique_name_per_engagement"
            ),
            models.CheckConstraint(
                condition=Q(owner_side="") | Q(owner_side__in=Side.values),
                name="tool_owner_side_valid",
            ),
            models.CheckConstraint(
                condition=Q(licence_holder_side="") | Q(licence_holder_side__in=Side.values),
                name="tool_licence_holder_side_valid",
            ),
            models.CheckConstraint(
                condition=Q(exit_fate="") | Q(exit_fate__in=ToolFate.values),
                name="tool_exit_fate_valid",
            ),
        ]

    def __str__(self):
        return self.name
