"""Revisions of one engagement: their history and what changed between two of them."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from engagements import selectors
from engagements.analysis.diff import RevisionDiff
from engagements.forms.review import NoteForm
from engagements.forms.revisions import DiffForm
from engagements.models import CoverageNeed, Engagement, MatrixRow, Role, Tool
from engagements.models.engagement import WEEKDAY_NAMES
from engagements.models.labels import field_label
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


# -- the diff, in words ------------------------------------------------------------------------

COVERAGE_LABELS = dict(CoverageNeed.choices)


def _words(field_name: str, value: str) -> str:
    """A diff value as people read it ("12345" -> "Mon, Tue, Wed, Thu, Fri")."""
    if field_name == "business_days" and value.isdigit():
        return ", ".join(WEEKDAY_NAMES[int(day)] for day in value)
    if field_name == "coverage_need":
        return COVERAGE_LABELS.get(value, "the activity's default" if not value else value)
    if field_name == "business_start" or field_name == "business_end":
        return value[:5]
    return value


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class ActivityChanges:
    """Everything that changed about one activity, for one block of the diff page."""

    name: str
    domain: str
    added: bool = False
    removed: bool = False
    fields: list[Change] = field(default_factory=list)
    cells: list = field(default_factory=list)  # CellDiff
    coverage: list = field(default_factory=list)  # CoverageDiff


def by_activity(diff: RevisionDiff) -> list[ActivityChanges]:
    """The diff's activity-level changes grouped per activity, in matrix order."""
    groups: dict[str, ActivityChanges] = {}

    def group(ref) -> ActivityChanges:
        if groups.get(ref.code) is None:
            groups[ref.code] = ActivityChanges(name=ref.name, domain=ref.domain_name)
        return groups[ref.code]

    for code in diff.changed_activities:
        groups.setdefault(code, None)
    for ref in diff.activities_added:
        group(ref).added = True
    for ref in diff.activities_removed:
        group(ref).removed = True
    for change in diff.row_changes:
        group(change.activity).fields.append(
            Change(
                field_label(MatrixRow, change.field),
                _words(change.field, change.before),
                _words(change.field, change.after),
            )
        )
    for cell in diff.cells:
        group(cell.activity).cells.append(cell)
    for cover in diff.coverage:
        group(cover.activity).coverage.append(cover)
    return [g for g in groups.values() if g is not None]


def summary(diff: RevisionDiff) -> str:
    """One line: what kinds of thing changed, and how many of each."""
    counts = diff.counts
    parts = [
        (counts["cells"], "cell", "cells"),
        (counts["coverage"], "coverage window", "coverage windows"),
        (
            counts["activities"],
            "activity added, removed or re-scoped",
            "activities added, removed or re-scoped",
        ),
        (counts["roles"], "role", "roles"),
        (counts["tools"], "tool", "tools"),
        (counts["engagement"], "term of the engagement", "terms of the engagement"),
    ]
    words = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    return "Changed: " + ", ".join(words) + "."


def _field_changes(model, changes) -> list[Change]:
    return [
        Change(field_label(model, c.field), _words(c.field, c.before), _words(c.field, c.after))
        for c in changes
    ]


@login_required
@require_GET
def diff_page(request, pk):
    """What changed between two revisions of the engagement: cells, coverage, activities,
    roles, tools and the engagement's own terms."""
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
        activities=by_activity(diff),
        summary=summary(diff),
        engagement_changes=_field_changes(Engagement, diff.engagement),
        roles_changed=[
            (item.name, _field_changes(Role, item.changes)) for item in diff.roles_changed
        ],
        tools_changed=[
            (item.name, _field_changes(Tool, item.changes)) for item in diff.tools_changed
        ],
    )
    return render(request, "engagements/diff.html", context)
