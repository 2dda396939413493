"""Every /api/ URL. raci_project/urls.py includes this module under "api/" and nothing else
of the API (apart from the JSON 404 for paths nothing matched).

Ids in the router's paths match any segment without a slash so that a bad id is a JSON 404
from the view, not Django's HTML page. The explicit paths come first: the workbook's
(`export.xlsx`, `import/`) and the compliance controls must match before the router's
patterns for an engagement.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from engagements.api.views.advice import AssessmentView, RecommendationView, TransitionView
from engagements.api.views.assignments import AssignmentViewSet
from engagements.api.views.audit import AuditTrailView
from engagements.api.views.auth import TokenDetailView, TokenListView, TokenView
from engagements.api.views.clients import ClientViewSet, DomainViewSet
from engagements.api.views.compliance import (
    EngagementControlDetailView,
    EngagementControlListView,
    EngagementOscalView,
    FrameworkControlListView,
    FrameworkListView,
)
from engagements.api.views.engagements import EngagementViewSet
from engagements.api.views.matrix import MatrixView
from engagements.api.views.onramp import FromSheetView
from engagements.api.views.people import (
    CoverageCalendarView,
    OnCallView,
    PersonDetailView,
    PersonListView,
    PersonMentionsView,
    ResponseTargetsView,
)
from engagements.api.views.review import (
    AcknowledgementViewSet,
    CommentViewSet,
    WorkflowEventViewSet,
)
from engagements.api.views.revisions import RevisionDiffView
from engagements.api.views.roles import RoleViewSet
from engagements.api.views.rows import RowViewSet
from engagements.api.views.tools import ToolViewSet
from engagements.api.views.workbook import (
    ExhibitPdfView,
    WorkbookExportView,
    WorkbookImportView,
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
    # Compliance: the catalogs, an engagement's control responsibilities, its OSCAL SSP.
    path("frameworks/", FrameworkListView.as_view(), name="api-framework-list"),
    path(
        "frameworks/<slug:code>/controls/",
        FrameworkControlListView.as_view(),
        name="api-framework-controls",
    ),
    path(
        "engagements/<int:engagement_pk>/controls/",
        EngagementControlListView.as_view(),
        name="api-engagement-controls",
    ),
    path(
        "engagements/<int:engagement_pk>/controls/<int:pk>/",
        EngagementControlDetailView.as_view(),
        name="api-engagement-control-detail",
    ),
    path(
        "engagements/<int:engagement_pk>/oscal/",
        EngagementOscalView.as_view(),
        name="api-engagement-oscal",
    ),
    # The Excel workbook, out and in.
    path(
        "engagements/<int:pk>/export.xlsx",
        WorkbookExportView.as_view(),
        name="api-engagement-export-xlsx",
    ),
    path(
        "engagements/<int:pk>/exhibit.pdf",
        ExhibitPdfView.as_view(),
        name="api-engagement-exhibit-pdf",
    ),
    path(
        "engagements/<int:pk>/import/",
        WorkbookImportView.as_view(),
        name="api-engagement-import",
    ),
    # Someone else's RACI sheet into a draft (before the router's engagement detail).
    path("engagements/from-sheet/", FromSheetView.as_view(), name="api-engagement-from-sheet"),
    path(
        "engagements/<int:pk>/coverage.ics",
        CoverageCalendarView.as_view(),
        name="api-engagement-coverage-ics",
    ),
    path(
        "engagements/<str:pk>/rows/<str:row_pk>/response-targets/",
        ResponseTargetsView.as_view(),
        name="api-row-response-targets",
    ),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:pk>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("engagements/<str:pk>/matrix/", MatrixView.as_view(), name="api-matrix"),
    path("engagements/<str:pk>/audit/", AuditTrailView.as_view(), name="api-audit"),
    path("engagements/<str:pk>/diff/", RevisionDiffView.as_view(), name="api-diff"),
    path("clients/<str:pk>/assessment/", AssessmentView.as_view(), name="api-assessment"),
    path(
        "clients/<str:pk>/recommendation/",
        RecommendationView.as_view(),
        name="api-recommendation",
    ),
    path("engagements/<str:pk>/transition/", TransitionView.as_view(), name="api-transition"),
    path("clients/<str:pk>/people/", PersonListView.as_view(), name="api-people"),
    path(
        "clients/<str:pk>/people/<str:person_pk>/",
        PersonDetailView.as_view(),
        name="api-person",
    ),
    path(
        "clients/<str:pk>/people/<str:person_pk>/named/",
        PersonMentionsView.as_view(),
        name="api-person-named",
    ),
    path("clients/<str:pk>/on-call/", OnCallView.as_view(), name="api-on-call"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
