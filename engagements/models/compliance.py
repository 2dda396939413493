"""Compliance catalogs (NIST CSF 2.0, SP 800-53, HIPAA) and who owns each control."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from engagements.models.audit_base import AuditedChange
from engagements.models.choices import ControlKind, Origination, Requirement
from engagements.models.engagement import Engagement, MatrixRow, Role
from engagements.models.text import NFCCharField, NFCTextField
from engagements.models.validators import one_line


class Framework(models.Model):
    """A control catalog, loaded from an OSCAL file or our own HIPAA data file."""

    code = models.SlugField(max_length=60, unique=True)
    name = NFCCharField(max_length=200)
    version = NFCCharField(max_length=60, blank=True)
    source = NFCCharField(max_length=300, blank=True, help_text="File or URL it came from.")
    description = NFCTextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Control(models.Model):
    """A control, subcategory, standard or implementation specification of a framework."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="controls")
    control_id = NFCCharField(max_length=60)
    # The id in the OSCAL catalog it came from ("ac-2.1" for AC-2(1)): OSCAL exports must
    # cite the catalog's own ids, which are not always the label people read.
    oscal_id = NFCCharField(max_length=100, blank=True)
    title = NFCCharField(max_length=300)
    kind = NFCCharField(max_length=20, choices=ControlKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    requirement = NFCCharField(max_length=12, choices=Requirement.choices, blank=True)
    statement = NFCTextField(blank=True)
    # Controls a responsibility can be assigned to (leaf-level: subcategory, control, spec).
    selectable = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "control_id"], name="control_unique_id_per_framework"
            ),
        ]

    def __str__(self):
        return f"{self.control_id} {self.title}"


class ControlResponsibility(models.Model):
    """Who provides one selected control in one engagement (a customer responsibility
    matrix line)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="control_responsibilities"
    )
    control = models.ForeignKey(Control, on_delete=models.PROTECT, related_name="responsibilities")
    origination = NFCCharField(max_length=20, choices=Origination.choices, blank=True)
    responsible_role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="controls"
    )
    vendor_name = NFCCharField(
        "inherited from",
        max_length=200,
        blank=True,
        validators=[one_line],
        help_text="The vendor an inherited control comes from.",
    )
    split_description = NFCTextField(
        "how it is split",
        blank=True,
        help_text="How a shared control is split between the MSP and internal IT.",
    )
    msp_responsibility = NFCTextField("the MSP's part", blank=True)
    customer_responsibility = NFCTextField("the client's part", blank=True)
    implementing_rows = models.ManyToManyField(
        MatrixRow, blank=True, related_name="controls", help_text="Activities that implement it."
    )

    history = HistoricalRecords(bases=[AuditedChange], m2m_fields=[implementing_rows])

    class Meta:
        ordering = ["engagement", "control__framework", "control__order"]
        verbose_name_plural = "control responsibilities"
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "control"], name="control_responsibility_unique"
            ),
            models.CheckConstraint(
                condition=Q(origination="") | Q(origination__in=Origination.values),
                name="control_responsibility_origination_valid",
            ),
        ]

    def __str__(self):
        return f"{self.control.control_id} in {self.engagement}"
