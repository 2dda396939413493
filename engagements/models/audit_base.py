from django.db import models

from engagements.models.choices import Door


class AuditedChange(models.Model):
    """Extra columns on every history record: through which door the change came."""

    door = models.CharField(max_length=16, choices=Door.choices, blank=True, default="")

    class Meta:
        abstract = True
