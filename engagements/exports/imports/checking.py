"""Checking a workbook against one loaded matrix: every problem with its cell, and the
plan of changes when there is none."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from engagements.analysis.data import MatrixData
from engagements.exports import layout as L
from engagements.exports.imports.reading import HEADER_SEARCH_ROWS, SheetRows
from engagements.exports.imports.results import Change, Problem, WorkbookInvalid
from engagements.models import CoverageNeed, MatrixRow, Role, Side, Tool, ToolFate, Window
from engagements.models.letters import LetterError, display_letters, parse_letters
from engagements.models.validators import one_line
from engagements.services import CellChange
from engagements.services.matrix import name_key


def _address(index: int, row: int) -> str:
    return f"{get_column_letter(index + 1)}{row}"


def _value(values: tuple, index: int | None):
    if index is None or index >= len(values):
        return None
    return values[index]


def _quote(value) -> str:
    text = L.cell_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass
class Plan:
    """Everything a valid workbook changes, grouped by the service that applies it."""

    cells: list[CellChange] = field(default_factory=list)
    # row id -> (row, row_update fields)
    rows: dict[int, tuple[MatrixRow, dict]] = field(default_factory=dict)
    coverage: list[tuple[MatrixRow, str, Role | None]] = field(default_factory=list)
    tools_add: list[dict] = field(default_factory=list)
    tools_update: list[tuple[Tool, dict]] = field(default_factory=list)
    tools_remove: list[Tool] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Checker:
    """Matches the workbook against one loaded matrix and plans every change."""

    def __init__(self, data: MatrixData, sheets: dict[str, SheetRows]):
        self.data = data
        self.sheets = sheets
        self.problems: list[Problem] = []
        self.plan = Plan()
        self.rows_by_code = {row.activity.code.lower(): row for row in data.rows}
        names: dict[str, list[MatrixRow]] = {}
        for row in data.rows:
            names.setdefault(L.normalize(row.activity.name), []).append(row)
        self.rows_by_name = names
        self.domain_names = {L.normalize(domain.name) for domain, _ in data.domains()}
        self.roles_by_name = {L.normalize(role.name): role for role in data.roles}

    def problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(Problem(sheet, cell, message))

    def change(self, sheet, cell, subject, what, before, after) -> None:
        self.plan.changes.append(Change(sheet, cell, subject, what, before, after))

    # -- the whole workbook ----------------------------------------------------------------

    def check(self) -> Plan:
        if not self._format_known():
            raise WorkbookInvalid("The workbook's format is not one raci reads.", self.problems)
        if L.MATRIX in self.sheets:
            self._matrix(self.sheets[L.MATRIX])
        else:
            self.problem(L.MATRIX, "", "the sheet is missing; it holds the matrix to import.")
        for name, what, read in (
            (L.COVERAGE, "coverage", self._coverage),
            (L.TOOLS, "the tools", self._tools),
        ):
            if name in self.sheets:
                read(self.sheets[name])
            else:
                self.plan.warnings.append(
                    f"The {name} sheet is not in the workbook; {what} stay as they are."
                )
        if self.problems:
            count = len(self.problems)
            raise WorkbookInvalid(
                f"The workbook has {count} problem{'s' if count != 1 else ''}; "
                "nothing was imported.",
                self.problems,
            )
        return self.plan

    def _format_known(self) -> bool:
        legend = self.sheets.get(L.LEGEND)
        advice = "export a fresh workbook from raci and make the changes in that."
        if legend is None:
            self.problem(L.LEGEND, "", f"the sheet is missing, so the format is unknown; {advice}")
            return False
        about = {}
        for number, values in legend.rows:
            label = L.normalize(_value(values, 0))
            if label:
                about[label] = (number, _value(values, 1))
        found = about.get(L.normalize(L.FORMAT_LABEL))
        if found is None:
            self.problem(L.LEGEND, "", f"no format version found; {advice}")
            return False
        number, version = found
        if L.cell_text(version) != L.FORMAT_VERSION:
            self.problem(
                L.LEGEND,
                _address(1, number),
                f'format version "{_quote(version)}" is not one this raci reads '
                f"(it reads version {L.FORMAT_VERSION}); {advice}",
            )
            return False
        engagement = self.data.engagement
        exported_from = L.cell_text(_value(about.get(L.normalize(L.ENGAGEMENT_LABEL), ()), 1))
        exported_at = L.cell_text(_value(about.get(L.normalize(L.VERSION_LABEL), ()), 1))
        if exported_from == str(engagement.pk) and exported_at not in ("", str(engagement.version)):
            self.plan.warnings.append(
                f"The matrix changed in raci after this workbook was exported (version "
                f"{exported_at}, now {engagement.version}); where the workbook differs, its "
                "values replace those changes. Check the list of changes."
            )
        return True

    # -- finding rows and columns ----------------------------------------------------------

    def _header(self, sheet: SheetRows, first: str) -> tuple[int, dict[str, int], tuple] | None:
        """The header row (found by its first column's title) and title -> column index."""
        wanted = L.normalize(first)
        for number, values in sheet.rows[:HEADER_SEARCH_ROWS]:
            if any(L.normalize(value) == wanted for value in values):
                columns: dict[str, int] = {}
                for index, value in enumerate(values):
                    key = L.normalize(value)
                    if key and key in columns:
                        self.problem(
                            sheet.name,
                            _address(index, number),
                            f'"{_quote(value)}" is a second column with this title '
                            f"(the first is {_address(columns[key], number)}).",
                        )
                    elif key:
                        columns[key] = index
                return number, columns, values
        self.problem(
            sheet.name,
            "",
            f'no header row: a row with a "{first}" column was not found in the first '
            f"{HEADER_SEARCH_ROWS} rows.",
        )
        return None

    def _row_for(
        self,
        sheet: str,
        number: int,
        values: tuple,
        name_col: int,
        code_col: int | None,
        data_cols: list[int],
        seen: dict[int, int],
    ) -> MatrixRow | None:
        """Which matrix row a sheet row is about (None for section headers and blanks)."""
        code = L.cell_text(_value(values, code_col))
        name = L.cell_text(_value(values, name_col))
        has_data = any(L.cell_text(_value(values, col)) for col in data_cols)
        row = None
        if code:
            row = self.rows_by_code.get(code.lower())
            if row is None:
                self.problem(
                    sheet,
                    _address(code_col, number),
                    f'activity "{_quote(code)}" is not in this engagement\'s matrix; add it in '
                    "raci first, or correct the code.",
                )
                return None
        elif name:
            key = L.normalize(name)
            candidates = self.rows_by_name.get(key, [])
            if key in self.domain_names and not has_data:
                return None  # a domain's section header
            if len(candidates) == 1:
                row = candidates[0]
            elif len(candidates) > 1:
                self.problem(
                    sheet,
                    _address(name_col, number),
                    f'"{_quote(name)}" names more than one activity; put back its code.',
                )
                return None
            else:
                self.problem(
                    sheet,
                    _address(name_col, number),
                    f'"{_quote(name)}" is not an activity in this engagement.',
                )
                return None
        else:
            if has_data:
                self.problem(
                    sheet, _address(name_col, number), "this row has values but no activity."
                )
            return None
        if row.id in seen:
            self.problem(
                sheet,
                _address(code_col if code else name_col, number),
                f'"{row.activity.name}" appears twice (also on row {seen[row.id]}).',
            )
            return None
        seen[row.id] = number
        return row

    def _role(self, sheet: str, cell: str, value) -> tuple[bool, Role | None]:
        text = L.cell_text(value)
        if not text:
            return True, None
        role = self.roles_by_name.get(L.normalize(text))
        if role is None:
            self.problem(sheet, cell, f'"{_quote(text)}" is not a role in this engagement.')
            return False, None
        return True, role

    # -- RACI matrix -----------------------------------------------------------------------

    def _matrix(self, sheet: SheetRows) -> None:
        header = self._header(sheet, L.ACTIVITY)
        if header is None:
            return
        header_row, columns, titles = header
        fixed = {L.normalize(title) for title in L.MATRIX_FIXED}
        role_cols: list[tuple[int, Role]] = []
        for key, index in sorted(columns.items(), key=lambda item: item[1]):
            if key in fixed:
                continue
            role = self.roles_by_name.get(key)
            if role is None:
                self.problem(
                    sheet.name,
                    _address(index, header_row),
                    f'"{_quote(titles[index])}" is not a role in this engagement; add the role '
                    "in raci first, or correct the column title.",
                )
            else:
                role_cols.append((index, role))
        name_col = columns[L.normalize(L.ACTIVITY)]
        code_col = columns.get(L.normalize(L.CODE))
        scope_col = columns.get(L.normalize(L.IN_SCOPE))
        note_col = columns.get(L.normalize(L.SPLIT_NOTE))
        titled = set(columns.values())
        data_cols = [index for index, _ in role_cols] + [
            col for col in (scope_col, note_col) if col is not None
        ]
        untitled_reported = set()
        seen: dict[int, int] = {}
        for number, values in sheet.rows:
            if number <= header_row:
                continue
            for index, value in enumerate(values):
                if index not in titled and index not in untitled_reported and L.cell_text(value):
                    untitled_reported.add(index)
                    self.problem(
                        sheet.name,
                        _address(index, number),
                        f"column {get_column_letter(index + 1)} has values but no title in row "
                        f"{header_row}; name the role there, or clear the column.",
                    )
            row = self._row_for(sheet.name, number, values, name_col, code_col, data_cols, seen)
            if row is None:
                continue
            for index, role in role_cols:
                self._letters(sheet.name, number, index, values, row, role)
            if scope_col is not None:
                self._in_scope(sheet.name, number, scope_col, values, row)
            if note_col is not None:
                note = L.cell_text(_value(values, note_col))
                current = L.cell_text(row.split_note)
                if note != current:
                    self._row_field(row, "split_note", note)
                    self.change(
                        sheet.name,
                        _address(note_col, number),
                        row.activity.name,
                        "split note",
                        _quote(current),
                        _quote(note),
                    )

    def _letters(self, sheet, number, index, values, row, role) -> None:
        value = _value(values, index)
        cell = _address(index, number)
        try:
            letters = parse_letters(value.strip() if isinstance(value, str) else value)
        except LetterError as exc:
            self.problem(sheet, cell, str(exc))
            return
        current = self.data.cells.get((row.id, role.id), "")
        if letters != current:
            self.plan.cells.append(CellChange(row=row, role=role, letters=letters))
            self.change(
                sheet,
                cell,
                f"{row.activity.name} / {role.name}",
                "letters",
                display_letters(current),
                display_letters(letters),
            )

    def _in_scope(self, sheet, number, index, values, row) -> None:
        value = _value(values, index)
        text = L.normalize(value)
        if not text:
            return  # a cleared cell leaves the row as it is
        if text not in L.YES_NO_WORDS:
            self.problem(
                sheet, _address(index, number), f'"{_quote(value)}" is not {L.YES} or {L.NO}.'
            )
            return
        in_scope = L.YES_NO_WORDS[text]
        if in_scope != row.in_scope:
            self._row_field(row, "in_scope", in_scope)
            self.change(
                sheet,
                _address(index, number),
                row.activity.name,
                "in scope",
                L.YES if row.in_scope else L.NO,
                L.YES if in_scope else L.NO,
            )

    def _row_field(self, row: MatrixRow, name: str, value) -> None:
        self.plan.rows.setdefault(row.id, (row, {}))[1][name] = value

    # -- Coverage --------------------------------------------------------------------------

    def _coverage(self, sheet: SheetRows) -> None:
        header = self._header(sheet, L.ACTIVITY)
        if header is None:
            return
        header_row, columns, _ = header
        name_col = columns[L.normalize(L.ACTIVITY)]
        code_col = columns.get(L.normalize(L.CODE))
        need_col = columns.get(L.normalize(L.REQUIRED))
        window_cols = [
            (columns[L.normalize(label)], window)
            for window, label in L.WINDOW_HEADERS.items()
            if L.normalize(label) in columns
        ]
        data_cols = [index for index, _ in window_cols] + (
            [need_col] if need_col is not None else []
        )
        labels = dict(CoverageNeed.choices)
        window_labels = dict(Window.choices)
        seen: dict[int, int] = {}
        for number, values in sheet.rows:
            if number <= header_row:
                continue
            row = self._row_for(sheet.name, number, values, name_col, code_col, data_cols, seen)
            if row is None:
                continue
            if need_col is not None:
                self._need(sheet.name, number, need_col, values, row, labels)
            for index, window in window_cols:
                cell = _address(index, number)
                ok, role = self._role(sheet.name, cell, _value(values, index))
                current_id = self.data.coverage.get((row.id, window))
                if not ok or (role.id if role else None) == current_id:
                    continue
                current = self.data.roles_by_id.get(current_id)
                self.plan.coverage.append((row, window, role))
                self.change(
                    sheet.name,
                    cell,
                    f"{row.activity.name} / {window_labels[window]}",
                    "covered by",
                    current.name if current else "",
                    role.name if role else "",
                )

    def _need(self, sheet, number, index, values, row, labels) -> None:
        value = _value(values, index)
        text = L.normalize(value)
        if not text:
            return
        need = L.NEED_WORDS.get(text)
        if need is None:
            self.problem(
                sheet,
                _address(index, number),
                f'"{_quote(value)}" is not a required coverage ({", ".join(labels.values())}).',
            )
            return
        if need != row.required_coverage:
            override = "" if need == row.activity.default_coverage else need
            self._row_field(row, "coverage_need", override)
            self.change(
                sheet,
                _address(index, number),
                row.activity.name,
                "required coverage",
                labels.get(row.required_coverage, row.required_coverage),
                labels[need],
            )

    # -- Tools -----------------------------------------------------------------------------

    def _tools(self, sheet: SheetRows) -> None:
        header = self._header(sheet, L.TOOL)
        if header is None:
            return
        header_row, columns, _ = header
        col = {title: columns.get(L.normalize(title)) for title in L.TOOL_HEADERS}
        if col[L.LICENCE_HOLDER] is None:
            col[L.LICENCE_HOLDER] = columns.get("license holder")
        existing = {name_key(tool.name): tool for tool in self.data.tools}
        seen: dict[str, int] = {}
        for number, values in sheet.rows:
            if number <= header_row:
                continue
            fields = self._tool_fields(sheet.name, number, values, col)
            if fields is None:
                continue
            key = name_key(fields["name"])
            if key in seen:
                self.problem(
                    sheet.name,
                    _address(col[L.TOOL], number),
                    f'"{_quote(fields["name"])}" is listed twice (also on row {seen[key]}).',
                )
                continue
            seen[key] = number
            tool = existing.get(key)
            if tool is None:
                self.plan.tools_add.append(fields)
                self.change(
                    sheet.name, _address(col[L.TOOL], number), fields["name"], "added", "", ""
                )
            else:
                self._tool_update(sheet.name, number, col, tool, fields)
        for key, tool in existing.items():
            if key not in seen:
                self.plan.tools_remove.append(tool)
                self.change(sheet.name, "", tool.name, "removed", "", "")

    def _tool_fields(self, sheet, number, values, col) -> dict | None:
        text = {title: L.cell_text(_value(values, index)) for title, index in col.items()}
        if not any(text.values()):
            return None
        if not text[L.TOOL]:
            self.problem(sheet, _address(col[L.TOOL], number), "a tool needs a name.")
            return None
        fields = {"name": text[L.TOOL]}
        ok = True
        for title, name, limit in ((L.TOOL, "name", 120), (L.CATEGORY, "category", 80)):
            if col[title] is not None and len(text[title]) > limit:
                self.problem(
                    sheet,
                    _address(col[title], number),
                    f"keep the {name} to {limit} characters (it has {len(text[title])}).",
                )
                ok = False
            elif col[title] is not None and not _one_line(text[title]):
                self.problem(
                    sheet,
                    _address(col[title], number),
                    f"write the {name} on one line (no line breaks or tabs).",
                )
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
                self.problem(
                    sheet, _address(col[title], number), f'"{_quote(text[title])}" is not {what}.'
                )
                ok = False
            else:
                fields[name] = vocabulary.get(word, "")
        if col[L.ADMINISTERED_BY] is not None:
            found, role = self._role(
                sheet, _address(col[L.ADMINISTERED_BY], number), text[L.ADMINISTERED_BY]
            )
            ok = ok and found
            fields["administered_by"] = role
        for title, name in ((L.CATEGORY, "category"), (L.NOTES, "notes")):
            if col[title] is not None:
                fields[name] = text[title]
        return fields if ok else None

    def _tool_update(self, sheet, number, col, tool: Tool, fields: dict) -> None:
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
                self.change(
                    sheet,
                    _address(col[title], number),
                    tool.name,
                    title.lower(),
                    _quote(show(old)),
                    _quote(show(new)),
                )
        if changed:
            self.plan.tools_update.append((tool, changed))


def _one_line(text: str) -> bool:
    try:
        one_line(text)
    except ValidationError:
        return False
    return True
