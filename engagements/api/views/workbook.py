"""The engagement's Excel workbook over the API: download it, and upload an edited one.

GET  /api/engagements/{id}/export.xlsx   anyone who may see the engagement
GET  /api/engagements/{id}/exhibit.pdf   the same, as the printed exhibit (PDF)
POST /api/engagements/{id}/import/       the client's account manager, drafts only;
                                         multipart `file`, optional `dry_run`

Errors are JSON, from the API's one exception handler: {"detail": ..., "errors": [{"sheet",
"cell", "message"}]} for a workbook that cannot be imported (400), {"detail": ...} otherwise
(403, 404, 409, 412).
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import services
from engagements.api.base import ApiViewMixin, engagement_or_404
from engagements.api.conditional import CACHE_CONTROL, exhibit_etag, not_modified
from engagements.api.formats import PdfRenderer, XlsxRenderer
from engagements.api.schema import ENGAGEMENT_ID, error_response, error_responses
from engagements.api.serializers.errors import WorkbookErrorSerializer
from engagements.api.serializers.workbook import ImportRequestSerializer, ImportResultSerializer
from engagements.exports import imports, pdf, xlsx
from engagements.permissions import can_edit

# Room for the multipart envelope around a file at the size limit.
_ENVELOPE_BYTES = 64 * 1024

IMPORT_REFUSED = "Only the account manager of this client can import its scope."


def _workbook_schema(operation_id: str, summary: str, description: str, **kwargs):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        tags=["workbook"],
        parameters=[ENGAGEMENT_ID],
        **kwargs,
    )


class _WorkbookView(ApiViewMixin, APIView):
    def engagement(self):
        return engagement_or_404(self.request.user, self.kwargs["pk"])

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON even when the client asked for a workbook.
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class _DownloadView(_WorkbookView):
    def download(self, make, filename, media_type) -> HttpResponse:
        """The engagement as a file, or 304 when the client already holds this version (the
        tag covers the matrix, acknowledgements, rule settings and the parties)."""
        engagement = self.engagement()
        etag = exhibit_etag(engagement)
        unchanged = not_modified(self.request, etag)
        if unchanged is not None:
            return unchanged
        response = HttpResponse(make(engagement), content_type=media_type)
        response["Content-Disposition"] = f'attachment; filename="{filename(engagement)}"'
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        return response


class WorkbookExportView(_DownloadView):
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @_workbook_schema(
        "engagement_export_xlsx",
        "Download the engagement as an Excel workbook",
        "Cover, RACI matrix, Coverage, Findings, Tools and Legend sheets, named "
        "`<client>-<engagement>-r<revision>.xlsx`. Any revision may be exported.",
        responses={
            (200, xlsx.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The workbook."
            ),
            **error_responses(401, 403, 404, media_type="application/json"),
        },
    )
    def get(self, request, pk):
        return self.download(xlsx.workbook_bytes, xlsx.workbook_filename, xlsx.MEDIA_TYPE)


class ExhibitPdfView(_DownloadView):
    renderer_classes = [JSONRenderer, PdfRenderer]

    @_workbook_schema(
        "engagement_exhibit_pdf",
        "Download the exhibit as a PDF",
        "The exhibit workbook's content laid out for print (A4 or Letter landscape by the "
        "client's country): cover with the parties, revision, status, signature and "
        "fingerprint, then the RACI matrix, Coverage, Escalation, Tools, Compliance and the "
        "appendices. Every page names the revision and its status and carries the short "
        "fingerprint. Named `<client>-<engagement>-r<revision>-exhibit.pdf`.",
        responses={
            (200, pdf.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The exhibit PDF."
            ),
            **error_responses(401, 403, 404, media_type="application/json"),
        },
    )
    def get(self, request, pk):
        return self.download(pdf.exhibit_pdf, pdf.exhibit_filename, pdf.MEDIA_TYPE)


class WorkbookImportView(_WorkbookView):
    parser_classes = [MultiPartParser, FormParser]

    @_workbook_schema(
        "engagement_import_xlsx",
        "Import an edited workbook into a draft",
        "Reads the RACI matrix, Coverage and Tools sheets of a workbook exported by raci. "
        "Every problem is reported with its sheet and cell, and nothing is saved unless the "
        "whole workbook is valid. With `dry_run` the changes are listed and nothing is saved.",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: ImportResultSerializer,
            400: error_response(
                400,
                "Not an importable workbook, or problems in its cells.",
                body=WorkbookErrorSerializer,
            ),
            403: error_response(403, "Not the account manager of this client."),
            409: error_response(409, "The revision is not a draft (in review or signed)."),
            412: error_response(412, "Someone changed the matrix during the import."),
        },
    )
    def post(self, request, pk):
        engagement = self.engagement()
        self.ensure(can_edit(request.user, engagement), IMPORT_REFUSED)
        services.engagement_ensure_editable(engagement)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > imports.MAX_BYTES + _ENVELOPE_BYTES:
            raise imports.WorkbookError(
                "The file is larger than 10 MB; raci imports workbooks up to 10 MB."
            )

        form = ImportRequestSerializer(data=request.data)
        if not form.is_valid():
            raise imports.WorkbookError(
                'Send the workbook as the multipart field "file".',
                [
                    imports.Problem("", "", f"{name}: {message}")
                    for name, messages in form.errors.items()
                    for message in messages
                ],
            )
        upload = form.validated_data["file"]
        dry_run = form.validated_data["dry_run"]
        try:
            result = imports.import_workbook(
                engagement=engagement,
                file=upload,
                by=request.user,
                filename=upload.name,
                dry_run=dry_run,
                from_other=form.validated_data["from_other"],
            )
        except ValidationError as exc:
            raise imports.WorkbookError(
                "The workbook could not be applied.",
                [imports.Problem("", "", str(message)) for message in exc.messages],
            ) from exc
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
