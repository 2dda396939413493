"""The catalog: IT duties grouped in domains, shared by every engagement."""

from dataclasses import dataclass

from django.db import models

from engagements.models.choices import CoverageNeed
from engagements.models.text import NameKeyField, NFCCharField, NFCTextField
from engagements.models.validators import one_line


class DomainManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Domain(models.Model):
    """An area of IT work (patching, helpdesk, ...): a section of the matrix."""

    code = models.SlugField(max_length=40, unique=True)
    name = NFCCharField(max_length=120, validators=[one_line])
    name_key = NameKeyField(source="name")
    description = NFCTextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = DomainManager()

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="domain_unique_name"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class ActivityManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Activity(models.Model):
    """One IT duty, a row of the matrix. Catalog rows have no client; a custom activity
    belongs to the one client that asked for it and is offered to its engagements only."""

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="activities")
    code = NFCCharField(max_length=80, unique=True)
    name = NFCCharField(max_length=200, validators=[one_line])
    name_key = NameKeyField(source="name")
    description = NFCTextField(blank=True)
    default_coverage = NFCCharField(
        max_length=20, choices=CoverageNeed.choices, default=CoverageNeed.BUSINESS_HOURS
    )
    order = models.PositiveIntegerField(default=0)
    client = models.ForeignKey(
        "engagements.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="custom_activities",
        help_text="Set for a custom activity that only this client's engagements use.",
    )

    objects = ActivityManager()

    class Meta:
        ordering = ["domain__order", "order", "code"]
        verbose_name_plural = "activities"
        constraints = [
            # A client's custom activity and the catalog's (client null) in one domain are
            # checked by the services: NULLs are distinct in a unique constraint.
            models.UniqueConstraint(
                fields=["domain", "client", "name_key"], name="activity_unique_name_in_domain"
            ),
            models.UniqueConstraint(
                fields=["domain", "name_key"],
                condition=models.Q(client__isnull=True),
                name="activity_unique_catalog_name_in_domain",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    natural_key.dependencies = ["engagements.domain"]

    @property
    def is_custom(self) -> bool:
        return self.client_id is not None


# -- a catalog read from a file, before it is stored (plain values, no database) ----------


@dataclass(frozen=True)
class CatalogItem:
    control_id: str  # what people read: "GV.OC-01", "AC-2(1)", "164.308(a)(1)(ii)(A)"
    oscal_id: str  # the id in the OSCAL file: "GV.OC-01", "ac-2.1", "hipaa-164.308-a-1-ii-a"
    title: str
    kind: str
    parent: str | None  # control_id of the parent item
    requirement: str
    statement: str
    selectable: bool
    order: int


@dataclass(frozen=True)
class ParsedCatalog:
    code: str
    name: str
    version: str
    source: str
    description: str
    items: tuple[CatalogItem, ...]
    withdrawn: int  # items skipped because the catalog withdrew them

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    @property
    def selectable(self) -> list[CatalogItem]:
        return [item for item in self.items if item.selectable]
