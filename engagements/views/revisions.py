"""Revisions of one engagement: their history and what changed between two of them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from engagements import selectors
from engagements.forms.review import NoteForm
from engagements.forms.revisions import DiffForm
from engagements.models import Engagement
from engagements.presenters.diff import diff_summary as summary
from engagements.presenters.diff import diff_view
from engagements.views.common import abilities, engagement_for


@login_required
@require_GET
def history_page(request, pk):
    """Every revision, newest first, with the workflow steps each went through."""
    engagement = engagement_for(request, pk)
    history = selectors.revision_history(user=request.user, engagement=engagement)
    revisions = [revision for revision, _events in history]
    previous = next((r for r in revisions if r.revision < engagement.revision), None)
    newer = next((r for r in reversed(revisions) if r.revision > engagement.revision), None)
    initial = (
        {"old": previous.revision, "new": engagement.revision}
        if previous
        else {"old": engagement.revision, "new": newer.revision if newer else None}
    )
    return render(
        request,
        "engagements/history.html",
        {
            "engagement": engagement,
            "revisions": history,
            "diff_form": DiffForm(revisions=revisions, initial=initial),
            "can_compare": len(revisions) > 1,
            "revise_form": NoteForm(prefix="revise"),
            **abilities(request.user, engagement),
        },
    )


# -- the diff ----------------------------------------------------------------------------------


@login_required
@require_GET
def diff_page(request, pk):
    """What changed between two revisions of the engagement: the changed activities as a
    grid (cells before -> after), then terms, roles, tools and compliance controls."""
    engagement = engagement_for(request, pk)
    revisions = list(selectors.revision_list(engagement=engagement))
    form = DiffForm(request.GET or None, revisions=revisions)
    context = {
        "engagement": engagement,
        "diff_form": form,
        **abilities(request.user, engagement),
    }
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        if not form.is_bound and len(revisions) < 2:
            context["only_one"] = True
        return render(request, "engagements/diff.html", context, status=status)
    old_number, new_number = form.cleaned_data["old"], form.cleaned_data["new"]
    try:
        diff = selectors.revision_diff_for(
            user=request.user,
            engagement_id=engagement.pk,
            old_revision=old_number,
            new_revision=new_number,
        )
    except Engagement.DoesNotExist as exc:
        raise Http404("No such revision.") from exc
    by_number = {r.revision: r for r in revisions}
    context.update(
        diff=diff,
        old=by_number[old_number],
        new=by_number[new_number],
        view=diff_view(diff),
        summary=summary(diff),
    )
    return render(request, "engagements/diff.html", context)
