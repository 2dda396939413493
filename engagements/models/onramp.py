"""How a client's own RACI sheets map onto ours, kept so the next sheet of the same layout
needs no mapping again."""

from django.conf import settings
from django.db import models

from engagements.models.clients import Client


class SheetMapping(models.Model):
    """The mapping confirmed for one layout of sheet (its header titles) at one client:
    which column is which role, which row which activity, what each foreign letter means."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sheet_mappings")
    # A digest of the header row's titles: the same layout gives the same signature.
    signature = models.CharField(max_length=64)
    titles = models.JSONField(default=list, help_text="The header titles the mapping is for.")
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["client", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "signature"], name="sheet_mapping_unique_layout_per_client"
            ),
        ]

    def __str__(self):
        return f"Sheet mapping for {self.client} ({len(self.titles)} columns)"
