"""What changed between two revisions, as the API returns it: every value in words (labels,
names, letters as "A/R"), every field with the label pages give it."""

from rest_framework import serializers

from engagements.analysis.diff import RevisionDiff, value_words
from engagements.api.serializers import strict
from engagements.models import ControlResponsibility, Engagement, MatrixRow, Role, Tool
from engagements.models.labels import field_label


class DiffQuerySerializer(serializers.Serializer):
    # Revision numbers are stored as 32-bit integers: anything larger cannot name one.
    old = strict.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The revision to compare from."
    )
    new = strict.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The revision to compare to."
    )


class DiffFieldChangeSerializer(serializers.Serializer):
    field = strict.CharField(help_text="The field's name.")
    label = strict.CharField(help_text="The field as pages name it.")
    before = strict.CharField(allow_blank=True, help_text='In words; "" for nothing.')
    after = strict.CharField(allow_blank=True)


class DiffItemChangeSerializer(serializers.Serializer):
    name = strict.CharField()
    changes = DiffFieldChangeSerializer(many=True)


class DiffItemsSerializer(serializers.Serializer):
    added = serializers.ListField(child=strict.CharField())
    removed = serializers.ListField(child=strict.CharField())
    changed = DiffItemChangeSerializer(many=True)


class DiffActivitySerializer(serializers.Serializer):
    code = strict.CharField()
    name = strict.CharField()
    domain = strict.CharField(help_text="The domain's name.")


class DiffActivitiesSerializer(serializers.Serializer):
    added = DiffActivitySerializer(many=True)
    removed = DiffActivitySerializer(many=True)


class DiffRowChangeSerializer(DiffFieldChangeSerializer):
    activity = strict.CharField(help_text="Activity code.")


class DiffCellChangeSerializer(serializers.Serializer):
    activity = strict.CharField(help_text="Activity code.")
    role = strict.CharField()
    before = strict.CharField(allow_blank=True, help_text='Letters, e.g. "A/R"; "" empty.')
    after = strict.CharField(allow_blank=True)
    change = strict.ChoiceField(
        choices=["added", "removed", "changed"],
        help_text="added: the cell was empty; removed: it is empty now; changed: other letters.",
    )


class DiffCoverageChangeSerializer(serializers.Serializer):
    activity = strict.CharField(help_text="Activity code.")
    window = strict.CharField(help_text="The window's label, e.g. Nights.")
    before = strict.CharField(allow_blank=True, help_text='Role name; "" for nobody.')
    after = strict.CharField(allow_blank=True)


class DiffControlSerializer(serializers.Serializer):
    framework = strict.CharField(help_text="The framework's name.")
    control_id = strict.CharField()
    title = strict.CharField()
    origination = strict.CharField(allow_blank=True, help_text="Who provides it, in words.")


class DiffControlChangeSerializer(DiffControlSerializer):
    changes = DiffFieldChangeSerializer(many=True)


class DiffControlsSerializer(serializers.Serializer):
    added = DiffControlSerializer(many=True)
    removed = DiffControlSerializer(many=True)
    changed = DiffControlChangeSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    old_revision = strict.IntegerField()
    new_revision = strict.IntegerField()
    empty = strict.BooleanField(help_text="True when the two revisions agree on everything.")
    counts = serializers.DictField(
        child=strict.IntegerField(),
        help_text="How many changes of each kind: engagement, roles, activities, cells, "
        "coverage, tools, controls.",
    )
    terms = DiffFieldChangeSerializer(
        many=True, help_text="The engagement's own terms and parties."
    )
    roles = DiffItemsSerializer()
    activities = DiffActivitiesSerializer()
    rows = DiffRowChangeSerializer(many=True, help_text="Scope, split notes, coverage needs.")
    cells = DiffCellChangeSerializer(many=True)
    coverage = DiffCoverageChangeSerializer(many=True)
    tools = DiffItemsSerializer()
    controls = DiffControlsSerializer(help_text="Compliance control responsibilities.")


def _changes(model, changes) -> list[dict]:
    return [
        {
            "field": c.field,
            "label": field_label(model, c.field),
            "before": value_words(c.field, c.before),
            "after": value_words(c.field, c.after),
        }
        for c in changes
    ]


def _items(added, removed, changed, model) -> dict:
    return {
        "added": list(added),
        "removed": list(removed),
        "changed": [{"name": i.name, "changes": _changes(model, i.changes)} for i in changed],
    }


def _activity(ref) -> dict:
    return {"code": ref.code, "name": ref.name, "domain": ref.domain_name}


def _control(ref) -> dict:
    return {
        "framework": ref.framework,
        "control_id": ref.control_id,
        "title": ref.title,
        "origination": ref.origination,
    }


def _cell_change(cell) -> str:
    if not cell.before:
        return "added"
    if not cell.after:
        return "removed"
    return "changed"


def diff_document(diff: RevisionDiff) -> dict:
    return {
        "old_revision": diff.old_revision,
        "new_revision": diff.new_revision,
        "empty": diff.is_empty,
        "counts": diff.counts,
        "terms": _changes(Engagement, diff.engagement),
        "roles": _items(diff.roles_added, diff.roles_removed, diff.roles_changed, Role),
        "activities": {
            "added": [_activity(a) for a in diff.activities_added],
            "removed": [_activity(a) for a in diff.activities_removed],
        },
        "rows": [
            {"activity": c.activity.code, **_changes(MatrixRow, [c])[0]} for c in diff.row_changes
        ],
        "cells": [
            {
                "activity": c.activity.code,
                "role": c.role,
                "before": c.before_display,
                "after": c.after_display,
                "change": _cell_change(c),
            }
            for c in diff.cells
        ],
        "coverage": [
            {
                "activity": c.activity.code,
                "window": c.window_label,
                "before": c.before,
                "after": c.after,
            }
            for c in diff.coverage
        ],
        "tools": _items(diff.tools_added, diff.tools_removed, diff.tools_changed, Tool),
        "controls": {
            "added": [_control(c) for c in diff.controls_added],
            "removed": [_control(c) for c in diff.controls_removed],
            "changed": [
                {**_control(c.control), "changes": _changes(ControlResponsibility, c.changes)}
                for c in diff.controls_changed
            ],
        },
    }
