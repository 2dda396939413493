"""Revisions of one engagement: their history and what changed between two of them."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import DiffForm, NoteForm
from .common import abilities, engagement_for


@login_required
@require_GET
def history_page(request, pk):
    """Every revision, newest first, with the workflow steps each went through."""
    engagement = engagement_for(request, pk)
    revisions = list(
        selectors.revision_list(engagement=engagement).select_related(
            "signed_off_by", "updated_by", "account_manager"
        )
    )
    events = defaultdict(list)
    for event in (
        selectors.workflow_event_list(user=request.user)
        .filter(engagement__in=[r.pk for r in revisions])
        .order_by("at", "id")
    ):
        events[event.engagement_id].append(event)
    previous = next((r for r in revisions if r.revision < engagement.revision), None)
    diff_form = DiffForm(
        revisions=selectors.revision_list(engagement=engagement),
        initial={"old": previous.pk if previous else None, "new": engagement.pk},
    )
    return render(
        request,
        "engagements/history.html",
        {
            "engagement": engagement,
            "revisions": [(revision, events[revision.pk]) for revision in revisions],
            "diff_form": diff_form,
            "can_compare": len(revisions) > 1,
            "revise_form": NoteForm(prefix="revise"),
            **abilities(request.user, engagement),
        },
    )
