"""The matrix page: the account manager's editor on a draft, a read-only matrix otherwise;
and one activity's own settings and discussion (its row page).

The editor is one grid (grid.py saves the cells a change touched and loads the rows a large
matrix does not render at first); without JavaScript each domain's letters are saved as
forms (cells.py). Roles, activities, tools and the engagement's details are ordinary forms shown
here and saved by their own modules; a refused one comes back to this page with its reasons.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from engagements import selectors, services
from engagements.forms.activities import CustomActivityForm, RowAddForm
from engagements.forms.common import add_service_errors
from engagements.forms.details import EngagementDetailsForm
from engagements.forms.matrix import RowSettingsForm
from engagements.forms.review import CommentForm, NoteForm
from engagements.forms.roles import RoleForm
from engagements.forms.tools import ToolForm
from engagements.models import MatrixRow, Window
from engagements.presenters.grid import GridFilter
from engagements.presenters.matrix import build_matrix
from engagements.views.common import (
    abilities,
    attempt,
    back_to,
    engagement_for,
    expected_version,
    fragments,
    part_of,
    person,
    saved_trigger,
)
from engagements.views.grid import grid_context

# -- the page ------------------------------------------------------------------------------


def page_context(request, engagement, matrix, bound=None) -> dict:
    """Everything the matrix page shows; `bound` holds forms that came back with errors."""
    bound = bound or {}
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "cell_base": reverse("engagement_cells", args=[engagement.pk]),
        "reviewers": [person(user) for user in selectors.reviewer_list(engagement=engagement)],
        **abilities(request.user, engagement),
    }
    if context["editing"]:
        roles = matrix.data.roles
        row_add_form = bound.get("row") or RowAddForm(
            prefix="row-add", activities=selectors.addable_activity_list(engagement=engagement)
        )
        context.update(
            role_forms=[
                (
                    role,
                    bound.get(("role", role.pk))
                    or RoleForm(
                        prefix=f"role-{role.pk}",
                        roles=roles,
                        role=role,
                        initial=RoleForm.initial_for(role),
                    ),
                    backup,
                )
                for role, backup in matrix.role_rows
            ],
            role_add_form=bound.get("role") or RoleForm(prefix="role-new", roles=roles),
            activity_form=bound.get("activity") or CustomActivityForm(prefix="activity"),
            row_add_form=row_add_form,
            has_available=row_add_form.offers_activities,
            tool_forms=[
                (
                    tool,
                    bound.get(("tool", tool.pk))
                    or ToolForm(
                        prefix=f"tool-{tool.pk}", roles=roles, initial=ToolForm.initial_for(tool)
                    ),
                )
                for tool in matrix.data.tools
            ],
            tool_add_form=bound.get("tool") or ToolForm(prefix="tool-new", roles=roles),
            details_form=bound.get("details")
            or EngagementDetailsForm(
                prefix="details", initial=EngagementDetailsForm.initial_for(engagement)
            ),
            submit_form=NoteForm(prefix="submit"),
        )
    return context


FIRST_ROWS = 60  # rows a large matrix renders at first; the rest load as the grid scrolls


def render_matrix(request, engagement, *, bound=None, status=200, typed=None, cell_errors=None):
    try:
        open_domain = int(request.GET.get("domain", ""))
    except ValueError:
        open_domain = None
    grid_filter = GridFilter.from_query(request.GET)
    matrix = build_matrix(
        engagement,
        typed=typed,
        cell_errors=cell_errors,
        # Refused cells must be on the page to show why: then every row is.
        first_rows=None if cell_errors else FIRST_ROWS,
        open_domain=open_domain,
        row_filter=grid_filter.keeps if grid_filter else None,
    )
    context = page_context(request, engagement, matrix, bound)
    context.update(grid_context(request, engagement, matrix, grid_filter, page=True))
    return render(request, "engagements/matrix.html", context, status=status)


@login_required
@require_GET
def matrix_page(request, pk):
    engagement = engagement_for(request, pk)
    return render_matrix(request, engagement)


def matrix_fragments(
    request, engagement, matrix, *, first, row_id, status=200, alert="", trigger=None
):
    """The htmx answer to a matrix change: `first` (the swapped element), then the row's
    findings, its domain's counts, the findings panel, the counts and the alert, out of band."""
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "oob": True,
        "alert": alert,
        **abilities(request.user, engagement),
    }
    row_view = matrix.row_view(row_id)
    parts = [
        first,
        ("engagements/_row_findings.html", {**context, "row_view": row_view}),
        ("engagements/_domain_counts.html", {**context, "domain": matrix.domain_of(row_id)}),
        (
            "engagements/_grid_findings.html",
            {**context, **grid_context(request, engagement, matrix)},
        ),
        ("engagements/_status.html", context),
        ("engagements/_alert.html", context),
    ]
    return fragments(request, parts, status=status, trigger=trigger)


# -- one row: scope, split note, coverage, comments -------------------------------------------


def row_context(request, engagement, matrix, row_view, *, form=None, saved=False) -> dict:
    allowed = abilities(request.user, engagement)
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "row_view": row_view,
        "row": row_view.row,
        "saved": saved,
        "comments": selectors.comment_thread(
            user=request.user, engagement=engagement, row=row_view.row
        ),
        "comment_form": CommentForm(prefix=f"comment-{row_view.row.pk}"),
        "letters": [
            (role, cell) for role, cell in zip(matrix.columns, row_view.cells, strict=True)
        ],
        **allowed,
    }
    if allowed["editing"]:
        context["form"] = form or RowSettingsForm(
            prefix=f"r{row_view.row.pk}",
            row=row_view.row,
            roles=matrix.data.roles,
            initial=RowSettingsForm.initial_for(
                row_view.row, matrix.data.row_coverage(row_view.row)
            ),
        )
    return context


def _row_settings_save(request, engagement, row, form, matrix):
    """Apply the row form as one change: scope, note, coverage need and every window."""
    data = form.cleaned_data
    fields = {
        name: data[name]
        for name in ("in_scope", "split_note", "coverage_need")
        if data[name] != getattr(row, name)
    }
    current = matrix.data.row_coverage(row)
    windows = [
        services.CoverageChange(row, window, data[f"cover_{window}"])
        for window in Window.values
        if (current.get(window).pk if current.get(window) else None)
        != (data[f"cover_{window}"].pk if data[f"cover_{window}"] else None)
    ]
    changes = services.MatrixChanges(rows={row: fields} if fields else {}, coverage=windows)

    def work():
        if changes:
            services.matrix_changes_apply(
                engagement=engagement,
                changes=changes,
                by=request.user,
                expected_version=expected_version(request),
            )
        return bool(changes)

    return attempt(work)


@login_required
@require_http_methods(["GET", "POST"])
def row_page(request, pk, row_id):
    """One activity: its letters, findings, scope, split note, coverage and discussion.
    Loaded inline under the row by htmx, or as a page of its own without JavaScript."""
    engagement = engagement_for(request, pk)
    row = get_object_or_404(MatrixRow, engagement=engagement, pk=row_id)
    matrix = build_matrix(engagement)
    row_view = matrix.row_view(row.pk)
    inline = request.htmx and request.GET.get("inline") != "0"
    if request.method == "GET":
        context = row_context(request, engagement, matrix, row_view)
        if inline:
            return render(request, "engagements/_row_detail_tr.html", context)
        return render(request, "engagements/row.html", context)

    row = row_view.row
    form = RowSettingsForm(request.POST, prefix=f"r{row.pk}", row=row, roles=matrix.data.roles)
    outcome = None
    if form.is_valid():
        outcome = _row_settings_save(request, engagement, row, form, matrix)
        if outcome.ok:
            if not request.htmx:
                messages.success(request, f"Saved {row.activity.name}.")
                return back_to(engagement, anchor=f"row-{row.pk}")
            matrix = build_matrix(engagement)
            row_view = matrix.row_view(row.pk)
            context = row_context(request, engagement, matrix, row_view, saved=True)
            context["open"] = True
            return _row_saved(request, engagement, matrix, row_view, context)
        if outcome.errors is not None:
            add_service_errors(form, outcome.errors)
        elif not request.htmx:
            messages.error(request, outcome.message)
            return back_to(engagement, anchor=f"row-{row.pk}")
    context = row_context(request, engagement, matrix, row_view, form=form)
    context["open"] = True
    status = outcome.status if outcome is not None else 422
    alert = outcome.message if outcome is not None and outcome.errors is None else ""
    if request.htmx:
        return matrix_fragments(
            request,
            engagement,
            matrix,
            first=("engagements/_row_detail_tr.html", context),
            row_id=row.pk,
            status=status,
            alert=alert,
        )
    return render(request, "engagements/row.html", context, status=400)


def _row_saved(request, engagement, matrix, row_view, context):
    """After a row change: the detail, the row itself (scope shows on it), and the rest."""
    row_context_oob = {
        "engagement": engagement,
        "matrix": matrix,
        "row_view": row_view,
        "domain": matrix.domain_of(row_view.row.pk),
        "cell_base": reverse("engagement_cells", args=[engagement.pk]),
        "oob": True,
        **abilities(request.user, engagement),
    }
    parts = [
        ("engagements/_row_detail_tr.html", context),
        ("engagements/_grid_row.html", row_context_oob),
        ("engagements/_domain_counts.html", row_context_oob),
        (
            "engagements/_grid_findings.html",
            {**row_context_oob, **grid_context(request, engagement, matrix)},
        ),
        ("engagements/_status.html", row_context_oob),
        ("engagements/_alert.html", row_context_oob),
    ]
    return fragments(request, parts, trigger=saved_trigger(engagement))


# -- the editors on the page: roles, activities, tools, details ------------------------------


def save_editor(request, engagement, form, *, key, anchor, save, done, then=None):
    """Save one editor form of the matrix page: its shape is checked here, its meaning by
    the service (`save`, given the form's values). Then back to where it is listed
    (`then(result)`, or `anchor`) saying what happened (`done(result)`). Bad input, or a
    refusal about it, shows the page again with the reasons on the form (400, under
    `bound[key]`); any other refusal is said above the list."""
    if not form.is_valid():
        messages.error(request, "Nothing was saved. See the form below.")
        return render_matrix(request, engagement, bound={key: form}, status=400)
    outcome = attempt(
        lambda: save(
            by=request.user, expected_version=expected_version(request), **form.cleaned_data
        )
    )
    if outcome.ok:
        messages.success(request, done(outcome.result))
        return back_to(engagement, anchor=then(outcome.result) if then else anchor)
    if outcome.errors is not None:
        add_service_errors(form, outcome.errors)
        messages.error(request, "Nothing was saved. See the form below.")
        return render_matrix(request, engagement, bound={key: form}, status=400)
    messages.error(request, outcome.message)
    return back_to(engagement, anchor=anchor)


def part_form(request, engagement, template, title, anchor, **context):
    """One editor's form of the matrix page on its own: the fragment htmx puts in an opened
    card, or a page of its own without JavaScript. Only the account manager of a draft."""
    allowed = abilities(request.user, engagement)
    if not allowed["editing"]:
        return back_to(engagement, anchor=anchor)
    context = {"engagement": engagement, **allowed, **context}
    if request.htmx:
        return render(request, template, context)
    return render(
        request,
        "engagements/part_edit.html",
        {**context, "form_template": template, "title": title, "anchor": anchor},
    )


def remove_part(request, pk, parts, part_id, remove, *, done, anchor):
    """Remove one role, row or tool of this revision through its service, then go back to
    where it was listed (`anchor(part, ok)`), saying what happened."""
    engagement = engagement_for(request, pk)
    part = part_of(engagement, parts, part_id)
    outcome = attempt(
        lambda: remove(part, by=request.user, expected_version=expected_version(request))
    )
    if outcome.ok:
        messages.success(request, done(part))
    else:
        messages.error(request, outcome.message)
    return back_to(engagement, anchor=anchor(part, outcome.ok))
