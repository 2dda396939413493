"""The matrix document: what GET /api/engagements/{id}/matrix/ returns, and what PUT and
PATCH take.

Cells are keyed by activity code and role name, the same in what GET returns and what PUT and
PATCH take, so a client can GET, edit and PUT the document back:

    {"cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"}]}
"""

from rest_framework import serializers

from engagements.analysis import domain_lead, week_hours
from engagements.analysis.data import MatrixData
from engagements.api.serializers import strict
from engagements.models import WINDOWS_NEEDED, CoverageNeed, Side, Window
from engagements.models.letters import LetterError, display_letters, parse_letters

MAX_ENTRIES = 50_000

# -- what GET returns -------------------------------------------------------------------------


class MatrixEngagementSerializer(serializers.Serializer):
    id = strict.IntegerField()
    title = strict.CharField()
    client = strict.CharField(help_text="The client's slug.")
    service_model = strict.CharField()
    status = strict.CharField()
    revision = strict.IntegerField()
    editable = strict.BooleanField(help_text="Only a draft's matrix can change.")
    business_hours = strict.CharField(help_text='For example "Mon–Fri 08:00–17:00".')


class MatrixRoleSerializer(serializers.Serializer):
    id = strict.IntegerField()
    name = strict.CharField()
    side = strict.ChoiceField(choices=Side.choices)
    person_name = strict.CharField(allow_blank=True)
    absence_backup = strict.CharField(
        allow_null=True, help_text="Name of the role that steps in when this one is away."
    )
    order = strict.IntegerField()


class MatrixRowDocSerializer(serializers.Serializer):
    id = strict.IntegerField()
    activity = strict.CharField(help_text="Activity code: how cells name the row.")
    name = strict.CharField()
    description = strict.CharField(allow_blank=True)
    custom = strict.BooleanField()
    in_scope = strict.BooleanField()
    split_note = strict.CharField(allow_blank=True)
    coverage_need = strict.CharField(
        allow_blank=True, help_text="The row's override; empty when the default applies."
    )
    required_coverage = strict.ChoiceField(choices=CoverageNeed.choices)
    windows_needed = serializers.ListField(
        child=strict.ChoiceField(choices=Window.choices),
        help_text="The windows of the week this row must be covered in.",
    )


class MatrixDomainSerializer(serializers.Serializer):
    code = strict.CharField()
    name = strict.CharField()
    lead = strict.CharField(
        help_text="Who leads the domain, read from the letters: MSP, Internal, Vendor, Shared, "
        "Flexible, Nobody or N/A."
    )
    rows = MatrixRowDocSerializer(many=True)


class CellSerializer(serializers.Serializer):
    activity = strict.CharField(max_length=80, help_text="Activity code.")
    role = strict.CharField(max_length=120, help_text="Role name (any case).")
    letters = strict.CharField(
        max_length=20,
        allow_blank=True,
        trim_whitespace=False,
        help_text='R, A, C, I in any order and case, e.g. "A/R"; "" empties the cell. '
        "Returned in canonical form with slashes.",
    )

    def validate_letters(self, value):
        try:
            return display_letters(parse_letters(value))
        except LetterError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class CoverageEntrySerializer(serializers.Serializer):
    activity = strict.CharField(max_length=80, help_text="Activity code.")
    window = strict.ChoiceField(choices=Window.choices)
    role = strict.CharField(
        max_length=120,
        allow_null=True,
        allow_blank=True,
        help_text="Name of the role covering this window; null leaves it uncovered.",
    )


class WeekHoursSerializer(serializers.Serializer):
    business_hours = strict.FloatField()
    after_hours = strict.FloatField()
    weekends_holidays = strict.FloatField()


class MatrixDocumentSerializer(serializers.Serializer):
    engagement = MatrixEngagementSerializer()
    version = strict.IntegerField(help_text="Bumped on every change; the ETag says it too.")
    etag = strict.CharField(help_text="Send back as If-Match with PUT or PATCH.")
    roles = MatrixRoleSerializer(many=True)
    domains = MatrixDomainSerializer(many=True)
    cells = CellSerializer(many=True, help_text="Every non-empty cell, row by row.")
    coverage = CoverageEntrySerializer(many=True, help_text="Every covered window, row by row.")
    week_hours = WeekHoursSerializer(help_text="Hours a week in each window.")


def _as_str(value):
    """What a serializer CharField or ChoiceField makes of a value: its string (None stays)."""
    return None if value is None else str(value)


def _row_entry(row) -> dict:
    activity = row.activity
    required = row.required_coverage
    return {
        "id": row.pk,
        "activity": _as_str(activity.code),
        "name": _as_str(activity.name),
        "description": _as_str(activity.description),
        "custom": bool(activity.is_custom),
        "in_scope": bool(row.in_scope),
        "split_note": _as_str(row.split_note),
        "coverage_need": _as_str(row.coverage_need),
        "required_coverage": _as_str(required),
        "windows_needed": [_as_str(window) for window in WINDOWS_NEEDED[required]],
    }


def matrix_document(data: MatrixData) -> dict:
    """The document for one loaded matrix (no queries).

    The small parts go through MatrixDocumentSerializer; the rows, cells and coverage
    entries (tens of thousands in a large matrix) are built as the serializer would return
    them, since its per-field pass over each would only turn strings into strings."""
    engagement = data.engagement
    roles_by_id = data.roles_by_id
    rows_by_domain = data.domains()
    document = {
        "engagement": {
            "id": engagement.pk,
            "title": engagement.title,
            "client": engagement.client.slug,
            "service_model": engagement.service_model,
            "status": engagement.status,
            "revision": engagement.revision,
            "editable": engagement.is_editable,
            "business_hours": engagement.business_hours_label(),
        },
        "version": engagement.version,
        "etag": engagement.etag,
        "roles": [
            {
                "id": role.pk,
                "name": role.name,
                "side": role.side,
                "person_name": role.person_name,
                "absence_backup": (
                    roles_by_id[role.absence_backup_id].name
                    if role.absence_backup_id in roles_by_id
                    else None
                ),
                "order": role.order,
            }
            for role in data.roles
        ],
        "domains": [
            {
                "code": domain.code,
                "name": domain.name,
                "lead": domain_lead(data, domain.code),
                "rows": [],
            }
            for domain, rows in rows_by_domain
        ],
        "cells": [],
        "coverage": [],
        "week_hours": week_hours(data),
    }
    output = MatrixDocumentSerializer(document).data
    for domain, (_, rows) in zip(output["domains"], rows_by_domain, strict=True):
        domain["rows"] = [_row_entry(row) for row in rows]

    role_names = [(role.pk, _as_str(role.name)) for role in data.roles]
    shown: dict[str, str] = {}  # stored letters -> as displayed; a handful of sets
    cells, coverage = [], []
    stored_cells, stored_coverage = data.cells, data.coverage
    for row in data.rows:
        row_id, code = row.pk, _as_str(row.activity.code)
        for role_id, role_name in role_names:
            letters = stored_cells.get((row_id, role_id))
            if letters:
                if letters not in shown:
                    shown[letters] = display_letters(letters)
                cells.append({"activity": code, "role": role_name, "letters": shown[letters]})
        for window in Window.values:
            role_id = stored_coverage.get((row_id, window))
            if role_id in roles_by_id:
                coverage.append(
                    {"activity": code, "window": window, "role": _as_str(roles_by_id[role_id].name)}
                )
    output["cells"], output["coverage"] = cells, coverage
    return output


# -- what PUT and PATCH take ------------------------------------------------------------------


def cells_field(**kwargs) -> CellSerializer:
    return CellSerializer(many=True, max_length=MAX_ENTRIES, **kwargs)


def coverage_field(**kwargs) -> CoverageEntrySerializer:
    return CoverageEntrySerializer(many=True, max_length=MAX_ENTRIES, **kwargs)


class MatrixPatchSerializer(serializers.Serializer):
    cells = cells_field(required=False, help_text='Cells to change; letters "" empties one.')
    coverage = coverage_field(
        required=False, help_text="Windows to change; role null leaves one uncovered."
    )

    def validate(self, attrs):
        if "cells" not in attrs and "coverage" not in attrs:
            raise serializers.ValidationError("Send cells, coverage or both.")
        return attrs


class MatrixPutSerializer(serializers.Serializer):
    cells = cells_field(
        allow_empty=True,
        help_text="Every non-empty cell of the matrix: cells not listed are emptied.",
    )
    coverage = coverage_field(
        required=False,
        allow_empty=True,
        help_text="When sent, every covered window: windows not listed become uncovered.",
    )
