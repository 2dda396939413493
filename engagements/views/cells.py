"""Matrix cells: one saved on its own through htmx (the answer carries the cell, the row's
findings, the findings panel and the counts), or every cell of a domain at once from the
form a browser without JavaScript sends."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_POST

from engagements import selectors, services
from engagements.models.labels import counted
from engagements.models.letters import LetterError, parse_letters
from engagements.presenters.matrix import build_matrix
from engagements.views.common import (
    abilities,
    attempt,
    back_to,
    engagement_for,
    expected_version,
    part_of,
    saved_trigger,
)
from engagements.views.matrix import matrix_fragments, render_matrix

CELL_NAME = re.compile(r"^c-(\d+)-(\d+)$")


@login_required
@require_POST
def cell_save(request, pk, row_id, role_id):
    """Save one cell (htmx). Refused letters stay in the cell with the reason beside them."""
    engagement = engagement_for(request, pk)
    row = part_of(engagement, selectors.engagement_row_list, row_id)
    role = part_of(engagement, selectors.engagement_role_list, role_id)
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
    matrix = build_matrix(engagement, typed={name: typed}, cell_errors=cell_errors)
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
    data = selectors.load_matrix(engagement)
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
        messages.success(request, f"Saved {counted(len(changes), 'cell')}.")
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
