"""Every read a user makes, scoped to what that user may see.

An account manager sees the clients assigned to them; a client IT manager sees their own
company; a superuser sees everything. Anything else does not exist for that user: doors
answer 404, never 403, so nobody learns what another client has.
"""

from django.db.models import QuerySet

from engagements.models import (
    Assignment,
    Client,
    Comment,
    ControlResponsibility,
    Engagement,
    Membership,
    MembershipKind,
    Tool,
    WorkflowEvent,
)


def _visible_client_ids(user):
    return Membership.objects.filter(user=user).values("client_id")


def client_list(*, user) -> QuerySet[Client]:
    """Clients this user may see."""
    if not user.is_authenticated:
        return Client.objects.none()
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(id__in=_visible_client_ids(user))


def managed_client_list(*, user) -> QuerySet[Client]:
    """Clients whose scope this user may change (account managers and superusers)."""
    if not user.is_authenticated:
        return Client.objects.none()
    if user.is_superuser:
        return Client.objects.all()
    return Client.objects.filter(
        id__in=Membership.objects.filter(user=user, kind=MembershipKind.ACCOUNT_MANAGER).values(
            "client_id"
        )
    )


def engagement_list(*, user) -> QuerySet[Engagement]:
    """Engagements (every revision) of the clients this user may see."""
    if not user.is_authenticated:
        return Engagement.objects.none()
    queryset = Engagement.objects.select_related("client", "account_manager", "signed_off_by")
    if user.is_superuser:
        return queryset
    return queryset.filter(client_id__in=_visible_client_ids(user))


def assignment_list(*, user) -> QuerySet[Assignment]:
    """Matrix cells across the engagements this user may see."""
    return Assignment.objects.filter(row__engagement__in=engagement_list(user=user)).select_related(
        "row__engagement__client", "row__activity__domain", "role"
    )


def tool_list(*, user) -> QuerySet[Tool]:
    return Tool.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "engagement__client", "administered_by"
    )


def comment_list(*, user) -> QuerySet[Comment]:
    return Comment.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "author", "row__activity"
    )


def control_responsibility_list(*, user) -> QuerySet[ControlResponsibility]:
    return ControlResponsibility.objects.filter(
        engagement__in=engagement_list(user=user)
    ).select_related("control__framework", "responsible_role", "engagement__client")


def workflow_event_list(*, user) -> QuerySet[WorkflowEvent]:
    return WorkflowEvent.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "by"
    )


def revision_list(*, engagement: Engagement) -> QuerySet[Engagement]:
    """Every revision of the same engagement, newest first (the caller already sees it)."""
    return Engagement.objects.filter(client_id=engagement.client_id, slug=engagement.slug).order_by(
        "-revision"
    )


# -- model assessment and revision diffs (issue 8) ------------------------------------------


def assessment_list(*, user) -> QuerySet:
    """Questionnaire answers of the clients this user may see."""
    from engagements.models import Assessment

    return Assessment.objects.filter(client__in=client_list(user=user)).select_related(
        "client", "updated_by"
    )


def revision_pair(
    *, user, engagement_id: int, old_revision: int, new_revision: int
) -> tuple[Engagement, Engagement]:
    """Two revisions of the engagement that `engagement_id` (any of its revisions) belongs
    to, as this user may see them. Raises Engagement.DoesNotExist (a 404 in doors) when the
    user cannot see the engagement or it has no such revision."""
    anchor = engagement_list(user=user).get(pk=engagement_id)
    revisions = {
        e.revision: e
        for e in engagement_list(user=user).filter(
            client_id=anchor.client_id,
            slug=anchor.slug,
            revision__in=[old_revision, new_revision],
        )
    }
    missing = [n for n in (old_revision, new_revision) if n not in revisions]
    if missing:
        raise Engagement.DoesNotExist(f"{anchor.title} has no revision {missing[0]}.")
    return revisions[old_revision], revisions[new_revision]


def revision_diff_for(*, user, engagement_id: int, old_revision: int, new_revision: int):
    """What changed from one revision of an engagement to another (in either direction),
    loaded for this user: a RevisionDiff (see engagements/diff.py)."""
    from engagements.diff import revision_diff
    from engagements.matrix_data import load_matrix

    old, new = revision_pair(
        user=user,
        engagement_id=engagement_id,
        old_revision=old_revision,
        new_revision=new_revision,
    )
    return revision_diff(load_matrix(old), load_matrix(new))


# -- findings across a portfolio (appended by the findings work) ----------------------------


def portfolio_findings_summary(*, user):
    """Findings counts for every current revision of every engagement this user sees (an
    account manager's portfolio; a client IT manager's own company), with totals.

    Superseded revisions are history and left out. Costs the same few queries for two
    engagements or two thousand: counts are read from those stored with each engagement
    (engagements.findings_counts), and only the matrices changed since are loaded, together.
    """
    # Imported here so this appended section leaves the module's import block untouched.
    from engagements.analysis import portfolio_from_counts
    from engagements.findings_counts import findings_counts
    from engagements.models import Status

    engagements = list(
        engagement_list(user=user)
        .exclude(status=Status.SUPERSEDED)
        .select_related("client")
        .order_by("client__name", "title", "-revision", "pk")
    )
    return portfolio_from_counts(engagements, findings_counts(engagements))


def domain_list(*, user):
    """The catalog's domains, each with the activities this user may use: the shared catalog
    plus the custom activities of the clients they see (never another client's)."""
    from django.db.models import Prefetch, Q

    from engagements.models import Activity, Domain

    if not user.is_authenticated:
        return Domain.objects.none()
    activities = Activity.objects.filter(
        Q(client__isnull=True) | Q(client__in=client_list(user=user))
    ).order_by("order", "code")
    return Domain.objects.prefetch_related(Prefetch("activities", queryset=activities))


def role_list(*, user):
    """Matrix columns of the engagements this user may see."""
    from engagements.models import Role

    return Role.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "absence_backup"
    )


def matrix_row_list(*, user):
    """Matrix rows of the engagements this user may see."""
    from engagements.models import MatrixRow

    return MatrixRow.objects.filter(engagement__in=engagement_list(user=user)).select_related(
        "activity__domain"
    )


def acknowledgement_list(*, user):
    """Errors accepted for sign-off, in the engagements this user may see."""
    from engagements.models import FindingAcknowledgement

    return FindingAcknowledgement.objects.filter(
        engagement__in=engagement_list(user=user)
    ).select_related("by")


def framework_list():
    """The compliance catalogs loaded on this server (reference data, the same for everyone),
    each with how many of its controls an engagement can select."""
    from django.db.models import Count, Q

    from engagements.models import Framework

    return Framework.objects.annotate(
        selectable_count=Count("controls", filter=Q(controls__selectable=True))
    ).order_by("name")


def control_list(*, framework):
    """One catalog's controls, in catalog order."""
    from engagements.models import Control

    return Control.objects.filter(framework=framework).order_by("order")


# -- one client, its questionnaire and what it recommends (issue 8 pages and API) -----------


def client_for_user(*, user, client_id: int) -> Client:
    """One client this user may see. Raises Client.DoesNotExist (a 404 in doors) for any
    other client, so nobody learns that another client exists."""
    return client_list(user=user).get(pk=client_id)


def assessment_of(*, client: Client):
    """The client's questionnaire answers, or None before anyone has answered."""
    from engagements.models import Assessment

    return Assessment.objects.select_related("updated_by").filter(client=client).first()


def recommendation_for_client(*, client: Client):
    """(answers, recommendation) for a client the caller already sees; (None, None) when the
    questionnaire has not been answered. Two queries at most, whatever the answers."""
    from engagements.recommendation import recommend_for

    assessment = assessment_of(client=client)
    if assessment is None:
        return None, None
    return assessment, recommend_for(assessment)
