"""The matrix document: one engagement's whole matrix as one JSON document.

GET returns it with an ETag (the engagement's version). PUT replaces every cell (and every
coverage entry when `coverage` is sent); PATCH changes the cells and coverage entries it
lists. Both require If-Match: without it 428, with a stale one 412, and nothing changes.

Cells are keyed by activity code and role name, the same in what GET returns and what PUT and
PATCH take, so a client can GET, edit and PUT the document back:

    {"cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"}]}

The document is built from `load_matrix` (a fixed number of queries whatever its size).
"""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from engagements import selectors, services
from engagements.analysis import domain_lead, week_hours
from engagements.analysis.data import MatrixData
from engagements.api.base import ApiViewMixin, id_or_404, if_match_version
from engagements.models import WINDOWS_NEEDED, CoverageNeed, Engagement, Side, Window
from engagements.models.letters import LetterError, display_letters, parse_letters
from engagements.permissions import can_edit
from engagements.selectors.matrix import load_matrix, load_matrix_rows

MAX_ENTRIES = 50_000

# -- what GET returns -------------------------------------------------------------------------


class MatrixEngagementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    client = serializers.CharField(help_text="The client's slug.")
    service_model = serializers.CharField()
    status = serializers.CharField()
    revision = serializers.IntegerField()
    editable = serializers.BooleanField(help_text="Only a draft's matrix can change.")
    business_hours = serializers.CharField(help_text='For example "Mon–Fri 08:00–17:00".')


class MatrixRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    side = serializers.ChoiceField(choices=Side.choices)
    person_name = serializers.CharField(allow_blank=True)
    absence_backup = serializers.CharField(
        allow_null=True, help_text="Name of the role that steps in when this one is away."
    )
    order = serializers.IntegerField()


class MatrixRowDocSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    activity = serializers.CharField(help_text="Activity code: how cells name the row.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    custom = serializers.BooleanField()
    in_scope = serializers.BooleanField()
    split_note = serializers.CharField(allow_blank=True)
    coverage_need = serializers.CharField(
        allow_blank=True, help_text="The row's override; empty when the default applies."
    )
    required_coverage = serializers.ChoiceField(choices=CoverageNeed.choices)
    windows_needed = serializers.ListField(
        child=serializers.ChoiceField(choices=Window.choices),
        help_text="The windows of the week this row must be covered in.",
    )


class MatrixDomainSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    lead = serializers.CharField(
        help_text="Who leads the domain, read from the letters: MSP, Internal, Vendor, Shared, "
        "Flexible, Nobody or N/A."
    )
    rows = MatrixRowDocSerializer(many=True)


class CellSerializer(serializers.Serializer):
    activity = serializers.CharField(max_length=80, help_text="Activity code.")
    role = serializers.CharField(max_length=120, help_text="Role name (any case).")
    letters = serializers.CharField(
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
    activity = serializers.CharField(max_length=80, help_text="Activity code.")
    window = serializers.ChoiceField(choices=Window.choices)
    role = serializers.CharField(
        max_length=120,
        allow_null=True,
        allow_blank=True,
        help_text="Name of the role covering this window; null leaves it uncovered.",
    )


class WeekHoursSerializer(serializers.Serializer):
    business_hours = serializers.FloatField()
    after_hours = serializers.FloatField()
    weekends_holidays = serializers.FloatField()


class MatrixDocumentSerializer(serializers.Serializer):
    engagement = MatrixEngagementSerializer()
    version = serializers.IntegerField(help_text="Bumped on every change; the ETag says it too.")
    etag = serializers.CharField(help_text="Send back as If-Match with PUT or PATCH.")
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


class MatrixPatchSerializer(serializers.Serializer):
    cells = CellSerializer(
        many=True,
        required=False,
        max_length=MAX_ENTRIES,
        help_text='Cells to change; letters "" empties one.',
    )
    coverage = CoverageEntrySerializer(
        many=True,
        required=False,
        max_length=MAX_ENTRIES,
        help_text="Windows to change; role null leaves one uncovered.",
    )

    def validate(self, attrs):
        if "cells" not in attrs and "coverage" not in attrs:
            raise serializers.ValidationError("Send cells, coverage or both.")
        return attrs


class MatrixPutSerializer(serializers.Serializer):
    cells = CellSerializer(
        many=True,
        allow_empty=True,
        max_length=MAX_ENTRIES,
        help_text="Every non-empty cell of the matrix: cells not listed are emptied.",
    )
    coverage = CoverageEntrySerializer(
        many=True,
        required=False,
        allow_empty=True,
        max_length=MAX_ENTRIES,
        help_text="When sent, every covered window: windows not listed become uncovered.",
    )


def _resolve(data: MatrixData, validated: dict, *, replace: bool):
    """Turn cells and coverage named by activity code and role name into changes against
    what is stored: (cell changes, coverage changes). Unknown names are 400s keyed by the
    position of the entry in the request, as DRF reports errors in a list:
    {"cells": {"3": {"role": ["..."]}}}."""
    rows = {row.activity.code: row for row in data.rows}
    roles = {role.name.lower(): role for role in data.roles}
    errors = {}

    def lookup(item, seen, key_of):
        problems = {}
        row = rows.get(item["activity"])
        if row is None:
            problems["activity"] = [f'"{item["activity"]}" is not an activity of this matrix.']
        role = None
        if item.get("role"):
            role = roles.get(item["role"].strip().lower())
            if role is None:
                problems["role"] = [f'"{item["role"]}" is not a role of this matrix.']
        if not problems:
            key = key_of(row, role, item)
            if key in seen:
                problems["non_field_errors"] = ["Listed twice in this request."]
            seen.add(key)
        return row, role, problems

    wanted_cells, cell_errors, seen = {}, {}, set()
    for i, item in enumerate(validated.get("cells", [])):
        row, role, problems = lookup(item, seen, lambda row, role, item: (row.pk, role.pk))
        if problems:
            cell_errors[i] = problems
        else:
            wanted_cells[(row.pk, role.pk)] = parse_letters(item["letters"])
    if cell_errors:
        errors["cells"] = cell_errors

    wanted_coverage, coverage_errors, seen = {}, {}, set()
    for i, item in enumerate(validated.get("coverage", [])):
        row, role, problems = lookup(item, seen, lambda row, role, item: (row.pk, item["window"]))
        if problems:
            coverage_errors[i] = problems
        else:
            wanted_coverage[(row.pk, item["window"])] = role.pk if role else None
    if coverage_errors:
        errors["coverage"] = coverage_errors
    if errors:
        raise ValidationError(errors)

    if replace:
        for key in data.cells:
            wanted_cells.setdefault(key, "")
        if "coverage" in validated:
            for key in data.coverage:
                wanted_coverage.setdefault(key, None)
    cell_changes = [
        services.CellChange(row=data.rows_by_id[row_id], role=data.roles_by_id[role_id], letters=s)
        for (row_id, role_id), s in wanted_cells.items()
        if data.cells.get((row_id, role_id), "") != s
    ]
    coverage_changes = [
        (data.rows_by_id[row_id], window, data.roles_by_id.get(role_id))
        for (row_id, window), role_id in wanted_coverage.items()
        if data.coverage.get((row_id, window)) != role_id
    ]
    return cell_changes, coverage_changes


# -- the view ---------------------------------------------------------------------------------

WRITE_RESPONSES = {
    200: OpenApiResponse(MatrixDocumentSerializer, description="The matrix after the change."),
    204: OpenApiResponse(
        description="Changed, with Prefer: return=minimal: no body; the ETag header is the "
        "new version."
    ),
}
PREFER = OpenApiParameter(
    "Prefer",
    str,
    OpenApiParameter.HEADER,
    description='"return=minimal" (RFC 7240): answer 204 with the new ETag instead of the '
    "whole matrix, which for a large matrix costs more than the change itself.",
)
# A PATCH naming at most this many activities loads only their rows to check it.
PARTIAL_LOAD_MAX = 200


class MatrixView(ApiViewMixin, generics.GenericAPIView):
    """/api/engagements/{id}/matrix/"""

    serializer_class = MatrixDocumentSerializer
    queryset = Engagement.objects.none()
    pagination_class = None
    if_match = {"PUT": "required", "PATCH": "required"}

    def get_object(self) -> Engagement:
        pk = id_or_404(self.kwargs["pk"])
        queryset = selectors.engagement_list(user=self.request.user).select_related(
            "client", "updated_by"
        )
        return generics.get_object_or_404(queryset, pk=pk)

    def _respond(self, data: MatrixData, status_code=status.HTTP_200_OK):
        response = Response(matrix_document(data), status=status_code)
        response["ETag"] = data.engagement.etag
        response["Cache-Control"] = "private, no-cache"
        return response

    @extend_schema(
        summary="The whole matrix",
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                str,
                OpenApiParameter.HEADER,
                description="An ETag you hold: 304 with no body when the matrix is unchanged.",
            )
        ],
        responses={
            200: OpenApiResponse(
                MatrixDocumentSerializer,
                description="The matrix; its ETag header is the version for If-Match.",
            ),
            304: OpenApiResponse(description="Unchanged since the ETag in If-None-Match."),
        },
    )
    def get(self, request, *args, **kwargs):
        engagement = self.get_object()
        if engagement.etag in request.headers.get("If-None-Match", ""):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
            response["ETag"] = engagement.etag
            return response
        return self._respond(load_matrix(engagement))

    @extend_schema(
        summary="Replace every cell (and coverage entry)",
        request=MatrixPutSerializer,
        responses=WRITE_RESPONSES,
        parameters=[PREFER],
    )
    def put(self, request, *args, **kwargs):
        return self._write(request, MatrixPutSerializer, replace=True)

    @extend_schema(
        summary="Change some cells and coverage entries",
        request=MatrixPatchSerializer,
        responses=WRITE_RESPONSES,
        parameters=[PREFER],
    )
    def patch(self, request, *args, **kwargs):
        return self._write(request, MatrixPatchSerializer, replace=False)

    def _write(self, request, serializer_class, *, replace: bool):
        engagement = self.get_object()
        if not can_edit(request.user, engagement):
            raise PermissionDenied("Only the account manager of this client can change its matrix.")
        services.engagement_ensure_editable(engagement)
        expected = if_match_version(request, engagement, required=True)
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        minimal = "return=minimal" in request.headers.get("Prefer", "")
        codes = {
            item["activity"]
            for key in ("cells", "coverage")
            for item in body.validated_data.get(key, ())
        }
        partial = not replace and len(codes) <= PARTIAL_LOAD_MAX
        data = load_matrix_rows(engagement, codes) if partial else load_matrix(engagement)
        cell_changes, coverage_changes = _resolve(data, body.validated_data, replace=replace)
        if cell_changes or coverage_changes:
            with transaction.atomic():
                version = expected
                if cell_changes:
                    services.matrix_cells_set(
                        engagement=engagement,
                        changes=cell_changes,
                        by=request.user,
                        expected_version=version,
                    )
                    version = engagement.version
                for row, window, role in coverage_changes:
                    services.coverage_set(
                        engagement=engagement,
                        row=row,
                        window=window,
                        role=role,
                        by=request.user,
                        expected_version=version,
                    )
                    version = engagement.version
        if minimal:
            response = Response(status=status.HTTP_204_NO_CONTENT)
            response["ETag"] = engagement.etag
            response["Preference-Applied"] = "return=minimal"
            return response
        if cell_changes or coverage_changes or partial:
            data = load_matrix(engagement)
        return self._respond(data)
