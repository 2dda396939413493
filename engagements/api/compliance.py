"""REST API for compliance controls: the catalogs, an engagement's customer responsibility
matrix (filterable, and editable through the services) and its OSCAL export.

Paths (wired in raci_project/urls.py):
  GET               /api/frameworks/
  GET               /api/frameworks/{code}/controls/
  GET, POST         /api/engagements/{id}/controls/          ?framework= &origination= &role=
  GET, PATCH, DELETE /api/engagements/{id}/controls/{pk}/
  GET               /api/engagements/{id}/oscal/

Engagements are found through the user's selector: another client's engagement is a 404.
Writes run inside `through(Door.API)`; an If-Match header carrying the engagement's ETag
makes them refuse (412) if the matrix changed since it was read.
"""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements import selectors, services
from engagements.analysis.controls import can_be_inherited, origination_label
from engagements.api.serializers import LONG_TEXT
from engagements.doors import through
from engagements.errors import RaciError, StaleVersion
from engagements.exports.oscal.ssp import engagement_ssp
from engagements.models import (
    Control,
    ControlKind,
    ControlResponsibility,
    Door,
    Engagement,
    Framework,
    MatrixRow,
    Origination,
    Role,
)
from engagements.models.choices import UNDECIDED, UNDECIDED_LABEL
from engagements.selectors.matrix import load_matrix

# -- errors ----------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Bad input: field -> messages."),
    401: OpenApiResponse(ErrorSerializer, description="Not signed in."),
    403: OpenApiResponse(ErrorSerializer, description="Visible, but not yours to change."),
    404: OpenApiResponse(ErrorSerializer, description="No such engagement for this user."),
    409: OpenApiResponse(ErrorSerializer, description="The revision is not a draft."),
    412: OpenApiResponse(ErrorSerializer, description="The matrix changed since you read it."),
}


def _errors(*codes):
    return {code: ERRORS[code] for code in codes}


_IF_MATCH = re.compile(r'^\s*(?:W/)?"(\d+)-(\d+)"\s*$')


class ServiceErrors:
    """Turn what services raise into API answers (DRF already handles 403 and 404)."""

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            body = (
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"non_field_errors": exc.messages}
            )
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, RaciError):
            body = {"detail": exc.message}
            if isinstance(exc, StaleVersion):
                body["current_version"] = exc.current_version
            return Response(body, status=exc.status_code)
        return super().handle_exception(exc)

    def engagement(self) -> Engagement:
        return get_object_or_404(
            selectors.engagement_list(user=self.request.user), pk=self.kwargs["engagement_pk"]
        )

    def expected_version(self, engagement: Engagement) -> int | None:
        """The version named by If-Match ('"<id>-<version>"', the ETag we send), if any."""
        header = self.request.headers.get("If-Match")
        if not header or header.strip() == "*":
            return None
        match = _IF_MATCH.match(header)
        if not match:
            raise DjangoValidationError(
                {"If-Match": f"Send the ETag you were given, e.g. {engagement.etag}."}
            )
        if int(match.group(1)) != engagement.pk:
            raise StaleVersion(
                "That ETag belongs to another engagement.",
                current_version=engagement.version,
            )
        return int(match.group(2))


def _with_etag(response: Response, engagement: Engagement) -> Response:
    engagement.refresh_from_db(fields=["version"])
    response["ETag"] = engagement.etag
    return response


# -- catalogs --------------------------------------------------------------------------------


class FrameworkSerializer(serializers.ModelSerializer):
    controls = serializers.IntegerField(
        source="selectable_count", read_only=True, help_text="Controls an engagement can select."
    )

    class Meta:
        model = Framework
        fields = ["code", "name", "version", "source", "description", "controls"]


class ControlSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework.code", read_only=True)
    parent = serializers.CharField(source="parent.control_id", read_only=True, default="")

    class Meta:
        model = Control
        fields = [
            "framework",
            "control_id",
            "oscal_id",
            "title",
            "kind",
            "parent",
            "requirement",
            "statement",
            "selectable",
        ]


class ControlFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ControlKind.choices)
    selectable = filters.BooleanFilter()

    class Meta:
        model = Control
        fields = ["kind", "selectable"]


@extend_schema(tags=["compliance"], responses={200: FrameworkSerializer(many=True), **_errors(401)})
class FrameworkListView(generics.ListAPIView):
    """The compliance catalogs loaded on this server (NIST CSF 2.0, SP 800-53, HIPAA...)."""

    serializer_class = FrameworkSerializer
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return Framework.objects.annotate(
            selectable_count=Count("controls", filter=Q(controls__selectable=True))
        ).order_by("name")


@extend_schema(
    tags=["compliance"], responses={200: ControlSerializer(many=True), **_errors(401, 404)}
)
class FrameworkControlListView(generics.ListAPIView):
    """The controls of one catalog, in catalog order; `selectable=true` lists the ones an
    engagement can select."""

    serializer_class = ControlSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ControlFilter
    queryset = Control.objects.none()  # for the schema; see get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        framework = get_object_or_404(Framework, code=self.kwargs["code"])
        return (
            Control.objects.filter(framework=framework)
            .select_related("framework", "parent")
            .order_by("order")
        )


# -- an engagement's responsibilities --------------------------------------------------------


class ImplementingRowSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.code")
    name = serializers.CharField(source="activity.name")

    class Meta:
        model = MatrixRow
        fields = ["id", "activity", "name", "in_scope"]


class ResponsibilitySerializer(serializers.ModelSerializer):
    """One line of the customer responsibility matrix."""

    framework = serializers.CharField(source="control.framework.code")
    control_id = serializers.CharField(source="control.control_id")
    title = serializers.CharField(source="control.title")
    kind = serializers.CharField(source="control.kind")
    requirement = serializers.CharField(source="control.requirement")
    origination_label = serializers.SerializerMethodField()
    can_be_inherited = serializers.SerializerMethodField(
        help_text='"Yes", "Partial", "No", or "" while undecided.'
    )
    responsible_role_name = serializers.CharField(
        source="responsible_role.name", default="", read_only=True
    )
    implementing_rows = ImplementingRowSerializer(many=True)

    class Meta:
        model = ControlResponsibility
        fields = [
            "id",
            "framework",
            "control_id",
            "title",
            "kind",
            "requirement",
            "origination",
            "origination_label",
            "can_be_inherited",
            "responsible_role",
            "responsible_role_name",
            "vendor_name",
            "split_description",
            "msp_responsibility",
            "customer_responsibility",
            "implementing_rows",
        ]

    def get_origination_label(self, obj) -> str:
        return origination_label(obj)

    def get_can_be_inherited(self, obj) -> str:
        return can_be_inherited(obj.origination)


class ResponsibilityUpdateSerializer(serializers.Serializer):
    """What a PATCH may change; the service decides what the combination means."""

    origination = serializers.ChoiceField(
        choices=[("", "Not decided"), *Origination.choices], required=False, allow_blank=True
    )
    responsible_role = serializers.PrimaryKeyRelatedField(
        queryset=Role.objects.none(), required=False, allow_null=True
    )
    vendor_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    split_description = serializers.CharField(
        required=False, allow_blank=True, max_length=LONG_TEXT
    )
    msp_responsibility = serializers.CharField(
        required=False, allow_blank=True, max_length=LONG_TEXT
    )
    customer_responsibility = serializers.CharField(
        required=False, allow_blank=True, max_length=LONG_TEXT
    )
    implementing_rows = serializers.PrimaryKeyRelatedField(
        queryset=MatrixRow.objects.none(), many=True, required=False
    )

    def __init__(self, *args, engagement: Engagement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if engagement is None:  # the schema generator describes the shape only
            return
        self.fields["responsible_role"].queryset = Role.objects.filter(engagement=engagement)
        self.fields["implementing_rows"].child_relation.queryset = MatrixRow.objects.filter(
            engagement=engagement
        )


class SelectSerializer(serializers.Serializer):
    framework = serializers.SlugRelatedField(
        slug_field="code", queryset=Framework.objects.all(), help_text="Framework code."
    )
    controls = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        allow_empty=False,
        help_text="Control ids of that framework; leave out to select all of its controls.",
    )

    def validate(self, attrs):
        ids = list(dict.fromkeys(attrs.get("controls") or ()))
        found = {
            c.control_id: c
            for c in Control.objects.filter(framework=attrs["framework"], control_id__in=ids)
        }
        missing = [cid for cid in ids if cid not in found]
        if missing:
            raise serializers.ValidationError(
                {"controls": f"Not in {attrs['framework'].name}: {', '.join(missing)}."}
            )
        attrs["controls"] = [found[cid] for cid in ids]
        return attrs


class ResponsibilityFilter(filters.FilterSet):
    framework = filters.CharFilter(field_name="control__framework__code", help_text="Code.")
    origination = filters.ChoiceFilter(
        choices=[*Origination.choices, (UNDECIDED, UNDECIDED_LABEL)], method="by_origination"
    )
    role = filters.NumberFilter(field_name="responsible_role_id", help_text="Role id.")
    control = filters.CharFilter(field_name="control__control_id", lookup_expr="iexact")

    class Meta:
        model = ControlResponsibility
        fields = ["framework", "origination", "role", "control"]

    def by_origination(self, queryset, name, value):
        return queryset.filter(origination="" if value == UNDECIDED else value)


def _responsibilities(engagement: Engagement):
    return (
        ControlResponsibility.objects.filter(engagement=engagement)
        .select_related("control__framework", "responsible_role")
        .prefetch_related("implementing_rows__activity")
        .order_by("control__framework__name", "control__order")
    )


class EngagementControlListView(ServiceErrors, generics.ListAPIView):
    """The engagement's customer responsibility matrix, and selecting controls into it."""

    serializer_class = ResponsibilitySerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ResponsibilityFilter
    queryset = ControlResponsibility.objects.none()  # for the schema; see get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return _responsibilities(self.engagement())

    @extend_schema(
        tags=["compliance"],
        responses={200: ResponsibilitySerializer(many=True), **_errors(401, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["compliance"],
        request=SelectSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
        responses={
            201: ResponsibilitySerializer(many=True),
            **_errors(400, 401, 403, 404, 409, 412),
        },
    )
    def post(self, request, *args, **kwargs):
        """Select a framework (all of its controls) or some of its controls."""
        engagement = self.engagement()
        serializer = SelectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with through(Door.API):
            selected = services.controls_select(
                engagement=engagement,
                by=request.user,
                framework=data["framework"],
                controls=data["controls"] or None,
                expected_version=self.expected_version(engagement),
            )
        rows = _responsibilities(engagement).filter(pk__in=[r.pk for r in selected])
        body = ResponsibilitySerializer(rows, many=True).data
        return _with_etag(Response(body, status=status.HTTP_201_CREATED), engagement)


class EngagementControlDetailView(ServiceErrors, APIView):
    """One control of the engagement: read it, say who provides it, or deselect it."""

    def _get(self):
        engagement = self.engagement()
        resp = get_object_or_404(_responsibilities(engagement), pk=self.kwargs["pk"])
        return engagement, resp

    @extend_schema(
        tags=["compliance"], responses={200: ResponsibilitySerializer, **_errors(401, 404)}
    )
    def get(self, request, *args, **kwargs):
        engagement, resp = self._get()
        return _with_etag(Response(ResponsibilitySerializer(resp).data), engagement)

    @extend_schema(
        tags=["compliance"],
        request=ResponsibilityUpdateSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
        responses={200: ResponsibilitySerializer, **_errors(400, 401, 403, 404, 409, 412)},
    )
    def patch(self, request, *args, **kwargs):
        engagement, resp = self._get()
        serializer = ResponsibilityUpdateSerializer(
            data=request.data, partial=True, engagement=engagement
        )
        serializer.is_valid(raise_exception=True)
        with through(Door.API):
            services.control_responsibility_update(
                responsibility=resp,
                by=request.user,
                expected_version=self.expected_version(engagement),
                **serializer.validated_data,
            )
        resp = _responsibilities(engagement).get(pk=resp.pk)
        return _with_etag(Response(ResponsibilitySerializer(resp).data), engagement)

    @extend_schema(
        tags=["compliance"],
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False)],
        responses={204: None, **_errors(401, 403, 404, 409, 412)},
    )
    def delete(self, request, *args, **kwargs):
        engagement, resp = self._get()
        with through(Door.API):
            services.controls_deselect(
                engagement=engagement,
                by=request.user,
                responsibilities=[resp],
                expected_version=self.expected_version(engagement),
            )
        return _with_etag(Response(status=status.HTTP_204_NO_CONTENT), engagement)


class EngagementOscalView(ServiceErrors, APIView):
    """The engagement's control responsibilities as an OSCAL System Security Plan."""

    @extend_schema(
        tags=["compliance"],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='OSCAL 1.1 JSON: {"system-security-plan": {...}}.',
            ),
            **_errors(401, 404),
            409: OpenApiResponse(
                ErrorSerializer, description="No control is selected yet: nothing to export."
            ),
        },
    )
    def get(self, request, *args, **kwargs):
        engagement = self.engagement()
        document = engagement_ssp(load_matrix(engagement))
        name = slugify(f"{engagement.client.slug}-{engagement.slug}-r{engagement.revision}")
        response = Response(document)
        response["Content-Disposition"] = f'inline; filename="{name}-oscal-ssp.json"'
        response["ETag"] = engagement.etag
        return response
