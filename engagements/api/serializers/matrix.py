"""The matrix document: what GET /api/engagements/{id}/matrix/ returns, and what PUT and
PATCH take.

Cells are keyed by activity code and role name, the same in what GET returns and what PUT and
PATCH take, so a client can GET, edit and PUT the document back:

    {"cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"}]}
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.analysis.derived import lead_of, week_windows
from engagements.api.serializers import strict
from engagements.models import WINDOWS_NEEDED, CoverageNeed, Engagement, Side, Window
from engagements.models.letters import LetterError, display_letters, parse_letters
from engagements.selectors.matrix import GridValues

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


# What parse_letters reads: the four letters in either case, and separators between them.
LETTERS_PATTERN = r"^[RACIraci/,;+& \t\r\n-]*$"


@extend_schema_field({"type": "string", "maxLength": 20, "pattern": LETTERS_PATTERN})
class LettersField(strict.CharField):
    """A cell's letters; the schema states the characters they may be written with, and
    `validate_letters` names the first one that is not."""


class CellSerializer(serializers.Serializer):
    activity = strict.CharField(max_length=80, help_text="Activity code.")
    role = strict.CharField(max_length=120, help_text="Role name (any case).")
    letters = LettersField(
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


# Each need's windows as the document lists them (plain strings).
_WINDOWS_NEEDED = {str(need): [str(w) for w in windows] for need, windows in WINDOWS_NEEDED.items()}
_WINDOWS = [str(window) for window in Window.values]


def matrix_document(engagement: Engagement, grid: GridValues) -> dict:
    """The document of one engagement's grid, built from value rows in one pass (no model
    objects, no serializer: the values are already the strings, numbers and booleans that
    MatrixDocumentSerializer, which documents the shape, would return; a test holds them
    to it). Cells and coverage come out row by row, cells in column order."""
    role_names, role_sides, index_of = [], [], {}
    for index, (role_id, name, side, *_) in enumerate(grid.roles):
        index_of[role_id] = index
        role_names.append(name)
        role_sides.append(side)
    cells_of: dict[int, list[tuple[int, str]]] = {}
    for row_id, role_id, letters in grid.cells:
        if letters and role_id in index_of:
            cells_of.setdefault(row_id, []).append((index_of[role_id], letters))
    covered_by: dict[int, dict[str, str]] = {}
    for row_id, window, role_id in grid.coverage:
        if role_id in index_of:
            covered_by.setdefault(row_id, {})[window] = role_names[index_of[role_id]]

    shown: dict[str, str] = {}  # stored letters -> as displayed; a handful of sets
    domains, cells, coverage = [], [], []
    domain_id = None
    for (
        row_id,
        code,
        name,
        description,
        custom_for,
        in_scope,
        split_note,
        need,
        default_need,
        row_domain_id,
        domain_code,
        domain_name,
    ) in grid.rows:
        if row_domain_id != domain_id:
            domain_id = row_domain_id
            rows, accountable, responsible = [], set(), set()
            domain = {"code": domain_code, "name": domain_name, "lead": "N/A", "rows": rows}
            domains.append((domain, accountable, responsible))
        required = need or default_need
        rows.append(
            {
                "id": row_id,
                "activity": code,
                "name": name,
                "description": description,
                "custom": custom_for is not None,
                "in_scope": in_scope,
                "split_note": split_note,
                "coverage_need": need,
                "required_coverage": required,
                "windows_needed": list(_WINDOWS_NEEDED[required]),
            }
        )
        if in_scope:
            domain["lead"] = None  # some row in scope: decided once the domain is read
        row_cells = cells_of.get(row_id)
        if row_cells:
            row_cells.sort()
            for index, letters in row_cells:
                display = shown.get(letters)
                if display is None:
                    display = shown[letters] = display_letters(letters)
                cells.append({"activity": code, "role": role_names[index], "letters": display})
                if in_scope:
                    if "A" in letters:
                        accountable.add(role_sides[index])
                    if "R" in letters:
                        responsible.add(role_sides[index])
        covered = covered_by.get(row_id)
        if covered:
            for window in _WINDOWS:
                if window in covered:
                    coverage.append({"activity": code, "window": window, "role": covered[window]})
    for domain, accountable, responsible in domains:
        if domain["lead"] is None:
            domain["lead"] = lead_of(accountable, responsible)

    return {
        "engagement": {
            "id": engagement.pk,
            "title": engagement.title,
            "client": engagement.client.slug,
            "service_model": str(engagement.service_model),
            "status": str(engagement.status),
            "revision": engagement.revision,
            "editable": engagement.is_editable,
            "business_hours": engagement.business_hours_label(),
        },
        "version": engagement.version,
        "etag": engagement.etag,
        "roles": [
            {
                "id": role_id,
                "name": name,
                "side": side,
                "person_name": person_name,
                "absence_backup": (
                    role_names[index_of[backup_id]] if backup_id in index_of else None
                ),
                "order": order,
            }
            for role_id, name, side, person_name, backup_id, order in grid.roles
        ],
        "domains": [domain for domain, _, _ in domains],
        "cells": cells,
        "coverage": coverage,
        "week_hours": {
            str(window): float(part.hours) for window, part in week_windows(engagement).items()
        },
    }


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
