"""Findings kept between reads, and brought up to date by checking only what changed.

A stored result holds the findings with the rule that produced each, plus fingerprints of
what they were computed from: one for what every row shares (the rules' own code, the
settings, the engagement's hours and service model, the client's time zone, the roles) and
one per matrix row (its letters, coverage, scope, split note and activity). Bringing it up
to date after an edit runs the per-row rules (`row_rule`) only over the rows whose
fingerprint moved, keeps their findings for every other row, and runs the engagement-wide
rules (tools, controls, absences, the service model, the role load) again in full. When the
shared fingerprint moved, everything runs again. Either way the result is the same list, in
the same order, as `engagement_findings` gives: the tests check it for every kind of change.

Pure, like every rule: the selectors load MatrixData and the services store the result.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from pathlib import Path

from engagements.analysis.core import (
    RULES,
    AnalysisConfig,
    Finding,
    in_reading_order,
    rule_name,
)
from engagements.analysis.data import MatrixData
from engagements.models import Activity, Client, Engagement, MatrixRow

# Finding's fields in the order a stored finding lists them (after its rule's index).
FIELDS = (
    "code",
    "severity",
    "message",
    "suggestion",
    "domain",
    "activity",
    "role",
    "tool",
    "control",
    "row_id",
    "role_id",
    "tool_id",
)
_finding_values = attrgetter(*FIELDS)
# Engagement fields no rule reads and that change without changing any finding.
_ENGAGEMENT_IGNORED = frozenset(
    {
        "version",
        "status",
        "updated_at",
        "updated_by",
        "signed_off_by",
        "signed_off_at",
        "created_at",
    }
)


@dataclass
class StoredState:
    """Findings in reading order, the rule that produced each, and the fingerprints of what
    they were computed from."""

    findings: list[Finding]
    origins: list[str]  # rule name per finding
    context: str
    rows: dict[int, str] = field(default_factory=dict)  # row id -> fingerprint
    # The engagement version it was stored for, when read back from the database (not part
    # of the stored text: the stored row holds it).
    version: int | None = field(default=None, compare=False)

    def to_json(self) -> str:
        names = sorted(set(self.origins))
        index = {name: i for i, name in enumerate(names)}
        return json.dumps(
            {
                "rules": names,
                "findings": [
                    [index[origin], *_finding_values(finding)]
                    for finding, origin in zip(self.findings, self.origins, strict=True)
                ],
                "context": self.context,
                "rows": {str(pk): fp for pk, fp in self.rows.items()},
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> "StoredState":
        stored = json.loads(text)
        names = stored["rules"]
        findings, origins = [], []
        for values in stored["findings"]:
            findings.append(Finding(*values[1:]))
            origins.append(names[values[0]])
        rows = {int(pk): fp for pk, fp in stored["rows"].items()}
        return cls(findings, origins, stored["context"], rows)


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=8).hexdigest()


@cache
def _fields(model, ignored: frozenset = frozenset()):
    """A getter of the model's stored values, as a tuple, in field order."""
    names = [f.attname for f in model._meta.concrete_fields if f.name not in ignored]
    getter = attrgetter(*names)
    return getter if len(names) > 1 else lambda obj: (getter(obj),)


def _values(obj, ignored: frozenset = frozenset()) -> tuple:
    return _fields(type(obj), ignored)(obj)


@cache
def rules_code_digest() -> str:
    """What the rules say depends on their code (and the labels they quote): a deploy that
    changes either makes every stored result stale."""
    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(here.glob("*.py")) + [here.parent / "models" / "choices.py"]:
        digest.update(path.read_bytes())
    digest.update(repr([rule_name(r) for r in RULES]).encode())
    return digest.hexdigest()


def settings_digest(config: AnalysisConfig) -> str:
    """The rules' code and settings, as stored beside a result: a stored result counts only
    while both are the same, and only on the day it was computed, because coverage findings
    name the next public holidays from that day (`manage.py findings --refresh` after
    midnight stores them again)."""
    day = config.from_date.isoformat()
    return f"{rules_code_digest()[:8]}-{_digest((config, day))[:8]}"


def context_fingerprint(data: MatrixData, config: AnalysisConfig) -> str:
    """What every row's findings share: rules, settings, engagement, client, roles."""
    engagement: Engagement = data.engagement
    client: Client = engagement.client
    return _digest(
        (
            settings_digest(config),
            _values(engagement, _ENGAGEMENT_IGNORED),
            _values(client),
            [_values(role) for role in data.roles],
            # Who holds each role, and whether they are still active.
            sorted(
                (role_id, [_values(person) for person in people])
                for role_id, people in data.people.items()
            ),
        )
    )


def row_fingerprint(data: MatrixData, row: MatrixRow, catalog: dict | None = None) -> str:
    """What one row's findings come from: the row, its activity and domain, its letters
    (by role) and its coverage (by window). The digest of the tuple of those five, written
    out part by part, so that `catalog` (activity id -> its activity's and domain's part,
    kept across the rows of one matrix) spares writing a shared activity again."""
    activity: Activity = row.activity
    shared = catalog.get(activity.id) if catalog is not None else None
    if shared is None:
        shared = f"{_values(activity)!r}, {_values(activity.domain)!r}"
        if catalog is not None:
            catalog[activity.id] = shared
    cells = sorted(data.row_cells(row).items())
    # Sorted, so the window order row_coverage gives need not be built for each row.
    covered = data._row_coverage.get(row.id)
    coverage = sorted((window, role.id) for window, role in covered.items()) if covered else []
    text = f"({_values(row)!r}, {shared}, {cells!r}, {coverage!r})"
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _only_rows(data: MatrixData, row_ids: set[int]) -> MatrixData:
    """The same matrix, with the per-row rules seeing only these in-scope rows."""
    view = copy.copy(data)
    view._in_scope_rows = [row for row in data.in_scope_rows if row.id in row_ids]
    view._in_scope_by_domain = None
    return view


def _fingerprints_kept(
    data: MatrixData,
    context: str,
    previous: StoredState | None,
    changed_since: tuple[int, set[int]] | None,
    catalog: dict[int, str],
) -> dict[int, str] | None:
    """Every row's fingerprint, only the changed rows' computed, when `changed_since` says
    what changed since `previous` (same version, same context, same rows); else None."""
    if changed_since is None or previous is None:
        return None
    version, changed = changed_since
    if (
        previous.version != version
        or previous.context != context
        or previous.rows.keys() != data.rows_by_id.keys()
        or not set(changed) <= data.rows_by_id.keys()
    ):
        return None
    rows = dict(previous.rows)
    for pk in changed:
        rows[pk] = row_fingerprint(data, data.rows_by_id[pk], catalog)
    return rows


def findings_state(
    data: MatrixData,
    config: AnalysisConfig,
    previous: StoredState | None = None,
    *,
    changed_since: tuple[int, set[int]] | None = None,
) -> StoredState:
    """The findings of this matrix with their fingerprints: every rule run when there is no
    previous result or what all rows share changed; otherwise only the per-row rules over
    the changed rows, and the engagement-wide rules.

    `changed_since` (version, row ids) is a change in progress telling what it did: this
    matrix is that version's plus changes to the cells and coverage of those rows only.
    When `previous` is of that version, the other rows keep their fingerprints rather than
    being fingerprinted again (a change's own transaction knows this; nothing else does)."""
    context = context_fingerprint(data, config)
    catalog: dict[int, str] = {}
    rows = _fingerprints_kept(data, context, previous, changed_since, catalog)
    if rows is None:
        rows = {row.id: row_fingerprint(data, row, catalog) for row in data.rows}
    if previous is None or previous.context != context:
        changed = set(rows)
        kept: dict[str, list[Finding]] = {}
    else:
        changed = {pk for pk, fp in rows.items() if previous.rows.get(pk) != fp}
        kept = {}
        for finding, origin in zip(previous.findings, previous.origins, strict=True):
            if finding.row_id in rows and finding.row_id not in changed:
                kept.setdefault(origin, []).append(finding)
    view = _only_rows(data, changed)
    position = {row.id: i for i, row in enumerate(data.rows)}
    listed: list[tuple[Finding, str]] = []
    for check in RULES:
        name = rule_name(check)
        if getattr(check, "per_row", False):
            found = kept.get(name, []) + list(check(view, config))
            # A per-row rule lists its findings in row order: merge the kept and the new.
            found.sort(key=lambda f: position.get(f.row_id, -1))
        else:
            found = list(check(data, config))
        listed.extend((finding, name) for finding in found)
    origin_of = {id(finding): name for finding, name in listed}
    ordered = in_reading_order(data, [finding for finding, _ in listed])
    return StoredState(ordered, [origin_of[id(f)] for f in ordered], context, rows)
