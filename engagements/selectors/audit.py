"""The audit trail of one engagement revision: who changed what, when, old and new value,
and through which door. Read from django-simple-history's tables (deleted rows included)
in a fixed number of queries, newest first.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model

from engagements.models import (
    Assignment,
    ControlResponsibility,
    Coverage,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Role,
    Tool,
    WorkflowEvent,
)
from engagements.models.labels import choice_label, field_label, person_name
from engagements.models.letters import display_letters

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# The kinds of object a trail entry can be about, as the filters name them.
KINDS = {
    "engagement": "Engagement details",
    "role": "Roles",
    "activity": "Activities (rows)",
    "cell": "Cells",
    "coverage": "Coverage",
    "tool": "Tools",
    "control": "Control responsibilities",
    "acknowledgement": "Acknowledged findings",
    "workflow": "Workflow steps",
}
# Fields that are bookkeeping, not content.
IGNORED = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "door",
    "updated_by",
    "engagement",
    "order",
    "row",
    "activity",
    "control",
    "client",
    "previous_revision",
    "slug",
    "name_key",  # the name folded for comparison: the name itself is shown
}
ROLE_FIELDS = {"role", "absence_backup", "administered_by", "responsible_role"}
USER_FIELDS = {"account_manager", "signed_off_by", "by"}


@dataclass
class Change:
    field: str  # the field's name
    label: str  # the field as people name it (its verbose name)
    old: str  # values in words: labels, people's and roles' names
    new: str


@dataclass
class AuditEntry:
    at: datetime
    user: str  # username
    user_name: str  # the person's name
    door: str
    action: str  # created / changed / deleted / a workflow transition
    kind: str  # engagement, role, activity, cell, coverage, tool, control, acknowledgement
    subject: str
    changes: list[Change] = field(default_factory=list)


def engagement_audit_trail(
    engagement: Engagement,
    *,
    limit: int | None = None,
    door: str | None = None,
    kind: str | None = None,
    since: datetime | None = None,
) -> list[AuditEntry]:
    """Every recorded change to the revision, newest first (at most `limit` entries),
    optionally only those through one door, about one kind of object, or at or after
    `since`. The filters apply to the built trail, so the cost stays the same."""
    wanted_door, wanted_kind = door, kind  # `kind` names each history's kind below
    histories = {
        "engagement": list(Engagement.history.filter(id=engagement.pk)),
        "role": list(Role.history.filter(engagement_id=engagement.pk)),
        "activity": list(
            MatrixRow.history.filter(engagement_id=engagement.pk).select_related("activity")
        ),
        "tool": list(Tool.history.filter(engagement_id=engagement.pk)),
        "control": list(
            ControlResponsibility.history.filter(engagement_id=engagement.pk).select_related(
                "control"
            )
        ),
        "acknowledgement": list(FindingAcknowledgement.history.filter(engagement_id=engagement.pk)),
    }
    row_ids = {h.id for h in histories["activity"]}
    histories["cell"] = list(Assignment.history.filter(row_id__in=row_ids))
    histories["coverage"] = list(Coverage.history.filter(row_id__in=row_ids))

    role_names = {h.id: h.name for h in sorted(histories["role"], key=lambda h: h.history_date)}
    activity_names = {h.id: h.activity.name for h in histories["activity"]}
    user_ids = {h.history_user_id for records in histories.values() for h in records}
    user_ids |= {
        getattr(h, f"{name}_id", None)
        for records in histories.values()
        for h in records
        for name in USER_FIELDS
    }
    events = list(WorkflowEvent.objects.filter(engagement=engagement).select_related("by"))
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids - {None})}
    usernames = {pk: user.get_username() for pk, user in users.items()}
    names = {pk: person_name(user) for pk, user in users.items()}

    def subject(kind, record) -> str:
        if kind == "engagement":
            return f"{record.title} (revision {record.revision})"
        if kind == "role":
            return record.name
        if kind == "activity":
            return activity_names.get(record.id, "?")
        if kind == "cell":
            role = role_names.get(record.role_id, "?")
            return f"{activity_names.get(record.row_id, '?')} × {role}"
        if kind == "coverage":
            return f"{activity_names.get(record.row_id, '?')}: {record.get_window_display()}"
        if kind == "tool":
            return record.name
        if kind == "control":
            return f"{record.control.control_id} {record.control.title}"
        return record.finding_key

    def value(kind, record, name) -> str:
        if name in ROLE_FIELDS:
            return role_names.get(getattr(record, f"{name}_id"), "")
        if name in USER_FIELDS:
            return names.get(getattr(record, f"{name}_id"), "")
        if name == "letters":
            return display_letters(record.letters)
        return choice_label(record._meta.get_field(name), getattr(record, name, None))

    entries: list[AuditEntry] = []
    for kind, records in histories.items():
        previous: dict = {}
        fields = [
            f.name
            for f in (records[0]._meta.fields if records else [])
            if f.name not in IGNORED and not f.name.endswith("_ptr")
        ]
        labels = {name: field_label(type(records[0]), name) for name in fields}
        for record in sorted(records, key=lambda h: (h.history_date, h.history_id)):
            before = previous.get(record.id)
            changes = []
            if record.history_type == "~" and before is not None:
                for name in fields:
                    old, new = value(kind, before, name), value(kind, record, name)
                    if old != new:
                        changes.append(Change(name, labels[name], old, new))
                if not changes:
                    previous[record.id] = record
                    continue
            elif record.history_type == "+":
                changes = [
                    Change(name, labels[name], "", value(kind, record, name))
                    for name in fields
                    if value(kind, record, name) not in ("", "no")
                ]
            previous[record.id] = record
            entries.append(
                AuditEntry(
                    at=record.history_date,
                    user=usernames.get(record.history_user_id, ""),
                    user_name=names.get(record.history_user_id, ""),
                    door=record.door,
                    action=ACTIONS[record.history_type],
                    kind=kind,
                    subject=subject(kind, record),
                    changes=changes,
                )
            )
    status_field = WorkflowEvent._meta.get_field("to_status")
    for event in events:
        status = Change(
            "status",
            field_label(Engagement, "status"),
            choice_label(status_field, event.from_status),
            choice_label(status_field, event.to_status),
        )
        note = Change("note", field_label(WorkflowEvent, "note"), "", event.note)
        entries.append(
            AuditEntry(
                at=event.at,
                user=event.by.get_username(),
                user_name=person_name(event.by),
                door=event.door,
                action=event.get_transition_display(),
                kind="workflow",
                subject=f"revision {engagement.revision}",
                changes=[status, *([note] if event.note else [])],
            )
        )
    entries = [
        entry
        for entry in entries
        if (not wanted_door or entry.door == wanted_door)
        and (not wanted_kind or entry.kind == wanted_kind)
        and (since is None or entry.at >= since)
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit] if limit else entries
