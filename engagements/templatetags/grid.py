"""The matrix grid's cells, written in Python: a page renders thousands of them, and a
template include per cell cost most of the page's time. Every value is escaped; the names,
ids and classes are built from numbers and fixed words (CellView)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def cell_html(cell, editing: bool) -> str:
    head = f'<td role="gridcell" aria-colindex="{cell.colindex}" class="{cell.classes}">'
    if not editing:
        return f'{head}<span class="letters">{escape(cell.display)}</span></td>'
    parts = [
        head,
        f'<input name="{cell.name}" value="{escape(cell.value)}" form="{cell.form_id}" '
        f'maxlength="12" autocomplete="off" aria-labelledby="{cell.label_ids}"',
    ]
    if cell.error:
        parts.append(
            f' id="in-{cell.ref}" aria-invalid="true" aria-describedby="err-{cell.ref}">'
            f'<span class="cell-message" id="err-{cell.ref}">{escape(cell.error)}</span>'
        )
    elif cell.unsaved:
        conflict = f": {escape(cell.conflict)}" if cell.conflict else ""
        parts.append(f'><span class="cell-message">Not saved{conflict}</span>')
    else:
        parts.append(">")
    parts.append("</td>")
    return "".join(parts)


@register.simple_tag
def grid_cells(row_view, editing) -> str:
    """Every cell of one grid row."""
    return mark_safe("".join(cell_html(cell, bool(editing)) for cell in row_view.cells))
