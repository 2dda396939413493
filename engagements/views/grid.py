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

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from engagements import selectors, services
from engagements.analysis import engagement_findings
from engagements.models.letters import LETTERS, display_letters, parse_letters
from engagements.presenters.grid import GridFilter, blocking_rows, finding_kinds, role_duties
from engagements.presenters.matrix import build_matrix
from engagements.views.common import (
    abilities,
    attempt,
    back_to,
    engagement_for,
    expected_version,
)

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
    grid_filter = GridFilter.from_query(request.GET)
    matrix = build_matrix(
        engagement,
        rows_range=(domain_id, start, stop),
        row_filter=grid_filter.keeps if grid_filter else None,
    )
    domain = next((d for d in matrix.domains if d.domain.id == domain_id), None)
    if domain is None:
        return HttpResponse("This matrix has no such domain.", status=404)
    context = {
        "engagement": engagement,
        "matrix": matrix,
        "domain": domain,
        "grid_query": grid_filter.querystring,
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


def _read_edits(body: dict, engagement) -> tuple[list, list[str]]:
    """The edits a save carries, each tied to this matrix's row and role; problems with the
    request's shape (not with letters: the service names those) as messages. Reads only the
    rows and roles named (two queries), not the matrix."""
    cells = body.get("cells")
    if not isinstance(cells, list) or not cells:
        return [], ["Send the cells that changed: cells=[{row, role, letters, was}]."]
    if len(cells) > MAX_CELLS:
        return [], [f"At most {MAX_CELLS} cells can be saved at once."]
    if not all(isinstance(item, dict) for item in cells):
        return [], ["Each cell is an object {row, role, letters, was}."]
    row_ids = {item.get("row") for item in cells if isinstance(item.get("row"), int)}
    role_ids = {item.get("role") for item in cells if isinstance(item.get("role"), int)}
    rows = selectors.engagement_row_list(engagement=engagement).in_bulk(row_ids)
    roles = selectors.engagement_role_list(engagement=engagement).in_bulk(role_ids)
    edits, problems = [], []
    for i, item in enumerate(cells):
        row = rows.get(item.get("row")) if isinstance(item.get("row"), int) else None
        role = roles.get(item.get("role")) if isinstance(item.get("role"), int) else None
        letters, was = item.get("letters", ""), item.get("was", "")
        if row is None or role is None:
            problems.append(
                f"cells[{i}]: that activity or role is no longer in this matrix. Reload the page."
            )
        elif not isinstance(letters, str) or not isinstance(was, str):
            problems.append(f"cells[{i}]: letters and was are text.")
        else:
            row.engagement = role.engagement = engagement
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
    context.update(grid_context(request, engagement, matrix))
    html = {
        "findings-panel": render_to_string("engagements/_grid_findings.html", context, request),
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
    edits, problems = _read_edits(body, engagement)
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


# -- around the grid: findings by kind, the filter, each role's duties, bulk letters ---------


def grid_context(request, engagement, matrix, grid_filter=None, *, page=False) -> dict:
    """What the editor shows around its grid: the findings panel's parts (for the page and
    for a save's answer), and on the page the filter and each role's duties."""
    show_all = request.GET.get("all_findings") == "1"
    grid_filter = grid_filter or GridFilter()
    context = {
        "finding_kinds": finding_kinds(matrix.findings, show_all=show_all),
        "error_rows": blocking_rows(matrix.findings),
        "grid_filter": grid_filter,
        "grid_query": grid_filter.querystring,
    }
    if page:
        context.update(
            shown_activities=sum(len(domain.rows) for domain in matrix.domains),
            role_duties=role_duties(matrix.data),
            letter_choices=LETTERS,
        )
    return context


@login_required
@require_POST
def grid_bulk(request, pk):
    """One role's letter on many rows as one change: the rows selected in the grid, the rows
    a filter shows, or the rows a kind of finding names. Back to the page, saying what
    happened; refused whole if the matrix changed since the page showed it."""
    engagement = engagement_for(request, pk)
    data = selectors.load_matrix(engagement)
    post = request.POST
    role = data.roles_by_id.get(_int(post.get("role")))
    if role is None:
        messages.error(request, "Nothing was changed: choose a role.")
        return back_to(engagement, anchor="grid")
    rows, where = _bulk_rows(data, post)
    if not rows:
        messages.error(
            request,
            "Nothing was changed: select rows in the grid (Shift and the arrow keys), "
            "filter the grid, or fix a kind of finding.",
        )
        return back_to(engagement, anchor="grid")
    for row in rows:
        row.engagement = engagement
    role.engagement = engagement
    letter, mode = post.get("letter", "").upper(), post.get("mode", "add")
    outcome = attempt(
        lambda: services.matrix_letter_set(
            engagement=engagement,
            rows=rows,
            role=role,
            letter=letter,
            mode=mode,
            by=request.user,
            expected_version=expected_version(request),
        )
    )
    if outcome.ok:
        done = {"add": f"Added {role.name} as {letter}", "replace": f"Set {role.name} to {letter}"}
        verb = done.get(mode, f"Cleared {role.name}")
        messages.success(
            request,
            f"{verb} on {len(rows)} activit{'y' if len(rows) == 1 else 'ies'} {where} "
            f"({outcome.result} cell{'' if outcome.result == 1 else 's'} changed).",
        )
    else:
        messages.error(request, f"Nothing was changed. {outcome.message}")
    query = post.get("filter", "")
    return back_to(engagement, anchor="grid", query=f"?{query}" if query else "")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _bulk_rows(data, post) -> tuple[list, str]:
    """The rows a bulk change applies to, and how to say which they were."""
    ids = [_int(part) for part in post.get("rows", "").split(",") if part.strip()]
    if ids:
        return [data.rows_by_id[i] for i in ids if i in data.rows_by_id], "selected"
    code = post.get("finding", "")
    if code:
        wanted = {f.row_id for f in engagement_findings(data) if f.code == code and f.row_id}
        return [row for row in data.rows if row.id in wanted], "named by the finding"
    grid_filter = GridFilter.from_query(QueryDict(post.get("filter", "")))
    if grid_filter:
        by_row: dict[int, list] = {}
        for finding in engagement_findings(data):
            by_row.setdefault(finding.row_id, []).append(finding)
        kept = [row for row in data.rows if grid_filter.keeps(data, row, by_row.get(row.id))]
        return kept, "shown by the filter"
    return [], ""
