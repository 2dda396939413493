"""/api/ URLs. Register new resources on `router`, or add paths to `urlpatterns`, here.

Ids in paths match any segment without a slash so that a bad id is a JSON 404 from the
view, not Django's HTML page.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from engagements.api.advice import AssessmentView, RecommendationView, TransitionView
from engagements.api.audit import AuditTrailView
from engagements.api.auth import TokenView
from engagements.api.matrix import MatrixView
from engagements.api.nested import (
    AcknowledgementViewSet,
    CommentViewSet,
    RoleViewSet,
    RowViewSet,
    WorkflowEventViewSet,
)
from engagements.api.views import (
    AssignmentViewSet,
    ClientViewSet,
    DomainViewSet,
    EngagementViewSet,
    ToolViewSet,
)

ENGAGEMENT = r"engagements/(?P<engagement_pk>[^/]+)"

router = SimpleRouter()
router.register("clients", ClientViewSet, basename="api-client")
router.register("domains", DomainViewSet, basename="api-domain")
router.register("engagements", EngagementViewSet, basename="api-engagement")
router.register(f"{ENGAGEMENT}/roles", RoleViewSet, basename="api-role")
router.register(f"{ENGAGEMENT}/rows", RowViewSet, basename="api-row")
router.register(f"{ENGAGEMENT}/comments", CommentViewSet, basename="api-comment")
router.register(
    f"{ENGAGEMENT}/acknowledgements", AcknowledgementViewSet, basename="api-acknowledgement"
)
router.register(f"{ENGAGEMENT}/events", WorkflowEventViewSet, basename="api-event")
router.register("assignments", AssignmentViewSet, basename="api-assignment")
router.register("tools", ToolViewSet, basename="api-tool")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("engagements/<str:pk>/matrix/", MatrixView.as_view(), name="api-matrix"),
    path("engagements/<str:pk>/audit/", AuditTrailView.as_view(), name="api-audit"),
    path("clients/<str:pk>/assessment/", AssessmentView.as_view(), name="api-assessment"),
    path(
        "clients/<str:pk>/recommendation/",
        RecommendationView.as_view(),
        name="api-recommendation",
    ),
    path("engagements/<str:pk>/transition/", TransitionView.as_view(), name="api-transition"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
