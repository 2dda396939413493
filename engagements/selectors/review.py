"""Reads of a revision's review: who reviews it, what was said about it (comments on its
activities and on the whole revision) and the workflow steps each revision went through."""

from collections import Counter, defaultdict

from django.contrib.auth import get_user_model

from engagements.models import Comment, Engagement, MatrixRow, MembershipKind, WorkflowEvent
from engagements.selectors.engagements import comment_list, workflow_event_list
from engagements.selectors.revisions import revision_list


def reviewer_list(*, engagement: Engagement) -> list:
    """The people who review and sign off this client's engagements: its active client IT
    managers, by first name."""
    return list(
        get_user_model()
        .objects.filter(
            memberships__client_id=engagement.client_id,
            memberships__kind=MembershipKind.CLIENT_IT_MANAGER,
            is_active=True,
        )
        .order_by("first_name", "username")
    )


def revision_comment_list(*, user, engagement: Engagement) -> list[Comment]:
    """Every comment on this revision, on its activities and on the whole, oldest first."""
    return list(comment_list(user=user).filter(engagement=engagement).order_by("created_at", "id"))


def comment_thread(*, user, engagement: Engagement, row: MatrixRow | None = None) -> list[Comment]:
    """The comments on one activity of this revision, or on the revision as a whole when no
    row is given, oldest first."""
    comments = comment_list(user=user).filter(engagement=engagement)
    comments = comments.filter(row=row) if row else comments.filter(row__isnull=True)
    return list(comments.order_by("created_at", "id"))


def comment_counts(*, engagement: Engagement) -> dict[int, int]:
    """How many comments each activity of this revision has, by row id (none: left out)."""
    return dict(
        Counter(
            Comment.objects.filter(engagement=engagement, row__isnull=False).values_list(
                "row_id", flat=True
            )
        )
    )


def revision_event_list(*, user, engagement: Engagement) -> list[WorkflowEvent]:
    """The workflow steps this revision went through (submitted, approved...), oldest first."""
    return list(workflow_event_list(user=user).filter(engagement=engagement).order_by("at", "id"))


def revision_history(*, user, engagement: Engagement) -> list[tuple[Engagement, list]]:
    """Every revision of the engagement, newest first, each with the workflow steps it went
    through: two queries however many revisions there are."""
    revisions = list(
        revision_list(engagement=engagement).select_related(
            "signed_off_by", "updated_by", "account_manager"
        )
    )
    events = defaultdict(list)
    for event in (
        workflow_event_list(user=user)
        .filter(engagement__in=[revision.pk for revision in revisions])
        .order_by("at", "id")
    ):
        events[event.engagement_id].append(event)
    return [(revision, events[revision.pk]) for revision in revisions]
