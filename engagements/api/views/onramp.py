"""Someone else's RACI sheet into a draft, over the API.

POST /api/engagements/from-sheet/   multipart: file, client (or engagement, a draft to
    fill), optional mapping (JSON text), title, service_model, confirm.
    Without confirm: 200 with the proposed mapping, the matrix it makes and its findings;
    nothing is written. With confirm=true: 201 with the new draft (200 when a draft was
    filled); a sheet with problems is a 400 naming each by sheet and cell, nothing written.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import selectors
from engagements.api.base import ApiViewMixin, engagement_or_404
from engagements.api.schema import error_response
from engagements.api.serializers.errors import WorkbookErrorSerializer
from engagements.api.serializers.onramp import FromSheetRequestSerializer, preview_payload
from engagements.exports.imports import foreign
from engagements.exports.imports.results import Problem, WorkbookError
from engagements.models import Client
from engagements.permissions import can_edit

_ENVELOPE_BYTES = 64 * 1024
REFUSED = "Only the account manager of this client can import a sheet for it."


class FromSheetView(ApiViewMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="engagement_from_sheet",
        summary="Turn your own RACI sheet into a draft",
        description=(
            "Reads any RACI sheet (.xlsx or .csv): finds the header row, the activity column, "
            "the role columns (letters in any spelling) and section rows; proposes a role and "
            "side for each column, a catalog activity (with its fuzzy-match score) or a new "
            "one for each row, and a meaning for letters raci does not use. Answers the "
            "proposal and the matrix it makes with its findings, writing nothing. Send the "
            "mapping back (changed where needed) with `confirm=true` to create the draft."
        ),
        tags=["workbook"],
        request={"multipart/form-data": FromSheetRequestSerializer},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The proposal and preview."),
            201: OpenApiResponse(OpenApiTypes.OBJECT, description="The draft created."),
            400: error_response(
                400,
                "Not a readable sheet, a bad mapping, or problems in its cells.",
                body=WorkbookErrorSerializer,
            ),
            403: error_response(403, "Not the account manager of this client."),
            404: error_response(404, "No such client or engagement for this user."),
            409: error_response(409, "The engagement is not a draft."),
        },
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > foreign.MAX_BYTES + _ENVELOPE_BYTES:
            raise WorkbookError("The file is larger than 10 MB; raci imports files up to 10 MB.")
        body = FromSheetRequestSerializer(data=request.data)
        if not body.is_valid():
            raise WorkbookError(
                'Send the sheet as the multipart field "file", with the "client" it is for.',
                [
                    Problem("", "", f"{name}: {message}")
                    for name, messages in body.errors.items()
                    for message in messages
                ],
            )
        fields = body.validated_data
        engagement, client = None, None
        if fields.get("engagement"):
            engagement = engagement_or_404(request.user, str(fields["engagement"]), "client")
            self.ensure(can_edit(request.user, engagement), REFUSED)
            client = engagement.client
        else:
            try:
                client = selectors.client_for_user(user=request.user, client_id=fields["client"])
            except Client.DoesNotExist as exc:
                raise NotFound("Not found.") from exc
            self.ensure(can_edit(request.user, client), REFUSED)
        upload = fields["file"]
        arguments = dict(
            file=upload,
            filename=upload.name,
            client=client,
            by=request.user,
            mapping=fields.get("mapping"),
            engagement=engagement,
            service_model=fields.get("service_model") or "",
            title=fields.get("title") or "",
            use_saved=fields["use_saved_mapping"],
        )
        try:
            if not fields["confirm"]:
                return Response(preview_payload(foreign.sheet_preview(**arguments)))
            result, preview = foreign.sheet_import(**arguments)
        except foreign.MappingError as exc:
            raise WorkbookError(
                "The mapping is not one raci reads.", [Problem("", "", f"{exc.field}: {exc}")]
            ) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        payload = {
            "engagement": {
                "id": result.pk,
                "title": result.title,
                "client": result.client_id,
                "status": result.status,
                "service_model": result.service_model,
                "version": result.version,
            },
            "created": {
                "roles": preview.new_role_names,
                "activities": preview.new_activity_names,
            },
            "rows": len(preview.proposal.activity_rows),
            "mapping_saved": True,
        }
        code = status.HTTP_200_OK if engagement is not None else status.HTTP_201_CREATED
        return Response(payload, status=code, headers={"ETag": result.etag})
