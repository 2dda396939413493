"""The matrix page: the account manager's editor on a draft, a read-only matrix otherwise.

A cell is saved on its own through htmx (the answer carries the cell, the row's findings, the
findings panel and the counts); without JavaScript each domain is a form saved as a whole.
Roles, activities, tools and the engagement's details are ordinary forms.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from engagements import services
from engagements.forms import (
    CommentForm,
    CustomActivityForm,
    EngagementDetailsForm,
    NoteForm,
    RoleForm,
    RowAddForm,
    RowSettingsForm,
    ToolForm,
    add_service_errors,
)
from engagements.models import Activity, MatrixRow, Role, Tool, Window
from engagements.models.letters import LetterError, parse_letters
from engagements.selectors.matrix import load_matrix
from engagements.views import presenters
from engagements.views.common import (
    abilities,
    attempt,
    back_to,
    client_it_managers,
    engagement_for,
    expected_version,
    fragments,
    person,
)

CELL_NAME = re.compile(r"^c-(\d+)-(\d+)$")


# -- the page ------------------------------------------------------------------------------


def available_activities(engagement):
    """Catalog activities and this client's own that are not in the matrix yet."""
    return (
        Activity.objects.filter(Q(client__isnull=True) | Q(client_id=engagement.client_id))
        .exclude(rows__engagement=engagement)
        .select_related("domain")
        .order_by("domain__order", "order", "name")
    )


def page_context(request, engagement, matrix, bound=None) -> dict:
    """Everything the matrix page shows; `bound` holds forms that came back with errors."""
    bound = bound or {}
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "cell_base": reverse("engagement_cells", args=[engagement.pk]),
        "reviewers": [person(user) for user in client_it_managers(engagement)],
        **abilities(request.user, engagement),
    }
    if context["editing"]:
        roles = matrix.data.roles
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
            row_add_form=bound.get("row")
            or RowAddForm(prefix="row-add", activities=available_activities(engagement)),
            has_available=available_activities(engagement).exists(),
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


def render_matrix(request, engagement, *, bound=None, status=200, typed=None, cell_errors=None):
    matrix = presenters.build_matrix(engagement, typed=typed, cell_errors=cell_errors)
    return render(
        request,
        "engagements/matrix.html",
        page_context(request, engagement, matrix, bound),
        status=status,
    )


@login_required
@require_GET
def matrix_page(request, pk):
    engagement = engagement_for(request, pk)
    return render_matrix(request, engagement)


# -- cells ---------------------------------------------------------------------------------


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
        ("engagements/_findings_panel.html", context),
        ("engagements/_status.html", context),
        ("engagements/_alert.html", context),
    ]
    return fragments(request, parts, status=status, trigger=trigger)


def saved_trigger(engagement) -> dict:
    return {"raci:saved": {"version": engagement.version}}


@login_required
@require_POST
def cell_save(request, pk, row_id, role_id):
    """Save one cell (htmx). Refused letters stay in the cell with the reason beside them."""
    engagement = engagement_for(request, pk)
    row = get_object_or_404(MatrixRow, engagement=engagement, pk=row_id)
    role = get_object_or_404(Role, engagement=engagement, pk=role_id)
    name = f"c-{row.pk}-{role.pk}"
    typed = request.POST.get(name, "")
    outcome = attempt(
        lambda: services.assignment_set(
            engagement=engagement,
            row=row,
            role=role,
            letters=typed,
            by=request.user,
            expected_version=expected_version(request),
        )
    )
    if not request.htmx:
        if outcome.ok:
            messages.success(request, f"Saved {role.name} on {row.activity.name}.")
        else:
            messages.error(request, outcome.message)
        return back_to(engagement, anchor=f"row-{row.pk}")

    cell_errors = {}
    if outcome.errors is not None:
        cell_errors[name] = outcome.message
    matrix = presenters.build_matrix(engagement, typed={name: typed}, cell_errors=cell_errors)
    row_view = matrix.row_view(row.pk)
    cell = next(c for c in row_view.cells if c.role_id == role.pk)
    if not outcome.ok and not cell_errors:
        cell.value, cell.unsaved = typed, True
        if outcome.stale:
            cell.conflict = f"{outcome.changed_by} changed the matrix since you loaded it."
    context = {
        "engagement": engagement,
        "row_view": row_view,
        "cell": cell,
        "domain": matrix.domain_of(row.pk),
        "cell_base": reverse("engagement_cells", args=[engagement.pk]),
        **abilities(request.user, engagement),
    }
    return matrix_fragments(
        request,
        engagement,
        matrix,
        first=("engagements/_cell.html", context),
        row_id=row.pk,
        status=outcome.status,
        alert="" if outcome.ok or cell_errors else outcome.message,
        trigger=saved_trigger(engagement) if outcome.ok else None,
    )


@login_required
@require_POST
def cells_save(request, pk):
    """Save every cell of a domain at once: the form a browser without JavaScript sends.
    All cells are saved or none; refused ones are shown with the reason."""
    engagement = engagement_for(request, pk)
    data = load_matrix(engagement)
    changes, names = [], []
    for key, value in request.POST.items():
        match = CELL_NAME.match(key)
        if not match:
            continue
        row = data.rows_by_id.get(int(match[1]))
        role = data.roles_by_id.get(int(match[2]))
        if row is None or role is None:
            continue  # a column or row removed since the page was loaded
        try:
            if parse_letters(value) == data.cells.get((row.id, role.id), ""):
                continue
        except LetterError:
            pass  # the service refuses it, with the reason shown on the cell
        changes.append(services.CellChange(row=row, role=role, letters=value))
        names.append(key)
    if not changes:
        messages.info(request, "Nothing changed.")
        return back_to(engagement)
    outcome = attempt(
        lambda: services.matrix_cells_set(
            engagement=engagement,
            changes=changes,
            by=request.user,
            expected_version=expected_version(request),
        )
    )
    if outcome.ok:
        messages.success(request, f"Saved {len(changes)} cell(s).")
        return back_to(engagement)
    typed = {name: request.POST[name] for name in names}
    if outcome.stale:
        # Keep what was typed, beside the reason, instead of dropping or forcing it in.
        messages.error(request, f"Nothing was saved. {outcome.message}")
        conflict = f"Not saved: {outcome.changed_by} changed the matrix since you loaded it."
        return render_matrix(
            request,
            engagement,
            status=outcome.status,
            typed=typed,
            cell_errors=dict.fromkeys(names, conflict),
        )
    if outcome.errors is None:
        messages.error(request, outcome.message)
        return back_to(engagement)
    cell_errors = {}
    for key, problems in outcome.field_errors.items():
        index = re.match(r"^cells\[(\d+)\]$", key)
        if index and int(index[1]) < len(names):
            cell_errors[names[int(index[1])]] = " ".join(problems)
    messages.error(request, "Nothing was saved: some cells hold letters other than R, A, C, I.")
    return render_matrix(request, engagement, status=400, typed=typed, cell_errors=cell_errors)


# -- one row: scope, split note, coverage, comments -------------------------------------------


def row_context(request, engagement, matrix, row_view, *, form=None, saved=False) -> dict:
    allowed = abilities(request.user, engagement)
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "row_view": row_view,
        "row": row_view.row,
        "saved": saved,
        "comments": list(
            row_view.row.comments.select_related("author").order_by("created_at", "id")
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
    matrix = presenters.build_matrix(engagement)
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
            matrix = presenters.build_matrix(engagement)
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
        ("engagements/_matrix_row.html", row_context_oob),
        ("engagements/_domain_counts.html", row_context_oob),
        ("engagements/_findings_panel.html", row_context_oob),
        ("engagements/_status.html", row_context_oob),
        ("engagements/_alert.html", row_context_oob),
    ]
    return fragments(request, parts, trigger=saved_trigger(engagement))


# -- roles, activities, tools, details ---------------------------------------------------


def _refused(request, engagement, outcome, form, key, anchor):
    """A service said no: put its reasons on the form and show the page again (400), or
    for a refusal that is not about the input, say why on the page."""
    if outcome.errors is not None:
        add_service_errors(form, outcome.errors)
        messages.error(request, "Nothing was saved. See the form below.")
        return render_matrix(request, engagement, bound={key: form}, status=400)
    messages.error(request, outcome.message)
    return back_to(engagement, anchor=anchor)


def _invalid(request, engagement, form, key):
    messages.error(request, "Nothing was saved. See the form below.")
    return render_matrix(request, engagement, bound={key: form}, status=400)


def _roles(engagement):
    return list(Role.objects.filter(engagement=engagement).order_by("order", "id"))


@login_required
@require_POST
def role_add(request, pk):
    engagement = engagement_for(request, pk)
    form = RoleForm(request.POST, prefix="role-new", roles=_roles(engagement))
    if not form.is_valid():
        return _invalid(request, engagement, form, "role")
    outcome = attempt(
        lambda: services.role_add(
            engagement=engagement,
            by=request.user,
            expected_version=expected_version(request),
            **form.cleaned_data,
        )
    )
    if not outcome.ok:
        return _refused(request, engagement, outcome, form, "role", "roles")
    messages.success(request, f'Added the role "{outcome.result.name}".')
    return back_to(engagement, anchor="roles")


@login_required
@require_POST
def role_update(request, pk, role_id):
    engagement = engagement_for(request, pk)
    role = get_object_or_404(Role, engagement=engagement, pk=role_id)
    role.engagement = engagement
    form = RoleForm(request.POST, prefix=f"role-{role.pk}", roles=_roles(engagement), role=role)
    if not form.is_valid():
        return _invalid(request, engagement, form, ("role", role.pk))
    outcome = attempt(
        lambda: services.role_update(
            role=role,
            by=request.user,
            expected_version=expected_version(request),
            **form.cleaned_data,
        )
    )
    if not outcome.ok:
        return _refused(request, engagement, outcome, form, ("role", role.pk), "roles")
    messages.success(request, f'Saved the role "{role.name}".')
    return back_to(engagement, anchor="roles")


@login_required
@require_POST
def role_remove(request, pk, role_id):
    return _remove(
        request,
        pk,
        Role,
        role_id,
        lambda role, **kw: services.role_remove(role=role, **kw),
        done=lambda role: f'Removed the role "{role.name}" and its letters.',
        anchor=lambda role, ok: "roles",
    )


@login_required
@require_POST
def activity_add(request, pk):
    """Add a custom activity for this client and put it in the matrix."""
    engagement = engagement_for(request, pk)
    form = CustomActivityForm(request.POST, prefix="activity")
    if not form.is_valid():
        return _invalid(request, engagement, form, "activity")
    outcome = attempt(
        lambda: services.activity_create_custom(
            engagement=engagement,
            by=request.user,
            expected_version=expected_version(request),
            **form.cleaned_data,
        )
    )
    if not outcome.ok:
        return _refused(request, engagement, outcome, form, "activity", "activities")
    row = outcome.result
    messages.success(request, f'Added "{row.activity.name}" to {row.activity.domain.name}.')
    return back_to(engagement, anchor=f"row-{row.pk}")


@login_required
@require_POST
def row_add(request, pk):
    """Bring back a catalog activity (or one of the client's own) that is not in the matrix."""
    engagement = engagement_for(request, pk)
    form = RowAddForm(request.POST, prefix="row-add", activities=available_activities(engagement))
    if not form.is_valid():
        return _invalid(request, engagement, form, "row")
    outcome = attempt(
        lambda: services.row_add(
            engagement=engagement,
            activity=form.cleaned_data["activity"],
            by=request.user,
            expected_version=expected_version(request),
        )
    )
    if not outcome.ok:
        return _refused(request, engagement, outcome, form, "row", "activities")
    messages.success(request, f'Added "{outcome.result.activity.name}" to the matrix.')
    return back_to(engagement, anchor=f"row-{outcome.result.pk}")


@login_required
@require_POST
def row_remove(request, pk, row_id):
    return _remove(
        request,
        pk,
        MatrixRow,
        row_id,
        lambda row, **kw: services.row_remove(row=row, **kw),
        done=lambda row: (
            f'Removed "{row.activity.name}" from the matrix. Add it back under "Activities".'
        ),
        anchor=lambda row, ok: "activities" if ok else f"row-{row.pk}",
    )


@login_required
@require_POST
def tool_add(request, pk):
    engagement = engagement_for(request, pk)
    form = ToolForm(request.POST, prefix="tool-new", roles=_roles(engagement))
    if not form.is_valid():
        return _invalid(request, engagement, form, "tool")
    outcome = attempt(
        lambda: services.tool_add(
            engagement=engagement,
            by=request.user,
            expected_version=expected_version(request),
            **form.cleaned_data,
        )
    )
    if not outcome.ok:
        return _refused(request, engagement, outcome, form, "tool", "tools")
    messages.success(request, f'Added the tool "{outcome.result.name}".')
    return back_to(engagement, anchor="tools")


@login_required
@require_POST
def tool_update(request, pk, tool_id):
    engagement = engagement_for(request, pk)
    tool = get_object_or_404(Tool, engagement=engagement, pk=tool_id)
    tool.engagement = engagement
    form = ToolForm(request.POST, prefix=f"tool-{tool.pk}", roles=_roles(engagement))
    if not form.is_valid():
        return _invalid(request, engagement, form, ("tool", tool.pk))
    outcome = attempt(
        lambda: services.tool_update(
            tool=tool,
            by=request.user,
            expected_version=expected_version(request),
            **form.cleaned_data,
        )
    )
    if not outcome.ok:
        return _refused(request, engagement, outcome, form, ("tool", tool.pk), "tools")
    messages.success(request, f'Saved the tool "{tool.name}".')
    return back_to(engagement, anchor="tools")


@login_required
@require_POST
def tool_remove(request, pk, tool_id):
    return _remove(
        request,
        pk,
        Tool,
        tool_id,
        lambda tool, **kw: services.tool_remove(tool=tool, **kw),
        done=lambda tool: f'Removed the tool "{tool.name}".',
        anchor=lambda tool, ok: "tools",
    )


def _remove(request, pk, model, obj_id, remove, *, done, anchor):
    """Remove one role, row or tool of this engagement through its service, then go back to
    where it was listed, saying what happened."""
    engagement = engagement_for(request, pk)
    obj = get_object_or_404(model, engagement=engagement, pk=obj_id)
    obj.engagement = engagement
    outcome = attempt(
        lambda: remove(obj, by=request.user, expected_version=expected_version(request))
    )
    if outcome.ok:
        messages.success(request, done(obj))
    else:
        messages.error(request, outcome.message)
    return back_to(engagement, anchor=anchor(obj, outcome.ok))


@login_required
@require_POST
def details_update(request, pk):
    """Title, business days and hours, dates, cost structure and control level."""
    engagement = engagement_for(request, pk)
    form = EngagementDetailsForm(request.POST, prefix="details")
    if not form.is_valid():
        return _invalid(request, engagement, form, "details")
    outcome = attempt(
        lambda: services.engagement_update(
            engagement=engagement,
            by=request.user,
            expected_version=expected_version(request),
            **form.cleaned_data,
        )
    )
    if not outcome.ok:
        engagement.refresh_from_db()
        return _refused(request, engagement, outcome, form, "details", "details")
    messages.success(request, "Saved the engagement's details.")
    return back_to(engagement, anchor="details")
