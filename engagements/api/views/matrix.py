"""The matrix document: one engagement's whole matrix as one JSON document.

GET returns it with an ETag (the engagement's version). PUT replaces every cell (and every
coverage entry when `coverage` is sent); PATCH changes the cells and coverage entries it
lists. Both require If-Match: without it 428, with a stale one 412, and nothing changes.

The shapes are in `serializers/matrix.py`; the document is built from the grid's value rows
(`grid_values`: four queries whatever its size) in one pass. Each process keeps the written
bytes of the documents it built last, by engagement version: reading an unchanged matrix
again costs the queries that find the engagement, not a rebuild.
"""

from django.db import transaction
from django.db.models import Value
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from engagements import services
from engagements.analysis.data import MatrixData
from engagements.api.base import ApiViewMixin, engagement_or_404
from engagements.api.conditional import CACHE_CONTROL, not_modified
from engagements.api.formats import Encoded, EncodedCache
from engagements.api.preconditions import if_match_version
from engagements.api.serializers.matrix import (
    MatrixDocumentSerializer,
    MatrixPatchSerializer,
    MatrixPutSerializer,
    matrix_document,
)
from engagements.models import Engagement, MatrixRow, Role, Window
from engagements.models.letters import parse_letters
from engagements.models.text import name_key
from engagements.permissions import can_edit
from engagements.selectors.matrix import grid_values, load_matrix_grid, load_matrix_rows

# The matrix documents this process wrote last (a 1,000 x 20 document is about 1.5 MB).
DOCUMENTS = EncodedCache(max_bytes=32 * 2**20)


def _document_key(engagement: Engagement) -> tuple:
    """Everything the document shows that can move: the version (every change to the
    matrix, its roles or the engagement bumps it), the status, the last change and the
    client's slug."""
    return (engagement.pk, engagement.etag, engagement.updated_at, engagement.client.slug)


def matrix_document_encoded(engagement: Engagement, *, remember: bool = True) -> Encoded:
    """The written document of this engagement as it stands: from this process's memory
    when it built the same version already, else built (and remembered)."""
    key = _document_key(engagement)
    encoded = DOCUMENTS.get(key) if remember else None
    if encoded is None:
        encoded = Encoded.of(matrix_document(engagement, grid_values(engagement)))
        if remember:
            DOCUMENTS.put(key, encoded)
    return encoded


def _resolve(data: MatrixData, validated: dict, *, replace: bool):
    """Turn cells and coverage named by activity code and role name into changes against
    what is stored: (cell changes, coverage changes). Unknown names are 400s keyed by the
    position of the entry in the request, as DRF reports errors in a list:
    {"cells": {"3": {"role": ["..."]}}}."""
    rows = {row.activity.code: row for row in data.rows}
    roles = {name_key(role.name): role for role in data.roles}
    errors = {}

    def lookup(item, seen, key_of):
        problems = {}
        row = rows.get(item["activity"])
        if row is None:
            problems["activity"] = [f'"{item["activity"]}" is not an activity of this matrix.']
        role = None
        if item.get("role"):
            role = roles.get(name_key(item["role"]))
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


# A body listing more entries than this is checked against the matrix's names (one query,
# set lookups) before its entries are validated one by one, which costs about 80 us each.
EARLY_CHECK_FROM = 200
# Unknown entries listed by position in the answer; the rest are counted.
UNKNOWN_SHOWN = 20


def _refuse_early(engagement: Engagement, raw) -> None:
    """Refuse in milliseconds a large body that cannot be right, before validating each
    entry: more cells than the matrix has (activities x roles), more coverage entries than
    it has windows (activities x windows), or entries naming activities or roles the
    matrix does not have. One query; the answer is a 400 naming the limit, or the first
    unknown entries by position as `_resolve` reports them."""
    if not isinstance(raw, dict):
        return
    lists = {key: raw.get(key) for key in ("cells", "coverage")}
    lists = {key: value for key, value in lists.items() if isinstance(value, list)}
    if sum(len(value) for value in lists.values()) <= EARLY_CHECK_FROM:
        return
    codes, roles = set(), set()
    rows = (
        MatrixRow.objects.filter(engagement=engagement)
        .annotate(kind=Value("activity"))
        .values_list("activity__code", "kind")
        .order_by()
    )
    columns = (
        Role.objects.filter(engagement=engagement)
        .annotate(kind=Value("role"))
        .values_list("name_key", "kind")
        .order_by()
    )
    for value, kind in rows.union(columns, all=True):
        (codes if kind == "activity" else roles).add(value)
    ceilings = {
        "cells": (len(codes) * len(roles), f"{len(roles):,} roles"),
        "coverage": (len(codes) * len(Window.values), f"{len(Window.values)} windows"),
    }
    for key, entries in lists.items():
        ceiling, across = ceilings[key]
        if len(entries) > ceiling:
            raise ValidationError(
                {
                    key: [
                        f"This matrix has {len(codes):,} activities and {across}, so at most "
                        f"{ceiling:,} {key} entries; this request lists {len(entries):,}."
                    ]
                }
            )
    errors, unknown = {}, 0
    for key, entries in lists.items():
        for i, item in enumerate(entries):
            if not isinstance(item, dict):
                continue
            problems = {}
            activity, role = item.get("activity"), item.get("role")
            if isinstance(activity, str) and activity not in codes:
                problems["activity"] = [f'"{activity}" is not an activity of this matrix.']
            if isinstance(role, str) and role.strip() and name_key(role) not in roles:
                problems["role"] = [f'"{role}" is not a role of this matrix.']
            if problems:
                unknown += 1
                if unknown <= UNKNOWN_SHOWN:
                    errors.setdefault(key, {})[str(i)] = problems
    if unknown > UNKNOWN_SHOWN:
        errors["non_field_errors"] = [
            f"{unknown:,} entries name an activity or a role this matrix does not have; "
            f"the first {UNKNOWN_SHOWN} are listed."
        ]
    if errors:
        raise ValidationError(errors)


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
        if self.request.method == "GET":  # the document shows the client, nobody else
            return engagement_or_404(
                self.request.user, self.kwargs["pk"], "client", only_related=True
            )
        return engagement_or_404(self.request.user, self.kwargs["pk"], "client", "updated_by")

    def _respond(self, engagement: Engagement, *, remember: bool = True):
        response = Response(matrix_document_encoded(engagement, remember=remember))
        response["ETag"] = engagement.etag
        response["Cache-Control"] = CACHE_CONTROL
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
        unchanged = not_modified(request, engagement.etag)
        if unchanged is not None:
            return unchanged
        return self._respond(engagement)

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
        _refuse_early(engagement, request.data)
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        minimal = "return=minimal" in request.headers.get("Prefer", "")
        codes = {
            item["activity"]
            for key in ("cells", "coverage")
            for item in body.validated_data.get(key, ())
        }
        partial = not replace and len(codes) <= PARTIAL_LOAD_MAX
        data = load_matrix_rows(engagement, codes) if partial else load_matrix_grid(engagement)
        cell_changes, coverage_changes = _resolve(data, body.validated_data, replace=replace)
        if cell_changes or coverage_changes:
            # The stored findings commit with the change: one commit (a disk sync), not two.
            with transaction.atomic():
                services.matrix_changes_apply(
                    engagement=engagement,
                    changes=services.MatrixChanges(cells=cell_changes, coverage=coverage_changes),
                    by=request.user,
                    expected_version=expected,
                )
                # The version went up by one; only these rows' cells and coverage moved.
                rows = {change.row.pk for change in cell_changes}
                rows |= {row.pk for row, _window, _role in coverage_changes}
                services.findings_counts_refresh_with_change(
                    engagement_ids=[engagement.pk],
                    changed_since={engagement.pk: (engagement.version - 1, rows)},
                )
        if minimal:
            response = Response(status=status.HTTP_204_NO_CONTENT)
            response["ETag"] = engagement.etag
            response["Preference-Applied"] = "return=minimal"
            return response
        # Built after the change, not remembered: only a read stores a document.
        return self._respond(engagement, remember=False)
