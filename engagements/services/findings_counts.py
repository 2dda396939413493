"""Forgetting stored findings counts when something they do not record has changed."""

from collections.abc import Iterable

from django.db.models.signals import post_save
from django.dispatch import receiver

from engagements.models import Activity, Client, Control, Domain, FindingsCount, Framework


def findings_counts_forget(*, engagement_ids: Iterable[int] | None = None) -> None:
    """Drop stored counts (all of them by default) when something their source does not
    record changed: the catalog's activities, a client's time zone, a control."""
    stored = FindingsCount.objects.all()
    if engagement_ids is not None:
        stored = stored.filter(engagement_id__in=list(engagement_ids))
    stored.delete()


@receiver(post_save)
def _forget_after_fixture_load(sender, raw=False, **kwargs):
    """`loaddata` (a catalog fixture at deploy) writes the catalog without the services or
    the admin: forget the counts, as a catalog edit anywhere else does."""
    if raw and sender in (Activity, Domain, Control, Framework, Client):
        findings_counts_forget()
