"""/api/engagements/{id}/diff/?old=&new=: what changed between two revisions of an
engagement (any of its revisions' ids names it), the same diff the diff page and the
workbook's Changes sheet show. Visible to whoever sees the engagement; anyone else gets 404.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import selectors
from engagements.api.base import ApiViewMixin, engagement_or_404
from engagements.api.schema import error_response
from engagements.api.serializers.revisions import (
    DiffQuerySerializer,
    DiffSerializer,
    diff_document,
)
from engagements.models import Engagement


class RevisionDiffView(ApiViewMixin, APIView):
    pagination_class = None

    @extend_schema(
        summary="What changed between two revisions",
        description="Terms and parties, roles, activities (added, removed, scope, split "
        "notes, coverage needs), cells (letters before and after, and whether the cell was "
        "added, removed or changed), coverage, tools and compliance control responsibilities "
        "(added, removed, origination or split changed). Every value in words. Either "
        "direction works: old may be newer than new.",
        parameters=[
            OpenApiParameter(
                "old", int, required=True, description="Revision number to compare from."
            ),
            OpenApiParameter(
                "new", int, required=True, description="Revision number to compare to."
            ),
        ],
        responses={
            200: DiffSerializer,
            400: error_response(400, "A missing or unknown revision number, by its parameter."),
            404: error_response(404),
        },
    )
    def get(self, request, pk):
        engagement = engagement_or_404(request.user, pk)
        query = DiffQuerySerializer(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        old, new = query.validated_data["old"], query.validated_data["new"]
        try:
            diff = selectors.revision_diff_for(
                user=request.user, engagement_id=engagement.pk, old_revision=old, new_revision=new
            )
        except Engagement.DoesNotExist as exc:
            field = "old" if str(exc).endswith(f"revision {old}.") else "new"
            raise ValidationError({field: [str(exc)]}) from exc
        return Response(diff_document(diff))
