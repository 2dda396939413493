"""The matrix grid's own requests: the rows a large matrix loads as it is scrolled, and a
save that sends only the cells that changed.

A save names each cell (row, role), what was typed and what the grid showed before; the
answer says what was stored ("saved as A" when the letters were written another way), the
cells others changed meanwhile (the grid takes them in), and the findings, status and counts
drawn again. Only a cell someone else changed since is a conflict: the answer gives both
values and nothing is saved. Bad letters are all named, with their activity and role, and
nothing is saved."""

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from engagements import selectors, services
from engagements.models.letters import display_letters, parse_letters
from engagements.presenters.matrix import build_matrix
from engagements.views.common import abilities, attempt, engagement_for

ROWS_PER_LOAD = 100  # rows a scroll brings in at once
MAX_CELLS = 20_000  # a save bigger than any matrix is refused, not parsed


@login_required
@require_GET
def grid_rows(request, pk):
    """`ROWS_PER_LOAD` rows of one domain from `start`, then a placeholder for the rest."""
    engagement = engagement_for(request, pk)
    try:
        domain_id, start = int(request.GET["domain"]), max(0, int(request.GET.get("start", 0)))
    except (KeyError, ValueError):
        return HttpResponse(
            "Say which domain (domain=<id>) and from which row (start=<n>).", status=400
        )
    stop = start + ROWS_PER_LOAD if "all" not in request.GET else 1_000_000
    matrix = build_matrix(engagement, rows_range=(domain_id, start, stop))
    domain = next((d for d in matrix.domains if d.domain.id == domain_id), None)
    if domain is None:
        return HttpResponse("This matrix has no such domain.", status=404)
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "domain": domain,
        **abilities(request.user, engagement),
    }
    html = "".join(
        render_to_string("engagements/_grid_row.html", {**context, "row_view": row_view}, request)
        + f'<tr id="detail-{row_view.row.id}" class="row-detail" hidden></tr>'
        for row_view in domain.rows[start:stop]
    )
    if stop < len(domain.rows):
        html += render_to_string(
            "engagements/_grid_more.html",
            {**context, "start": stop, "left": len(domain.rows) - stop},
            request,
        )
    return HttpResponse(html)


def _problem(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message, **extra}, status=status)


def _read_edits(body: dict, data) -> tuple[list, list[str]]:
    """The edits a save carries, each tied to this matrix's row and role; problems with the
    request's shape (not with letters: the service names those) as messages."""
    cells = body.get("cells")
    if not isinstance(cells, list) or not cells:
        return [], ["Send the cells that changed: cells=[{row, role, letters, was}]."]
    if len(cells) > MAX_CELLS:
        return [], [f"At most {MAX_CELLS} cells can be saved at once."]
    edits, problems = [], []
    for i, item in enumerate(cells):
        if not isinstance(item, dict):
            problems.append(f"cells[{i}] is not a cell.")
            continue
        row = data.rows_by_id.get(item.get("row")) if isinstance(item.get("row"), int) else None
        role = data.roles_by_id.get(item.get("role")) if isinstance(item.get("role"), int) else None
        letters, was = item.get("letters", ""), item.get("was", "")
        if row is None or role is None:
            problems.append(
                f"cells[{i}]: that activity or role is no longer in this matrix. Reload the page."
            )
        elif not isinstance(letters, str) or not isinstance(was, str):
            problems.append(f"cells[{i}]: letters and was are text.")
        else:
            row.engagement = role.engagement = data.engagement
            edits.append(services.CellEdit(row=row, role=role, letters=letters, was=was))
    return edits, problems


def _cell(row_id, role_id, letters, **extra) -> dict:
    return {
        "row": row_id,
        "role": role_id,
        "letters": letters,
        "display": display_letters(letters),
        **extra,
    }


def _saved_as(typed: str, stored: str) -> str:
    """Say what typed letters were saved as, when they were written another way ("AA",
    "r/r", "RACI"); nothing when they read as saved ("ar" is A/R)."""
    plain = typed.strip().upper()
    if plain in (stored, display_letters(stored)):
        return ""
    return f"saved as {display_letters(stored)}" if stored else "cleared"


def _drawn_again(request, engagement, row_ids: set[int]) -> dict:
    """The findings panel, the status and, for each touched row, its findings and its
    domain's counts: id -> HTML, for the grid to put in place."""
    matrix = build_matrix(engagement, rows_range=(0, 0, 0))
    context = {"engagement": engagement, "matrix": matrix, **abilities(request.user, engagement)}
    html = {
        "findings-panel": render_to_string("engagements/_findings_panel.html", context, request),
        "status": render_to_string("engagements/_status.html", context, request),
    }
    domains = {}
    for domain in matrix.domains:
        for row_view in domain.rows:
            if row_view.row.id in row_ids:
                html[f"row-findings-{row_view.row.id}"] = render_to_string(
                    "engagements/_row_findings.html", {**context, "row_view": row_view}, request
                )
                domains[domain.domain.id] = domain
    for domain_id, domain in domains.items():
        html[f"domain-counts-{domain_id}"] = render_to_string(
            "engagements/_domain_counts.html", {**context, "domain": domain}, request
        )
    return html


@login_required
@require_POST
def grid_save(request, pk):
    """Save the cells a grid changed (JSON). 200 with what was stored; 409 with the cells
    someone else changed since; 422 with every bad letter named; nothing half-saved."""
    engagement = engagement_for(request, pk)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _problem("The request is not JSON.")
    if not isinstance(body, dict):
        return _problem("The request is not a JSON object.")
    seen_version = body.get("version")
    since = parse_datetime(body["since"]) if isinstance(body.get("since"), str) else None
    data = selectors.load_matrix(engagement)
    edits, problems = _read_edits(body, data)
    if problems:
        return _problem(" ".join(problems))
    version_before = engagement.version

    def work():
        # The service's own atomic block has rolled back by the time a conflict comes
        # out of it; it is returned here because the answer needs its cells.
        try:
            return services.matrix_cells_merge(engagement=engagement, edits=edits, by=request.user)
        except services.CellsConflicted as exc:
            return exc

    outcome = attempt(work)
    if not outcome.ok and outcome.errors is not None:
        errors = []
        for key, messages in outcome.field_errors.items():
            index = int(key[6:-1]) if key.startswith("cells[") else None
            if index is None or index >= len(edits):
                errors.append({"message": " ".join(messages)})
                continue
            edit = edits[index]
            errors.append(
                {
                    "row": edit.row.pk,
                    "role": edit.role.pk,
                    "typed": edit.letters,
                    "message": f"{edit.row.activity.name}, {edit.role.name}: {' '.join(messages)}",
                }
            )
        count = len(errors)
        return _problem(
            f"Nothing was saved: {count} cell{'s hold' if count != 1 else ' holds'} "
            "letters other than R, A, C, I.",
            status=422,
            errors=errors,
        )
    if not outcome.ok:
        return _problem(outcome.message, status=outcome.status)
    if isinstance(outcome.result, services.CellsConflicted):
        conflict = outcome.result
        engagement.refresh_from_db(fields=["version", "updated_at"])
        return _problem(
            conflict.message,
            status=409,
            version=engagement.version,
            conflicts=[
                {
                    **_cell(c.row.pk, c.role.pk, c.theirs),
                    "mine": c.mine,
                    "mine_display": display_letters(c.mine),
                    "message": (
                        f"{c.row.activity.name}, {c.role.name}: "
                        f"{conflict.changed_by or 'someone else'} saved "
                        f"{display_letters(c.theirs) or 'an empty cell'} here."
                    ),
                }
                for c in conflict.conflicts
            ],
        )
    saved = []
    for edit in edits:
        stored = parse_letters(edit.letters)
        saved.append(_cell(edit.row.pk, edit.role.pk, stored, note=_saved_as(edit.letters, stored)))
    others = []
    if seen_version != version_before and since is not None:
        mine = {(edit.row.pk, edit.role.pk) for edit in edits}
        # Whatever was written after the grid's version, with a little margin for clocks:
        # a cell sent again that did not change is harmless.
        changed = selectors.cells_changed_since(
            engagement=engagement, since=since - datetime.timedelta(seconds=2)
        )
        others = [_cell(r, c, letters) for (r, c), letters in changed.items() if (r, c) not in mine]
    engagement.refresh_from_db(fields=["version", "updated_at"])
    rows = {edit.row.pk for edit in edits} | {cell["row"] for cell in others}
    return JsonResponse(
        {
            "ok": True,
            "version": engagement.version,
            "since": engagement.updated_at.isoformat(),
            "saved": saved,
            "others": others,
            "changed": outcome.result,
            "html": _drawn_again(request, engagement, rows),
        }
    )
