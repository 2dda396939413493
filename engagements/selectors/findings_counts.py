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
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

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
    engagements: Iterable[Engagement],
    config: AnalysisConfig | None = None,
    *,
    changed_since: dict[int, tuple[int, set[int]]] | None = None,
) -> CountsNow:
    """Every engagement's findings counts now, plus what a refresh stores: the counts of
    those whose stored counts were stale or missing, and their findings where the stored
    findings were stale too. Two queries when every stored count is current; stale counts
    come from the stored findings when those are current (two more queries), and only the
    matrices whose findings are stale are loaded (together). `changed_since`: engagement id
    -> what a change in progress did (see analysis.stored.findings_state)."""
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
        state = findings_state(
            data, config, stale_states.get(pk), changed_since=(changed_since or {}).get(pk)
        )
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


# -- the same counts over a whole filtered portfolio, in SQL ----------------------------------


def _with_source(queryset: QuerySet[Engagement], digest: str) -> QuerySet[Engagement]:
    """Each engagement annotated with the source its counts must have to be current (the
    same text `_source` builds), computed by the database."""
    acks = FindingAcknowledgement.objects.filter(engagement=OuterRef("pk")).order_by()
    n = acks.values("engagement").annotate(n=models.Count("id")).values("n")
    last = acks.values("engagement").annotate(last=models.Max("id")).values("last")
    text = models.CharField()
    return queryset.annotate(
        counts_source=Concat(
            Value("v"),
            Cast("version", text),
            Value("/"),
            "status",
            Value("/a"),
            Cast(Coalesce(Subquery(n), 0), text),
            Value("-"),
            Cast(Coalesce(Subquery(last), 0), text),
            Value(f"/{digest}"),
            output_field=text,
        )
    )


def with_stored_counts(
    queryset: QuerySet[Engagement], config: AnalysisConfig | None = None
) -> QuerySet[Engagement]:
    """`queryset` with each engagement's stored counts and the source they must have to be
    current, in the same query (read them with current_stored_counts)."""
    config = config or AnalysisConfig.from_settings()
    return _with_source(queryset, _config_digest(config)).select_related("findings_count")


def current_stored_counts(engagements: Iterable[Engagement]) -> dict[int, Counts]:
    """engagement id -> its counts, for those of `engagements` (read through
    with_stored_counts) whose stored counts are current; no query."""
    result = {}
    for engagement in engagements:
        try:
            count = engagement.findings_count
        except FindingsCount.DoesNotExist:
            continue
        if count.source == engagement.counts_source:
            result[engagement.pk] = Counts(
                {
                    Severity.ERROR: count.errors,
                    Severity.WARNING: count.warnings,
                    Severity.INFO: count.infos,
                },
                count.unacknowledged_errors,
            )
    return result


def findings_counts_of_page(engagements: Iterable[Engagement]) -> dict[int, Counts]:
    """engagement id -> counts for a page of engagements read through with_stored_counts:
    the stored counts that came with the page, and any not current counted in memory (a
    fixed few queries; none when every count is current)."""
    engagements = list(engagements)
    counts = current_stored_counts(e for e in engagements if hasattr(e, "counts_source"))
    counts.update(findings_counts([e for e in engagements if e.pk not in counts]))
    return counts


def _split_current(
    queryset: QuerySet[Engagement], config: AnalysisConfig
) -> tuple[QuerySet[Engagement], list[Engagement]]:
    """(the engagements whose stored counts are current, as a queryset; those whose counts
    are stale or missing, loaded). One query: normally the second list is empty, since the
    services store fresh counts after every change."""
    annotated = _with_source(queryset, _config_digest(config))
    current = annotated.filter(findings_count__source=F("counts_source"))
    stale = list(annotated.exclude(pk__in=current.values("pk")).select_related("client"))
    return current, stale


def engagements_with_errors(
    queryset: QuerySet[Engagement], with_errors: bool, config: AnalysisConfig | None = None
) -> QuerySet[Engagement]:
    """The engagements of `queryset` with (or without) errors nobody accepted, filtered by
    the database on their stored counts; any whose counts are stale are counted in memory
    first. A fixed number of queries however many engagements match."""
    config = config or AnalysisConfig.from_settings()
    current, stale = _split_current(queryset, config)
    counted = findings_counts(stale, config)
    stale_errors = [pk for pk, counts in counted.items() if counts.unacknowledged_errors]
    stored_errors = current.filter(findings_count__unacknowledged_errors__gt=0).values("pk")
    erring = Q(pk__in=stored_errors) | Q(pk__in=stale_errors)
    return queryset.filter(erring) if with_errors else queryset.exclude(erring)


@dataclass(frozen=True)
class Totals:
    """Findings over a whole (filtered) portfolio, as its totals line shows them."""

    engagements: int
    by_severity: dict[str, int]
    unacknowledged_errors: int
    ready_for_review: int  # engagements without errors
    # The counts of the engagements whose stored counts were stale, counted in memory on
    # the way (normally none): a page of the same portfolio need not count them again.
    counted: dict[int, Counts] = field(default_factory=dict)


def findings_totals(queryset: QuerySet[Engagement], config: AnalysisConfig | None = None) -> Totals:
    """Totals over every engagement of `queryset`: one aggregate sums the stored counts that
    are current and counts those that are not; only when some are not (a change whose counts
    are not stored yet) are those loaded and counted in memory. One query normally, a fixed
    few otherwise, whatever the portfolio's size. A count stored or made stale between
    those two reads can be missed or counted twice in the sums, until the next read."""
    config = config or AnalysisConfig.from_settings()
    annotated = _with_source(queryset, _config_digest(config))
    current = Q(findings_count__source=F("counts_source"))

    def total(name):
        return Coalesce(models.Sum(f"findings_count__{name}", filter=current), 0)

    summed = annotated.aggregate(
        engagements=models.Count("pk"),
        current=models.Count("pk", filter=current),
        errors=total("errors"),
        warnings=total("warnings"),
        infos=total("infos"),
        unacknowledged=total("unacknowledged_errors"),
        ready=models.Count("pk", filter=current & Q(findings_count__errors=0)),
    )
    by_severity = {
        Severity.ERROR: summed["errors"],
        Severity.WARNING: summed["warnings"],
        Severity.INFO: summed["infos"],
    }
    unacknowledged, ready = summed["unacknowledged"], summed["ready"]
    counted: dict[int, Counts] = {}
    if summed["current"] < summed["engagements"]:
        _, stale = _split_current(queryset, config)
        counted = findings_counts(stale, config)
    for counts in counted.values():
        for severity in by_severity:
            by_severity[severity] += counts.by_severity.get(severity, 0)
        unacknowledged += counts.unacknowledged_errors
        ready += counts.ready_for_review
    return Totals(summed["engagements"], by_severity, unacknowledged, ready, counted)
