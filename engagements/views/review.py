"""Review and sign-off: the client IT manager reads the matrix and its findings, discusses
activities, acknowledges accepted errors, and approves or requests changes. The account
manager submits drafts, answers comments and starts new revisions."""

from collections import Counter
from copy import copy
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from engagements import selectors, services
from engagements.forms.common import add_service_errors
from engagements.forms.review import AcknowledgeForm, ApproveForm, CommentForm, NoteForm
from engagements.models import Engagement, Severity, Status
from engagements.permissions import can_review
from engagements.presenters.diff import diff_summary, diff_view
from engagements.presenters.matrix import build_matrix
from engagements.views.common import (
    Outcome,
    abilities,
    attempt,
    back_to,
    engagement_for,
    fragments,
    part_of,
    person,
)


def _next_url(request, default: str) -> str:
    """Where a form posted from several pages returns to (only ever this site)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


ROW_FILTERS = {
    "changed": "Changed since the last signed revision",
    "findings": "With findings",
    "comments": "With comments",
}


@dataclass
class Thread:
    """The comments on one activity, for the list of threads at the top of the review."""

    row: object
    comments: list

    @property
    def last(self):
        return self.comments[-1]

    @property
    def recent(self) -> list:
        """The last three comments, enough to see where the discussion stands."""
        return self.comments[-3:]

    @property
    def earlier(self) -> int:
        return len(self.comments) - len(self.recent)


def _threads(comments) -> list[Thread]:
    """Comment threads on activities, the most recently active first."""
    by_row: dict[int, Thread] = {}
    for comment in comments:
        if comment.row_id:
            by_row.setdefault(comment.row_id, Thread(comment.row, [])).comments.append(comment)
    return sorted(by_row.values(), key=lambda t: (t.last.created_at, t.last.id), reverse=True)


def _filtered(matrix, wanted: str, changed_codes: set[str]):
    """The matrix with only the rows the reviewer asked for (domains left empty drop out)."""
    keep = {
        "changed": lambda r: r.row.activity.code in changed_codes,
        "findings": lambda r: bool(r.findings),
        "comments": lambda r: r.comment_count > 0,
    }[wanted]
    domains = []
    for domain in matrix.domains:
        rows = [r for r in domain.rows if keep(r)]
        if rows:
            domains.append(replace(domain, rows=rows))
    return replace(matrix, domains=domains)


def render_review(request, engagement, *, bound=None, status=200):
    """The review page, by exception: the decision, the findings, what changed since the
    last signed revision and the comment threads first; the full matrix after, filtered to
    the rows asked for. `bound` holds the note forms that came back with errors."""
    bound = bound or {}
    comments = selectors.revision_comment_list(user=request.user, engagement=engagement)
    counts = Counter(comment.row_id for comment in comments if comment.row_id)
    data = selectors.load_matrix(engagement)
    matrix = build_matrix(engagement, data=data, comments=dict(counts))
    previous, diff = selectors.changes_since_signed(engagement=engagement, data=data)
    wanted = request.GET.get("rows", "")
    if wanted not in ROW_FILTERS or (wanted == "changed" and diff is None):
        wanted = ""
    shown = (
        _filtered(matrix, wanted, set(diff.changed_activities) if diff else set())
        if wanted
        else matrix
    )
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "shown": shown,
        "row_filters": [
            (key, label) for key, label in ROW_FILTERS.items() if key != "changed" or diff
        ],
        "row_filter": wanted,
        "row_filter_label": ROW_FILTERS.get(wanted, ""),
        "diff_summary": diff_summary(diff) if diff else "",
        "previous": previous,
        "diff": diff,
        "diff_view": diff_view(diff) if diff else None,
        "threads": _threads(comments),
        "blocking_findings": [f for f in matrix.findings if f.blocking],
        "warning_findings": [
            f for f in matrix.findings if f.severity == Severity.WARNING and not f.acknowledgement
        ],
        "comments": comments,
        "general_comments": [c for c in comments if c.row_id is None],
        "comment_form": CommentForm(prefix="comment-general"),
        "approve_form": bound.get("approve")
        or ApproveForm(prefix="approve", initial={"signer_name": person(request.user)}),
        "changes_form": bound.get("changes") or NoteForm(prefix="changes"),
        "reviewers": [person(u) for u in selectors.reviewer_list(engagement=engagement)],
        "events": selectors.revision_event_list(user=request.user, engagement=engagement),
        "review_page": True,
        **abilities(request.user, engagement),
    }
    return render(request, "engagements/review.html", context, status=status)


@login_required
@require_GET
def review_page(request, pk):
    engagement = engagement_for(request, pk)
    return render_review(request, engagement)


# -- workflow ------------------------------------------------------------------------------


def _step(request, pk, prefix: str, step) -> tuple[Engagement, NoteForm, Outcome]:
    """Take one workflow step on this revision with the note typed under `prefix`. The
    service works on a copy, so a refused step leaves the revision the page shows again as
    it is stored."""
    engagement = engagement_for(request, pk)
    form = NoteForm(request.POST, prefix=prefix)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    outcome = attempt(lambda: step(engagement=copy(engagement), by=request.user, note=note))
    return engagement, form, outcome


@login_required
@require_POST
def submit(request, pk):
    engagement, _form, outcome = _step(request, pk, "submit", services.engagement_submit)
    if outcome.ok:
        reviewers = selectors.reviewer_list(engagement=engagement)
        names = ", ".join(person(u) for u in reviewers) or "nobody yet"
        messages.success(
            request,
            f"Submitted revision {engagement.revision} for review. Emailed the client's IT "
            f"managers: {names}.",
        )
    else:
        messages.error(request, outcome.message)
    return back_to(engagement)


@login_required
@require_POST
def approve(request, pk):
    """Sign off with the typed name and title, once the box is ticked."""
    engagement = engagement_for(request, pk)
    if not can_review(request.user, engagement):
        raise PermissionDenied("Only the client's IT manager can approve this engagement.")
    form = ApproveForm(request.POST, prefix="approve")
    # A revision not in review is refused by the service, whatever was typed.
    if not form.is_valid() and engagement.status == Status.IN_REVIEW:
        messages.error(request, "Nothing was signed: type your name and title and confirm.")
        return render_review(request, engagement, bound={"approve": form}, status=400)
    fields = {k: form.cleaned_data.get(k, "") for k in ("signer_name", "signer_title", "note")}
    outcome = attempt(
        lambda: services.engagement_approve(engagement=copy(engagement), by=request.user, **fields)
    )
    if not outcome.ok:
        if outcome.errors is not None:
            add_service_errors(form, outcome.errors)
        messages.error(request, outcome.message)
        return render_review(request, engagement, bound={"approve": form}, status=outcome.status)
    messages.success(
        request,
        f"Signed off revision {engagement.revision} as {fields['signer_name']}, "
        f"{fields['signer_title']}. It is frozen now; the account manager has been emailed.",
    )
    return back_to(engagement, "engagement_review")


@login_required
@require_POST
def request_changes(request, pk):
    engagement, form, outcome = _step(request, pk, "changes", services.engagement_request_changes)
    if outcome.ok:
        messages.success(
            request,
            f"Sent revision {engagement.revision} back to the account manager as a draft.",
        )
    elif outcome.errors is not None:
        add_service_errors(form, outcome.errors)
        messages.error(request, "Nothing was sent: say what should change.")
        return render_review(request, engagement, bound={"changes": form}, status=400)
    else:
        messages.error(request, outcome.message)
    return back_to(engagement, "engagement_review")


@login_required
@require_POST
def revise(request, pk):
    engagement, _form, outcome = _step(request, pk, "revise", services.engagement_revise)
    if not outcome.ok:
        messages.error(request, outcome.message)
        return back_to(engagement)
    new = outcome.result
    messages.success(
        request,
        f"Started revision {new.revision} as a draft, copied from signed-off revision "
        f"{engagement.revision}.",
    )
    return back_to(new)


# -- discussion ----------------------------------------------------------------------------


def thread_context(request, engagement, row, *, form=None, saved=False):
    key = row.pk if row else "general"
    return {
        "engagement": engagement,
        "thread_row": row,
        "thread_key": key,
        "comments": selectors.comment_thread(user=request.user, engagement=engagement, row=row),
        "comment_form": form or CommentForm(prefix=f"comment-{key}"),
        "saved": saved,
        "next": request.POST.get("next", ""),
        **abilities(request.user, engagement),
    }


@login_required
@require_POST
def comment_add(request, pk):
    """A comment on one activity (row given) or on the whole revision."""
    engagement = engagement_for(request, pk)
    row = None
    row_id = request.POST.get("row", "")
    if row_id:
        if not (row_id.isascii() and row_id.isdigit()):
            raise Http404("No such row.")  # not an id: a 404 like an unknown row, not a 500
        row = part_of(engagement, selectors.engagement_row_list, row_id)
    key = row.pk if row else "general"
    form = CommentForm(request.POST, prefix=f"comment-{key}")
    if form.is_valid():
        body = form.cleaned_data["body"]
        outcome = attempt(
            lambda: services.comment_add(engagement=engagement, body=body, by=request.user, row=row)
        )
    else:  # too long: say so, rather than what the service says of an empty comment
        message = " ".join(error for errors in form.errors.values() for error in errors)
        outcome = Outcome(ok=False, message=message, status=400)
    default = reverse("engagement_review", args=[engagement.pk]) + (
        f"#row-{row.pk}" if row else "#discussion"
    )
    if not request.htmx:
        if outcome.ok:
            messages.success(request, "Comment added.")
        else:
            messages.error(request, f"Comment not added: {outcome.message}")
        return redirect(_next_url(request, default))
    if outcome.ok:
        context = thread_context(request, engagement, row, saved=True)
        parts = [("engagements/_thread.html", context)]
        if row is not None:
            parts.append(
                (
                    "engagements/_comment_count.html",
                    {"row_id": row.pk, "count": len(context["comments"]), "oob": True},
                )
            )
        return fragments(request, parts)
    if outcome.errors is not None:
        add_service_errors(form, outcome.errors)
    elif not form.errors:
        form.add_error(None, outcome.message)
    context = thread_context(request, engagement, row, form=form)
    return fragments(request, [("engagements/_thread.html", context)], status=outcome.status)


# -- accepting an error for sign-off ---------------------------------------------------------


def _acknowledgement(request, pk, change, *, done: str, refused: str = ""):
    """Give or withdraw the acknowledgement of one error: `change(engagement, key, reason)`
    calls the service with the finding and the reason read through the form's fields
    (PostgreSQL refuses a NUL character in a query: a 500). Then, without JavaScript, back
    to the page it came from saying what happened (`done`, or `refused` and the reason);
    for htmx, the findings panel again (with the status bar and the row's findings), a
    refusal beside the finding with what was typed."""
    engagement = engagement_for(request, pk)
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    key = form.cleaned_data.get("finding_key", "")
    outcome = attempt(lambda: change(engagement, key, form.cleaned_data.get("reason", "")))
    if not request.htmx:
        if outcome.ok:
            messages.success(request, done)
        else:
            messages.error(request, f"{refused}{outcome.message}")
        default = reverse("engagement_review", args=[engagement.pk]) + "#findings"
        return redirect(_next_url(request, default))
    ack_error = None
    if not outcome.ok:
        typed = request.POST.get("reason", "")
        ack_error = {"key": key, "message": outcome.message, "reason": typed}
    matrix = build_matrix(engagement, comments={})
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "ack_error": ack_error,
        "next": request.POST.get("next", ""),
        # Posted from the review page: its notes stay folded as they were.
        "fold_notes": "/review/" in request.POST.get("next", ""),
        **abilities(request.user, engagement),
    }
    parts = [("engagements/_findings_panel.html", context)]
    oob = {**context, "oob": True}
    parts.append(("engagements/_status.html", oob))
    posted = request.POST.get("finding_key", "")
    for finding in matrix.findings:
        if finding.finding.key == posted and finding.finding.row_id:
            row_view = matrix.row_view(finding.finding.row_id)
            parts.append(("engagements/_row_findings.html", {**oob, "row_view": row_view}))
            break
    return fragments(request, parts, status=outcome.status)


@login_required
@require_POST
def acknowledge(request, pk):
    """Accept an error for sign-off, with the reason both sides will see."""
    return _acknowledgement(
        request,
        pk,
        lambda engagement, key, reason: services.finding_acknowledge(
            engagement=engagement, finding_key=key, reason=reason, by=request.user
        ),
        done="Error acknowledged; it no longer blocks sign-off.",
        refused="Not acknowledged: ",
    )


@login_required
@require_POST
def unacknowledge(request, pk):
    return _acknowledgement(
        request,
        pk,
        lambda engagement, key, _reason: services.finding_unacknowledge(
            engagement=engagement, finding_key=key, by=request.user
        ),
        done="Acknowledgement withdrawn; the error blocks sign-off again.",
    )
