"""Findings counts per engagement for the portfolio, kept in FindingsCount between reads.

Counting an engagement's findings means loading its whole matrix and running every rule:
about 40 ms for a 120-activity engagement, 20 s for a portfolio of 500. The counts only
change when what they are computed from changes, so each is stored with its `source` (the
matrix version, the status, the acknowledgements, the rule settings) and computed again
only when that no longer matches the engagement. Every matrix write goes through the
services, which bump the version (`engagement_touch`); acknowledgements and workflow
transitions change the other parts of the source. Catalog and client edits, which can
change the findings of many engagements at once, forget every stored count
(`findings_counts_forget`).

Reading stale counts never happens: a count whose source differs is recomputed before it
is returned, in the same fixed number of queries however many engagements are stale. A read
never stores what it recomputed: the services store fresh counts once a change is committed
(services.findings_counts_refresh), so the next read finds them current; after a change of
the rule settings, `manage.py findings --refresh` stores them again.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from engagements.analysis import AnalysisConfig, Severity
from engagements.analysis.stored import StoredState, findings_state
from engagements.models import (
    Engagement,
    FindingAcknowledgement,
    FindingsCount,
)
from engagements.selectors.findings import stored_states
from engagements.selectors.matrix import load_matrices


@dataclass(frozen=True)
class Counts:
    """One engagement's counts, shaped like analysis.Summary where the portfolio reads it."""

    by_severity: dict[str, int]
    unacknowledged_errors: int

    @property
    def ready_for_review(self) -> bool:
        return self.by_severity.get(Severity.ERROR, 0) == 0


def _config_digest(config: AnalysisConfig) -> str:
    return hashlib.sha1(repr(config).encode()).hexdigest()[:12]


def _source(engagement: Engagement, ack_count: int, ack_last: int | None, digest: str) -> str:
    return f"v{engagement.version}/{engagement.status}/a{ack_count}-{ack_last or 0}/{digest}"


def _acknowledgement_marks(ids: list[int]) -> dict[int, tuple[int, int | None]]:
    """engagement id -> (how many acknowledgements, the newest one's id): ids only grow,
    so any acknowledgement added or withdrawn changes the pair."""
    return {
        row["engagement_id"]: (row["n"], row["last"])
        for row in FindingAcknowledgement.objects.filter(engagement_id__in=ids)
        .values("engagement_id")
        .annotate(n=models.Count("id"), last=models.Max("id"))
        .order_by()
    }


def _counts_from(
    findings, acknowledged: set[str], source: str, pk: int
) -> tuple[Counts, FindingsCount]:
    by_severity = {severity: 0 for severity in Severity.ORDER}
    unacknowledged = 0
    for finding in findings:
        by_severity[finding.severity] += 1
        if finding.severity == Severity.ERROR and finding.key not in acknowledged:
            unacknowledged += 1
    count = FindingsCount(
        engagement_id=pk,
        source=source,
        errors=by_severity[Severity.ERROR],
        warnings=by_severity[Severity.WARNING],
        infos=by_severity[Severity.INFO],
        unacknowledged_errors=unacknowledged,
    )
    return Counts(by_severity, unacknowledged), count


@dataclass
class CountsNow:
    """What findings_counts_current found: every engagement's counts, the counts computed
    again (unsaved), and the findings brought up to date on the way (unsaved), by id."""

    counts: dict[int, Counts]
    fresh: list[FindingsCount]
    states: dict[int, tuple[int, StoredState]]  # id -> (version computed for, state)


def findings_counts_current(
    engagements: Iterable[Engagement], config: AnalysisConfig | None = None
) -> CountsNow:
    """Every engagement's findings counts now, plus what a refresh stores: the counts of
    those whose stored counts were stale or missing, and their findings where the stored
    findings were stale too. Two queries when every stored count is current; stale counts
    come from the stored findings when those are current (two more queries), and only the
    matrices whose findings are stale are loaded (together)."""
    engagements = list(engagements)
    if not engagements:
        return CountsNow({}, [], {})
    config = config or AnalysisConfig.from_settings()
    digest = _config_digest(config)
    ids = [engagement.pk for engagement in engagements]
    stored = {count.pk: count for count in FindingsCount.objects.filter(engagement_id__in=ids)}
    marks = _acknowledgement_marks(ids)
    result: dict[int, Counts] = {}
    stale = []
    for engagement in engagements:
        count = stored.get(engagement.pk)
        if count is not None and count.source == _source(
            engagement, *marks.get(engagement.pk, (0, None)), digest
        ):
            result[engagement.pk] = Counts(
                {
                    Severity.ERROR: count.errors,
                    Severity.WARNING: count.warnings,
                    Severity.INFO: count.infos,
                },
                count.unacknowledged_errors,
            )
        else:
            stale.append(engagement)
    if not stale:
        return CountsNow(result, [], {})
    current_states, stale_states = stored_states(stale, config)
    states: dict[int, tuple[int, StoredState]] = {}
    for pk, data in load_matrices([e for e in stale if e.pk not in current_states]).items():
        state = findings_state(data, config, stale_states.get(pk))
        states[pk] = (data.engagement.version, state)
        current_states[pk] = state
    acknowledged: dict[int, set[str]] = {}
    for pk, key in FindingAcknowledgement.objects.filter(
        engagement_id__in=[e.pk for e in stale]
    ).values_list("engagement_id", "finding_key"):
        acknowledged.setdefault(pk, set()).add(key)
    fresh = []
    for engagement in stale:
        source = _source(engagement, *marks.get(engagement.pk, (0, None)), digest)
        result[engagement.pk], count = _counts_from(
            current_states[engagement.pk].findings,
            acknowledged.get(engagement.pk, set()),
            source,
            engagement.pk,
        )
        fresh.append(count)
    return CountsNow(result, fresh, states)


def findings_counts(
    engagements: Iterable[Engagement], config: AnalysisConfig | None = None
) -> dict[int, Counts]:
    """engagement id -> its findings counts, for many engagements at once: the stored counts
    where they are current (two queries), counted again in memory where they are not. Never
    stores anything: the services refresh the stored counts after each change."""
    return findings_counts_current(engagements, config).counts
