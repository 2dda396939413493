"""Values derived from an engagement's matrix and kept to spare recomputing them."""

from django.db import models

from engagements.models.engagement import Engagement


class FindingsCount(models.Model):
    """How many findings of each severity an engagement has, as the portfolio shows them.

    Derived, never edited: `source` says what it was computed from (the matrix version, the
    status, the acknowledgements and the rule settings). When any of those differs from the
    engagement's now, the count is stale and is computed again (selectors.findings_counts).
    A portfolio of 500 engagements then reads 500 small rows instead of 500 matrices.
    """

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, primary_key=True, related_name="findings_count"
    )
    source = models.CharField(max_length=200)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    infos = models.PositiveIntegerField(default=0)
    unacknowledged_errors = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.engagement_id}: {self.errors} errors, {self.warnings} warnings"


class StoredFindings(models.Model):
    """An engagement's findings as the rules last computed them, kept per matrix version and
    rule settings, so reading them again is one query instead of loading the whole matrix.

    Derived, never edited: `state` is analysis.stored.StoredState as JSON (the findings,
    the rule behind each, and fingerprints of the rows they came from, which let the next
    change check only the rows it touched). It counts only while `version` is the
    engagement's and `settings` the rules' now; otherwise the findings are computed again.
    """

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, primary_key=True, related_name="stored_findings"
    )
    version = models.PositiveIntegerField()
    settings = models.CharField(max_length=40)
    state = models.TextField()
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.engagement_id}: findings of version {self.version}"
