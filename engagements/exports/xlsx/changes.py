"""The Changes sheet: what changed since the previous revision, from the same diff the
revision pages show (analysis.diff). It lists whatever the diff reports, section by
section, so a kind of change the diff learns later shows here without a change here."""

import dataclasses

from django.utils.text import capfirst

from engagements.analysis.diff import revision_diff
from engagements.exports.xlsx.cells import HEADER, NOTE, PLAIN, TEXT, TITLE, Sheet
from engagements.exports.xlsx.context import Context
from engagements.models.labels import value_text

CHANGES_HEADER_ROW = 3
ANCHORS = ("old_revision", "new_revision")  # the diff's own bookkeeping, not changes


def _words(name: str) -> str:
    return capfirst(name.replace("_", " "))


def _subject(item) -> str:
    """What a change is about: an activity (code and name), a role, a window, a field."""
    parts = []
    activity = getattr(item, "activity", None)
    if activity is not None:
        parts.append(f"{getattr(activity, 'name', '')} ({getattr(activity, 'code', '')})")
    for attr in ("name", "role", "control", "framework"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            parts.append(value)
    label = getattr(item, "window_label", None)
    if label:
        parts.append(label)
    field = getattr(item, "field", None)
    if isinstance(field, str) and field:
        parts.append(_words(field))
    return " · ".join(parts)


def _shown(item, attr: str) -> str:
    display = getattr(item, f"{attr}_display", None)
    if isinstance(display, str):
        return display
    return value_text(getattr(item, attr, ""))


def change_lines(diff) -> list[tuple[str, str, str, str]]:
    """(section, what, before, after) for every change the diff reports."""
    lines = []
    for field in dataclasses.fields(diff):
        if field.name in ANCHORS:
            continue
        items = getattr(diff, field.name)
        if not isinstance(items, (tuple, list)):
            continue
        section = _words(field.name)
        for item in items:
            if isinstance(item, str):
                lines.append((section, item, "", ""))
            elif hasattr(item, "changes") and not hasattr(item, "before"):
                for change in item.changes:
                    what = f"{_subject(item)} · {_words(change.field)}"
                    lines.append((section, what, _shown(change, "before"), _shown(change, "after")))
            elif hasattr(item, "before") or hasattr(item, "after"):
                lines.append(
                    (section, _subject(item), _shown(item, "before"), _shown(item, "after"))
                )
            else:
                lines.append((section, _subject(item) or str(item), "", ""))
    return lines


def write_changes(sheet: Sheet, ctx: Context) -> None:
    engagement, exhibit = ctx.engagement, ctx.exhibit
    sheet.widths({1: 18, 2: 46, 3: 26, 4: 26})
    sheet.put(1, 1, f"Appendix: changes in revision {engagement.revision}", TITLE)
    previous = exhibit.previous
    if previous is None or exhibit.previous_data is None:
        sheet.put(2, 1, "This is the first revision: there is no earlier one to compare.", NOTE)
        sheet.print_setup(landscape=False)
        return
    lines = change_lines(revision_diff(exhibit.previous_data, ctx.data))
    sheet.put(
        2,
        1,
        f"What changed since revision {previous.revision} "
        f"({previous.get_status_display().lower()}): {len(lines)} change"
        f"{'' if len(lines) == 1 else 's'}.",
        NOTE,
    )
    sheet.row(CHANGES_HEADER_ROW, ["Section", "What", "Before", "After"], HEADER)
    r = CHANGES_HEADER_ROW
    for line in lines:
        r += 1
        sheet.row(r, line, TEXT)
    if not lines:
        sheet.put(r + 1, 1, "Nothing in the agreed content changed.", PLAIN)
    sheet.print_setup(landscape=False, title_rows=f"{CHANGES_HEADER_ROW}:{CHANGES_HEADER_ROW}")
