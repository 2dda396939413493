"""The engagement's Excel workbook over the API: download it, and upload an edited one.

GET  /api/engagements/{id}/export.xlsx   anyone who may see the engagement
POST /api/engagements/{id}/import/       the client's account manager, drafts only;
                                         multipart `file`, optional `dry_run`

Errors are JSON: {"detail": ..., "errors": [{"sheet", "cell", "message"}]} for a workbook
that cannot be imported (400), {"detail": ...} otherwise (403, 404, 409, 412).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import services
from engagements.errors import RaciError
from engagements.exports import imports, xlsx
from engagements.permissions import can_edit
from engagements.selectors import engagement_list

# Room for the multipart envelope around a file at the size limit.
_ENVELOPE_BYTES = 64 * 1024


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook by its media type; the view returns the bytes."""

    media_type = xlsx.MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


# -- shapes, for validation and the schema --------------------------------------------------


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The edited .xlsx workbook (at most 10 MB).")
    dry_run = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Check the workbook and list the changes without saving anything.",
    )


class ProblemSerializer(serializers.Serializer):
    sheet = serializers.CharField(help_text='e.g. "RACI matrix"; empty for the whole file.')
    cell = serializers.CharField(help_text='e.g. "F12"; empty when no one cell is at fault.')
    message = serializers.CharField()


class WorkbookErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = ProblemSerializer(many=True)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ChangeSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    cell = serializers.CharField(help_text="Empty for a tool removed from the Tools sheet.")
    subject = serializers.CharField(help_text='e.g. "Patch servers / MSP NOC" or a tool name.')
    field = serializers.CharField(help_text='e.g. "letters", "covered by", "added", "removed".')
    before = serializers.CharField()
    after = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField(help_text="True when the changes were saved.")
    change_count = serializers.IntegerField()
    changes = ChangeSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField(help_text="The matrix version (ETag counter) after.")


# drf-spectacular names the path's <pk> "id", after the model's primary key.
_ENGAGEMENT_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The engagement's id."
)
_NOT_SIGNED_IN = OpenApiResponse(DetailSerializer, description="Not signed in.")
_NOT_FOUND = OpenApiResponse(
    DetailSerializer, description="No such engagement, or not one this user may see."
)


def _problems_response(message: str, problems) -> Response:
    return Response(
        {
            "detail": message,
            "errors": [{"sheet": p.sheet, "cell": p.cell, "message": p.message} for p in problems],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class _WorkbookView(APIView):
    permission_classes = [IsAuthenticated]

    def engagement(self, request, pk):
        return get_object_or_404(engagement_list(user=request.user), pk=pk)

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON even when the client asked for a workbook.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class WorkbookExportView(_WorkbookView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        operation_id="engagement_export_xlsx",
        summary="Download the engagement as an Excel workbook",
        description=(
            "Cover, RACI matrix, Coverage, Findings, Tools and Legend sheets, named "
            "`<client>-<engagement>-r<revision>.xlsx`. Any revision may be exported."
        ),
        tags=["workbook"],
        parameters=[_ENGAGEMENT_ID],
        responses={
            (200, xlsx.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The workbook."
            ),
            (401, "application/json"): _NOT_SIGNED_IN,
            (403, "application/json"): _NOT_SIGNED_IN,
            (404, "application/json"): _NOT_FOUND,
        },
    )
    def get(self, request, pk: int):
        engagement = self.engagement(request, pk)
        response = HttpResponse(xlsx.workbook_bytes(engagement), content_type=xlsx.MEDIA_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{xlsx.workbook_filename(engagement)}"'
        )
        response["ETag"] = engagement.etag
        return response


class WorkbookImportView(_WorkbookView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="engagement_import_xlsx",
        summary="Import an edited workbook into a draft",
        description=(
            "Reads the RACI matrix, Coverage and Tools sheets of a workbook exported by "
            "raci. Every problem is reported with its sheet and cell, and nothing is saved "
            "unless the whole workbook is valid. With `dry_run` the changes are listed and "
            "nothing is saved."
        ),
        tags=["workbook"],
        parameters=[_ENGAGEMENT_ID],
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(
                WorkbookErrorSerializer,
                description="Not an importable workbook, or problems in its cells.",
            ),
            401: _NOT_SIGNED_IN,
            403: OpenApiResponse(
                DetailSerializer,
                description="Not signed in, or not the account manager of this client.",
            ),
            404: _NOT_FOUND,
            409: OpenApiResponse(
                DetailSerializer, description="The revision is not a draft (in review or signed)."
            ),
            412: OpenApiResponse(
                DetailSerializer, description="Someone changed the matrix during the import."
            ),
        },
    )
    def post(self, request, pk: int):
        engagement = self.engagement(request, pk)
        if not can_edit(request.user, engagement):
            return Response(
                {"detail": "Only the account manager of this client can import its scope."},
                status=status.HTTP_403_FORBIDDEN,
            )
        try:
            services.engagement_ensure_editable(engagement)
        except RaciError as exc:
            return Response({"detail": exc.message}, status=exc.status_code)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > imports.MAX_BYTES + _ENVELOPE_BYTES:
            message = "The file is larger than 10 MB; raci imports workbooks up to 10 MB."
            return _problems_response(message, [imports.Problem("", "", message)])

        form = ImportRequestSerializer(data=request.data)
        if not form.is_valid():
            problems = [
                imports.Problem("", "", f"{name}: {message}")
                for name, messages in form.errors.items()
                for message in messages
            ]
            return _problems_response('Send the workbook as the multipart field "file".', problems)
        upload = form.validated_data["file"]
        dry_run = form.validated_data["dry_run"]
        try:
            result = imports.import_workbook(
                engagement=engagement,
                file=upload,
                by=request.user,
                filename=upload.name,
                dry_run=dry_run,
            )
        except imports.WorkbookError as exc:
            return _problems_response(exc.message, exc.problems)
        except RaciError as exc:
            return Response({"detail": exc.message}, status=exc.status_code)
        except PermissionDenied as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        except ValidationError as exc:
            messages = [str(message) for message in exc.messages]
            return _problems_response(
                "The workbook could not be applied.", [imports.Problem("", "", m) for m in messages]
            )
        payload = {
            "dry_run": dry_run,
            "applied": result.applied,
            "change_count": len(result.changes),
            "changes": [
                {
                    "sheet": c.sheet,
                    "cell": c.cell,
                    "subject": c.subject,
                    "field": c.field,
                    "before": c.before,
                    "after": c.after,
                }
                for c in result.changes
            ],
            "warnings": result.warnings,
            "version": result.version,
        }
        return Response(payload, headers={"ETag": engagement.etag})
