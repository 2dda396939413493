"""Reads across the revisions of one engagement: the list, a pair, what changed."""

from django.db.models import QuerySet

from engagements.analysis.diff import revision_diff
from engagements.models import Engagement
from engagements.selectors.engagements import engagement_list
from engagements.selectors.matrix import load_matrix


def revision_list(*, engagement: Engagement) -> QuerySet[Engagement]:
    """Every revision of the same engagement, newest first (the caller already sees it)."""
    return Engagement.objects.filter(client_id=engagement.client_id, slug=engagement.slug).order_by(
        "-revision"
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
    old, new = revision_pair(
        user=user,
        engagement_id=engagement_id,
        old_revision=old_revision,
        new_revision=new_revision,
    )
    return revision_diff(load_matrix(old), load_matrix(new))


def revision_signed_before(*, engagement: Engagement) -> Engagement | None:
    """The newest revision older than this one that the client signed off (it may since be
    superseded): what a reviewer last agreed to. None for a first revision."""
    return (
        revision_list(engagement=engagement)
        .filter(revision__lt=engagement.revision, signed_off_at__isnull=False)
        .first()
    )


def changes_since_signed(*, engagement: Engagement, data=None):
    """(the last signed revision, what changed since) for the review page; (None, None) when
    nothing was signed before this revision. `data` is this revision's loaded matrix, when
    the caller already has it."""
    previous = revision_signed_before(engagement=engagement)
    if previous is None:
        return None, None
    return previous, revision_diff(load_matrix(previous), data or load_matrix(engagement))
