"""Storing each engagement's findings (per version and rule settings) and the portfolio's
findings counts after a change, and forgetting them when something they do not record has
changed.

Reads never store (selectors.findings_counts computes stale counts in memory). The services
that change what a count is computed from (the matrix version, the status, the
acknowledgements) ask for a refresh; it runs once the change is committed, so a rolled-back
change stores nothing and the next portfolio read finds the counts current.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from engagements.analysis import AnalysisConfig
from engagements.analysis.stored import settings_digest
from engagements.models import (
    Activity,
    Client,
    Control,
    Domain,
    Engagement,
    FindingsCount,
    Framework,
    StoredFindings,
)
from engagements.selectors.findings import findings_states_to_store, parsed_remember
from engagements.selectors.findings_counts import findings_counts_current

logger = logging.getLogger(__name__)

# Engagements counted together: bounds the memory of loading their matrices at once.
REFRESH_BATCH = 100


def findings_counts_refresh(
    *,
    engagement_ids: Iterable[int] | None = None,
    changed_since: dict[int, tuple[int, set[int]]] | None = None,
) -> int:
    """Count again and store the findings counts of the engagements whose stored counts are
    stale or missing (every engagement by default), and their findings where the stored
    findings are stale too (only the rows that changed are checked again); current ones are
    left alone. Returns how many counts were stored."""
    if engagement_ids is None:
        ids = list(Engagement.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(engagement_ids))
    stored = 0
    digest = settings_digest(AnalysisConfig.from_settings())
    for start in range(0, len(ids), REFRESH_BATCH):
        batch = Engagement.objects.select_related("client").filter(
            pk__in=ids[start : start + REFRESH_BATCH]
        )
        config = AnalysisConfig.from_settings()
        now = findings_counts_current(batch, config, changed_since=changed_since)
        fresh = now.fresh
        # Counts can be current while the findings are not (new rule code, say).
        now.states.update(
            findings_states_to_store([e for e in batch if e.pk not in now.states], config)
        )
        written = [
            StoredFindings(
                engagement_id=pk, version=version, settings=digest, state=state.to_json()
            )
            for pk, (version, state) in now.states.items()
        ]
        if not written and not fresh:
            continue
        # One transaction for both writes: one commit (a disk sync on SQLite) instead of two.
        with transaction.atomic():
            if written:
                StoredFindings.objects.bulk_create(
                    written,
                    update_conflicts=True,
                    unique_fields=["engagement"],
                    update_fields=["version", "settings", "state", "computed_at"],
                )
            if fresh:
                FindingsCount.objects.bulk_create(
                    fresh,
                    update_conflicts=True,
                    unique_fields=["engagement"],
                    update_fields=[
                        "source",
                        "errors",
                        "warnings",
                        "infos",
                        "unacknowledged_errors",
                        "computed_at",
                    ],
                )
        # The read that follows a change (its findings) need not parse them back.
        for row in written:
            parsed_remember(row, now.states[row.engagement_id][1])
        stored += len(fresh)
    return stored


def findings_counts_refresh_after_commit(*, engagement_ids: Iterable[int] | None = None) -> None:
    """Refresh these engagements' stored counts (every engagement's by default) once the
    current transaction commits; nothing if it rolls back. Outside a transaction, now.
    Several asking for the same engagement cost little: the first stores its counts, the
    others find them current (three queries)."""
    ids = None if engagement_ids is None else list(engagement_ids)
    # robust: the change is committed already; a failed count leaves it stale, to be
    # counted by the next read, rather than turning the saved change into an error.
    transaction.on_commit(partial(findings_counts_refresh, engagement_ids=ids), robust=True)


def findings_counts_refresh_with_change(
    *,
    engagement_ids: Iterable[int],
    changed_since: dict[int, tuple[int, set[int]]] | None = None,
) -> None:
    """Refresh these engagements' stored findings and counts now, inside the transaction of
    the change that asked for it (after its last write), so they commit with it: one commit
    (a disk sync) instead of the change's and then the refresh's. Robust like the refresh
    after commit: a failure rolls back to a savepoint, is logged, and leaves the refresh the
    change registered for after its commit to store them (which otherwise finds them
    current, in a few queries, and writes nothing). `changed_since`: engagement id ->
    (the version the change started from, the rows whose cells or coverage it changed, and
    nothing else), so only those rows are fingerprinted again."""
    ids = list(engagement_ids)
    try:
        with transaction.atomic():
            findings_counts_refresh(engagement_ids=ids, changed_since=changed_since)
    except Exception:
        logger.exception("Findings refresh with the change failed; retried after its commit.")


def findings_counts_forget(*, engagement_ids: Iterable[int] | None = None) -> None:
    """Drop stored counts and findings (all of them by default) when something their source
    does not record changed: the catalog's activities, a client's time zone, a control. They are
    counted again and stored once the change is committed."""
    counts, findings = FindingsCount.objects.all(), StoredFindings.objects.all()
    if engagement_ids is not None:
        engagement_ids = list(engagement_ids)
        counts = counts.filter(engagement_id__in=engagement_ids)
        findings = findings.filter(engagement_id__in=engagement_ids)
    counts.delete()
    findings.delete()
    findings_counts_refresh_after_commit(engagement_ids=engagement_ids)


@receiver(post_save)
def _forget_after_fixture_load(sender, raw=False, **kwargs):
    """`loaddata` (a catalog fixture at deploy) writes the catalog without the services or
    the admin: forget the counts, as a catalog edit anywhere else does."""
    if raw and sender in (Activity, Domain, Control, Framework, Client):
        findings_counts_forget()
