"""Checking the workbook's Tools sheet: a tool per row, matched by name; a tool of the
engagement missing from the sheet is removed."""

from django.core.exceptions import ValidationError

from engagements.exports import layout as L
from engagements.exports.imports.reading import SheetRows, address, quoted, value_at
from engagements.models import Side, Tool, ToolFate
from engagements.models.validators import one_line
from engagements.services import name_key


def check_tools(check, sheet: SheetRows) -> None:
    """Plan the Tools sheet's changes on `check` (the workbook's Checker), or report its
    problems there."""
    header = check.header(sheet, L.TOOL)
    if header is None:
        return
    header_row, columns, _ = header
    col = {title: columns.get(L.normalize(title)) for title in L.TOOL_HEADERS}
    if col[L.LICENCE_HOLDER] is None:
        col[L.LICENCE_HOLDER] = columns.get("license holder")
    existing = {name_key(tool.name): tool for tool in check.data.tools}
    planned = check.plan.matrix
    seen: dict[str, int] = {}
    for number, values in sheet.rows:
        if number <= header_row:
            continue
        fields = _tool_fields(check, sheet.name, number, values, col)
        if fields is None:
            continue
        key = name_key(fields["name"])
        if key in seen:
            check.problem(
                sheet.name,
                address(col[L.TOOL], number),
                f'"{quoted(fields["name"])}" is listed twice (also on row {seen[key]}).',
            )
            continue
        seen[key] = number
        tool = existing.get(key)
        if tool is None:
            planned.tools_add.append(fields)
            check.change(sheet.name, address(col[L.TOOL], number), fields["name"], "added", "", "")
        else:
            changed = _tool_changes(check, sheet.name, number, col, tool, fields)
            if changed:
                planned.tools_update[tool] = changed
    for key, tool in existing.items():
        if key not in seen:
            planned.tools_remove.append(tool)
            check.change(sheet.name, "", tool.name, "removed", "", "")


def _tool_fields(check, sheet, number, values, col) -> dict | None:
    text = {title: L.cell_text(value_at(values, index)) for title, index in col.items()}
    if not any(text.values()):
        return None
    if not text[L.TOOL]:
        check.problem(sheet, address(col[L.TOOL], number), "a tool needs a name.")
        return None
    fields = {"name": text[L.TOOL]}
    ok = True
    for title, name, limit in (
        (L.TOOL, "name", 120),
        (L.CATEGORY, "category", 80),
        (L.NOTES, "notes", L.LONG_TEXT),
    ):
        if col[title] is not None and len(text[title]) > limit:
            check.problem(
                sheet,
                address(col[title], number),
                f"keep the {name} to {limit} characters (it has {len(text[title])}).",
            )
            ok = False
        elif (
            title != L.NOTES
            and col[title] is not None
            and (refusal := _not_one_line(text[title]))
        ):
            check.problem(sheet, address(col[title], number), f"the {name}: {refusal}")
            ok = False
    sides = "a side (Internal IT, MSP or vendor)"
    fates = f"an agreed fate ({', '.join(ToolFate.labels)})"
    words = (
        (L.OWNER_SIDE, "owner_side", L.SIDE_WORDS, sides),
        (L.LICENCE_HOLDER, "licence_holder_side", L.SIDE_WORDS, sides),
        (L.EXIT_FATE, "exit_fate", L.FATE_WORDS, fates),
    )
    for title, name, vocabulary, what in words:
        if col[title] is None:
            continue
        word = L.normalize(text[title])
        if word and word not in vocabulary:
            check.problem(
                sheet, address(col[title], number), f'"{quoted(text[title])}" is not {what}.'
            )
            ok = False
        else:
            fields[name] = vocabulary.get(word, "")
    if col[L.ADMINISTERED_BY] is not None:
        found, role = check.role(
            sheet, address(col[L.ADMINISTERED_BY], number), text[L.ADMINISTERED_BY]
        )
        ok = ok and found
        fields["administered_by"] = role
    for title, name in ((L.CATEGORY, "category"), (L.NOTES, "notes")):
        if col[title] is not None:
            fields[name] = text[title]
    return fields if ok else None


def _tool_changes(check, sheet, number, col, tool: Tool, fields: dict) -> dict:
    """The fields of a listed tool the sheet changes, each reported as a change."""
    side_labels, fate_labels = dict(Side.choices), dict(ToolFate.choices)
    shown = {
        "name": (L.TOOL, lambda v: v),
        "category": (L.CATEGORY, lambda v: v),
        "owner_side": (L.OWNER_SIDE, lambda v: side_labels.get(v, v)),
        "licence_holder_side": (L.LICENCE_HOLDER, lambda v: side_labels.get(v, v)),
        "administered_by": (L.ADMINISTERED_BY, lambda v: v.name if v else ""),
        "exit_fate": (L.EXIT_FATE, lambda v: fate_labels.get(v, v)),
        "notes": (L.NOTES, lambda v: v),
    }
    changed = {}
    for name, new in fields.items():
        old = getattr(tool, name)
        if name == "administered_by":
            differs = (new.id if new else None) != tool.administered_by_id
        elif name in ("category", "notes"):
            differs = new != L.cell_text(old)
        else:
            differs = new != old
        if differs:
            changed[name] = new
            title, show = shown[name]
            check.change(
                sheet,
                address(col[title], number),
                tool.name,
                title.lower(),
                quoted(show(old)),
                quoted(show(new)),
            )
    return changed


def _not_one_line(text: str) -> str | None:
    """Why this text is not one line of visible text, or None if it is."""
    try:
        one_line(text)
    except ValidationError as error:
        return error.messages[0]
    return None
