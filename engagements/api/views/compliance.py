"""REST API for compliance controls: the catalogs, an engagement's customer responsibility
matrix (filterable, and editable through the services) and its OSCAL export.

  GET               /api/frameworks/
  GET               /api/frameworks/{code}/controls/
  GET, POST         /api/engagements/{id}/controls/          ?framework= &origination= &role=
  GET, PATCH, DELETE /api/engagements/{id}/controls/{pk}/
  GET               /api/engagements/{id}/oscal/

Engagements are found through the user's selector: another client's engagement is a 404.
Writes require If-Match with the engagement's ETag (428 without), and refuse (412) if the matrix
changed since it was read.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import services
from engagements.api.base import ApiViewMixin, ListView, engagement_or_404
from engagements.api.conditional import CACHE_CONTROL, not_modified
from engagements.api.filters.backend import FilterBackend
from engagements.api.filters.compliance import ControlFilter, ResponsibilityFilter
from engagements.api.schema import error_response
from engagements.api.serializers.compliance import (
    ControlSerializer,
    FrameworkSerializer,
    ResponsibilitySerializer,
    ResponsibilityUpdateSerializer,
    SelectSerializer,
)
from engagements.exports.oscal.ssp import engagement_ssp
from engagements.models import (
    Control,
    ControlResponsibility,
    Engagement,
    Framework,
    MatrixRow,
    Role,
)
from engagements.selectors.matrix import load_matrix

# -- catalogs --------------------------------------------------------------------------------


@extend_schema(tags=["compliance"])
class FrameworkListView(ApiViewMixin, generics.ListAPIView):
    """The compliance catalogs loaded on this server (NIST CSF 2.0, SP 800-53, HIPAA...)."""

    serializer_class = FrameworkSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return Framework.objects.annotate(
            selectable_count=Count("controls", filter=Q(controls__selectable=True))
        ).order_by("name")


@extend_schema(tags=["compliance"])
class FrameworkControlListView(ListView):
    """The controls of one catalog, in catalog order; `selectable=true` lists the ones an
    engagement can select."""

    serializer_class = ControlSerializer
    filter_backends = [FilterBackend]
    filterset_class = ControlFilter
    queryset = Control.objects.none()

    def scoped_queryset(self):
        framework = get_object_or_404(Framework, code=self.kwargs["code"])
        return (
            Control.objects.filter(framework=framework)
            .select_related("framework", "parent")
            .order_by("order")
        )


# -- an engagement's responsibilities --------------------------------------------------------


def _responsibilities(engagement: Engagement):
    return (
        ControlResponsibility.objects.filter(engagement=engagement)
        .select_related("control__framework", "responsible_role")
        .prefetch_related("implementing_rows__activity")
        .order_by("control__framework__name", "control__order")
    )


def _with_etag(response: Response, engagement: Engagement) -> Response:
    engagement.refresh_from_db(fields=["version"])
    response["ETag"] = engagement.etag
    return response


class EngagementControlsMixin:
    """Views under /api/engagements/{engagement_pk}/: the engagement, if the user may see it."""

    def engagement(self) -> Engagement:
        return engagement_or_404(self.request.user, self.kwargs["engagement_pk"])


@extend_schema(tags=["compliance"])
class EngagementControlListView(EngagementControlsMixin, ListView):
    """The engagement's customer responsibility matrix, and selecting controls into it."""

    serializer_class = ResponsibilitySerializer
    filter_backends = [FilterBackend]
    filterset_class = ResponsibilityFilter
    queryset = ControlResponsibility.objects.none()
    if_match = {"POST": "required"}

    def scoped_queryset(self):
        return _responsibilities(self.engagement())

    @extend_schema(request=SelectSerializer, responses={201: ResponsibilitySerializer(many=True)})
    def post(self, request, *args, **kwargs):
        """Select a framework (all of its controls) or some of its controls."""
        engagement = self.engagement()
        expected = self.begin_edit(engagement)
        data = self.validated(SelectSerializer)
        selected = services.controls_select(
            engagement=engagement,
            by=request.user,
            framework=data["framework"],
            controls=data["controls"] or None,
            expected_version=expected,
        )
        rows = _responsibilities(engagement).filter(pk__in=[r.pk for r in selected])
        body = ResponsibilitySerializer(rows, many=True).data
        return _with_etag(Response(body, status=status.HTTP_201_CREATED), engagement)


@extend_schema(tags=["compliance"])
class EngagementControlDetailView(EngagementControlsMixin, ApiViewMixin, APIView):
    """One control of the engagement: read it, say who provides it, or deselect it."""

    if_match = {"PATCH": "required", "DELETE": "required"}

    def _get(self):
        engagement = self.engagement()
        responsibility = get_object_or_404(_responsibilities(engagement), pk=self.kwargs["pk"])
        return engagement, responsibility

    @extend_schema(responses={200: ResponsibilitySerializer})
    def get(self, request, *args, **kwargs):
        engagement, responsibility = self._get()
        return _with_etag(Response(ResponsibilitySerializer(responsibility).data), engagement)

    @extend_schema(
        request=ResponsibilityUpdateSerializer, responses={200: ResponsibilitySerializer}
    )
    def patch(self, request, *args, **kwargs):
        engagement, responsibility = self._get()
        expected = self.begin_edit(engagement)
        fields = self.validated(
            ResponsibilityUpdateSerializer,
            partial=True,
            scopes={
                "responsible_role": Role.objects.filter(engagement=engagement),
                "implementing_rows": MatrixRow.objects.filter(engagement=engagement),
            },
        )
        services.control_responsibility_update(
            responsibility=responsibility, by=request.user, expected_version=expected, **fields
        )
        responsibility = _responsibilities(engagement).get(pk=responsibility.pk)
        return _with_etag(Response(ResponsibilitySerializer(responsibility).data), engagement)

    @extend_schema(responses={204: None})
    def delete(self, request, *args, **kwargs):
        engagement, responsibility = self._get()
        expected = self.begin_edit(engagement)
        services.controls_deselect(
            engagement=engagement,
            by=request.user,
            responsibilities=[responsibility],
            expected_version=expected,
        )
        return _with_etag(Response(status=status.HTTP_204_NO_CONTENT), engagement)


@extend_schema(tags=["compliance"])
class EngagementOscalView(EngagementControlsMixin, ApiViewMixin, APIView):
    """The engagement's control responsibilities as an OSCAL System Security Plan."""

    @extend_schema(
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='OSCAL 1.1 JSON: {"system-security-plan": {...}}.',
            ),
            409: error_response(409, "No control is selected yet: nothing to export."),
        },
    )
    def get(self, request, *args, **kwargs):
        engagement = self.engagement()
        unchanged = not_modified(request, engagement.etag)
        if unchanged is not None:
            return unchanged
        document = engagement_ssp(load_matrix(engagement))
        name = slugify(f"{engagement.client.slug}-{engagement.slug}-r{engagement.revision}")
        response = Response(document)
        response["Content-Disposition"] = f'inline; filename="{name}-oscal-ssp.json"'
        response["ETag"] = engagement.etag
        response["Cache-Control"] = CACHE_CONTROL
        return response
