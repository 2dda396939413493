"""Reading an engagement's findings: the stored result when it is current (one query), the
rules run again in memory when it is not.

The services store findings once a change is committed (services.findings_refresh), so a
read normally finds them current. A read never stores: when the stored result is stale (a
change a moment ago, new rule settings) the matrix is loaded and the findings are brought
up to date in memory, checking again only the rows whose fingerprints moved.
"""

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from engagements.analysis import AnalysisConfig, Finding
from engagements.analysis.data import MatrixData
from engagements.analysis.stored import StoredState, findings_state, settings_digest
from engagements.models import Engagement, FindingAcknowledgement, StoredFindings
from engagements.selectors.matrix import load_matrices, load_matrix


@dataclass
class EngagementFindings:
    """One engagement's findings and who accepted which (finding key -> acknowledgement)."""

    findings: list[Finding]
    acknowledgements: dict[str, FindingAcknowledgement]


def stored_states(
    engagements: Iterable[Engagement], config: AnalysisConfig
) -> tuple[dict[int, StoredState], dict[int, StoredState]]:
    """(current, stale) stored states by engagement id, in one query: current where the
    version and rule settings are the engagement's now, stale otherwise (still a good start
    for bringing them up to date)."""
    engagements = {engagement.pk: engagement for engagement in engagements}
    if not engagements:
        return {}, {}
    digest = settings_digest(config)
    current, stale = {}, {}
    for stored in StoredFindings.objects.filter(engagement_id__in=list(engagements)):
        state = _parsed(stored)
        fresh = stored.version == engagements[stored.pk].version and stored.settings == digest
        (current if fresh else stale)[stored.pk] = state
    return current, stale


# Parsed stored states, newest last: a process that reads one engagement's findings again
# (an API client polling, a page after its own edit) skips parsing thousands of findings.
# Keyed by when the row was written, so a state stored again (by any server) is parsed anew.
_PARSED: OrderedDict[tuple, StoredState] = OrderedDict()
PARSED_KEPT = 16


def parsed_forget() -> None:
    """Forget the parsed states this process keeps (the benchmark's first-read line)."""
    _PARSED.clear()


def _parsed_key(stored: StoredFindings) -> tuple:
    return (stored.pk, stored.version, stored.settings, stored.computed_at)


def _parsed(stored: StoredFindings) -> StoredState:
    key = _parsed_key(stored)
    state = _PARSED.get(key)
    if state is None:
        state = StoredState.from_json(stored.state)
        parsed_remember(stored, state)
    else:
        _PARSED.move_to_end(key)
    return state


def parsed_remember(stored: StoredFindings, state: StoredState) -> None:
    """Keep a state as if parsed from this stored row (as written: its computed_at set):
    a refresh that has just computed and stored it spares the read after the change
    parsing it back."""
    state.version = stored.version
    _PARSED[_parsed_key(stored)] = state
    _PARSED.move_to_end(_parsed_key(stored))
    while len(_PARSED) > PARSED_KEPT:
        _PARSED.popitem(last=False)


def findings_states_to_store(
    engagements: Iterable[Engagement], config: AnalysisConfig
) -> dict[int, tuple[int, StoredState]]:
    """The findings of those engagements whose stored findings are stale or missing, brought
    up to date (engagement id -> (the version they are of, state)): what a refresh stores.
    One query when all are current."""
    engagements = list(engagements)
    versions = {engagement.pk: engagement.version for engagement in engagements}
    digest = settings_digest(config)
    current = {
        pk
        for pk, version, settings in StoredFindings.objects.filter(
            engagement_id__in=list(versions)
        ).values_list("engagement_id", "version", "settings")
        if settings == digest and version == versions[pk]
    }
    stale = [e for e in engagements if e.pk not in current]
    if not stale:
        return {}
    _, previous = stored_states(stale, config)
    return {
        pk: (data.engagement.version, findings_state(data, config, previous.get(pk)))
        for pk, data in load_matrices(stale).items()
    }


def _stored_state(
    engagement: Engagement, config: AnalysisConfig
) -> tuple[StoredState | None, bool]:
    current, stale = stored_states([engagement], config)
    if engagement.pk in current:
        return current[engagement.pk], True
    return stale.get(engagement.pk), False


def findings_of_matrix(data: MatrixData, config: AnalysisConfig | None = None) -> list[Finding]:
    """The findings of an already loaded matrix: stored ones if current (one query), else
    computed, starting from the stored ones."""
    config = config or AnalysisConfig.from_settings()
    state, current = _stored_state(data.engagement, config)
    if current:
        return list(state.findings)  # a copy: the parsed state may be shared
    return findings_state(data, config, state).findings


def engagement_findings_read(
    engagement: Engagement, config: AnalysisConfig | None = None
) -> EngagementFindings:
    """An engagement's findings with their acknowledgements: two queries when the stored
    findings are current; the whole matrix loaded (and the rules brought up to date in
    memory) when they are not."""
    config = config or AnalysisConfig.from_settings()
    state, current = _stored_state(engagement, config)
    if current:
        acknowledgements = {
            ack.finding_key: ack
            for ack in FindingAcknowledgement.objects.filter(engagement=engagement).select_related(
                "by"
            )
        }
        return EngagementFindings(list(state.findings), acknowledgements)
    data = load_matrix(engagement)
    return EngagementFindings(findings_state(data, config, state).findings, data.acknowledgements)
