"""/api/engagements/: every revision of the clients a user can see, their review workflow
(submit, approve, request changes, revise) and their findings."""

from django_filters import utils as filter_utils
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from engagements import selectors, services
from engagements.api.base import EDIT_REFUSED, EditableMixin, ScopedViewSet
from engagements.api.conditional import CACHE_CONTROL, findings_etag, not_modified
from engagements.api.filters.engagements import EngagementFilter
from engagements.api.filters.findings import FINDINGS_PARAMETERS, FindingFilter, order_findings
from engagements.api.schema import viewset_schema
from engagements.api.serializers.engagements import (
    ApproveSerializer,
    EngagementCreateSerializer,
    EngagementSerializer,
    EngagementUpdateSerializer,
    NoteSerializer,
    RequestChangesSerializer,
    ReviseSerializer,
)
from engagements.api.serializers.findings import FindingSerializer
from engagements.models import Engagement
from engagements.permissions import can_edit, can_review
from engagements.selectors.exhibit import msp_organisation
from engagements.selectors.findings import engagement_findings_read
from engagements.selectors.findings_counts import findings_counts_of_page, with_stored_counts


def _workflow_schema(summary, request, responses=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses=responses
        or {200: OpenApiResponse(EngagementSerializer, description="The revision after it.")},
    )


@viewset_schema(
    EngagementSerializer,
    list="Engagements (every revision) of the clients you can see",
    create=("Start a draft engagement from a template", EngagementCreateSerializer),
    retrieve="One revision",
    partial_update=(
        "Change a draft's title, hours, dates, cost structure or control level",
        EngagementUpdateSerializer,
    ),
    destroy="Delete a draft revision",
)
class EngagementViewSet(EditableMixin, ScopedViewSet):
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    # The terms (title, hours, dates, cost structure, control level) are content too.
    if_match = {"PATCH": "required"}
    ordering_aliases = {
        "title": "title",
        "client": "client__name",
        "service_model": "service_model",
        "status": "status",
        "revision": "revision",
        "created_at": "created_at",
        "updated_at": "updated_at",
    }

    def get_queryset(self):
        if self.action == "findings":
            # The findings read the engagement and its client (its time zone), nobody else:
            # five joined rows' columns cost a small request more than its own reading.
            return (
                selectors.engagement_list(user=self.request.user)
                .select_related(None)
                .select_related("client")
            )
        return (
            selectors.engagement_list(user=self.request.user)
            .select_related("updated_by", "next_revision")
            .order_by("client__name", "slug", "-revision", "pk")
        )

    def serialize(self, engagements, *, many: bool = False) -> dict | list:
        """The read shape, with the findings counts of every engagement shown loaded in one
        go (stored counts; only the matrices changed since they were counted are loaded)."""
        shown = engagements if many else [engagements]
        context = {**self.get_serializer_context(), "summaries": findings_counts_of_page(shown)}
        if many:
            # A signed revision's fingerprint is stored; an open one's would mean loading
            # every matrix on the page, so a list leaves it out (GET the revision for it).
            context["fingerprints"] = "stored"
            context["msp"] = msp_organisation()
        return EngagementSerializer(engagements, many=many, context=context).data

    def list(self, request, *args, **kwargs):
        # The page comes with its stored counts (one query for both).
        page = self.paginate_queryset(with_stored_counts(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(self.serialize(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.serialize(self.get_object()))

    def respond(self, obj, status_code=status.HTTP_200_OK, headers=None):
        stored = self.get_queryset().get(pk=obj.pk)
        return Response(self.serialize(stored), status=status_code, headers=headers)

    def created(self, engagement: Engagement) -> Response:
        return self.respond(
            engagement,
            status.HTTP_201_CREATED,
            {"Location": f"/api/engagements/{engagement.pk}/"},
        )

    def create(self, request, *args, **kwargs):
        fields = self.validated(
            EngagementCreateSerializer, scopes={"client": selectors.client_list(user=request.user)}
        )
        client = fields.pop("client")
        self.ensure(can_edit(request.user, client), EDIT_REFUSED)
        return self.created(services.engagement_create(client=client, by=request.user, **fields))

    def partial_update(self, request, *args, **kwargs):
        engagement = self.get_object()
        expected = self.begin_edit(engagement)
        fields = self.validated(EngagementUpdateSerializer, partial=True)
        services.engagement_update(
            engagement=engagement, by=request.user, expected_version=expected, **fields
        )
        return self.respond(engagement)

    def destroy(self, request, *args, **kwargs):
        engagement = self.get_object()
        self.ensure(can_edit(request.user, engagement), EDIT_REFUSED)
        services.engagement_delete(engagement=engagement, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # -- the review workflow: draft -> in review -> signed off -> superseded ----------------

    def _transition(self, request, serializer_class, service, allowed, message, **extra):
        engagement = self.get_object()
        self.ensure(allowed(request.user, engagement), message)
        fields = self.validated(serializer_class)
        return service(engagement=engagement, by=request.user, **fields, **extra)

    @_workflow_schema("Submit a draft for the client's review", NoteSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        engagement = self._transition(
            request, NoteSerializer, services.engagement_submit, can_edit, EDIT_REFUSED
        )
        return self.respond(engagement)

    @_workflow_schema(
        "Approve and sign off a revision in review, with the signer's typed name and title",
        ApproveSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        engagement = self._transition(
            request,
            ApproveSerializer,
            services.engagement_approve,
            can_review,
            "Only the client's IT manager can approve this engagement.",
        )
        return self.respond(engagement)

    @_workflow_schema("Send a revision in review back to draft", RequestChangesSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        engagement = self._transition(
            request,
            RequestChangesSerializer,
            services.engagement_request_changes,
            can_review,
            "Only the client's IT manager can request changes.",
        )
        return self.respond(engagement)

    @_workflow_schema(
        "Start a new draft revision from a signed-off one",
        ReviseSerializer,
        {201: OpenApiResponse(EngagementSerializer, description="The new draft revision.")},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        new = self._transition(
            request, ReviseSerializer, services.engagement_revise, can_edit, EDIT_REFUSED
        )
        return self.created(new)

    @extend_schema(
        summary="Gaps, overlaps and risks in this revision",
        parameters=FINDINGS_PARAMETERS,
        responses={200: FindingSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def findings(self, request, pk=None):
        engagement = self.get_object()
        etag = findings_etag(engagement)
        unchanged = not_modified(request, etag)
        if unchanged is not None:
            return unchanged
        read = engagement_findings_read(engagement)
        found = FindingFilter(
            data=request.query_params,
            queryset=read.findings,
            request=request,
            acknowledgements=read.acknowledgements,
        )
        if not found.is_valid():
            raise filter_utils.translate_validation(found.errors)
        findings = order_findings(found.qs, request.query_params.get("ordering", ""))
        page = self.paginate_queryset(findings)
        response = self.get_paginated_response(
            FindingSerializer.represent(page, read.acknowledgements)
        )
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        return response
