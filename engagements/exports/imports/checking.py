"""Checking a workbook against one loaded matrix: every problem with its cell, and the
plan of changes when there is none. (The Tools sheet is checked in .tools.)"""

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from engagements.analysis.data import MatrixData
from engagements.exports import layout as L
from engagements.exports.imports.reading import (
    HEADER_SEARCH_ROWS,
    SheetRows,
    address,
    quoted,
    value_at,
)
from engagements.exports.imports.results import Change, Problem, WorkbookInvalid
from engagements.exports.imports.tools import check_tools
from engagements.models import CoverageNeed, MatrixRow, Role, Window
from engagements.models.letters import LetterError, display_letters, parse_letters
from engagements.services import CellChange, CoverageChange, MatrixChanges


@dataclass
class Plan:
    """Everything a valid workbook changes: the changes to apply as one, and each change
    in words with its cell, for the person importing."""

    matrix: MatrixChanges = field(default_factory=MatrixChanges)
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Checker:
    """Matches the workbook against one loaded matrix and plans every change."""

    def __init__(self, data: MatrixData, sheets: dict[str, SheetRows], from_other: bool = False):
        self.data = data
        self.from_other = from_other  # copying another engagement's matrix on purpose
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
            (L.TOOLS, "the tools", lambda sheet: check_tools(self, sheet)),
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
            label = L.normalize(value_at(values, 0))
            if label:
                about[label] = (number, value_at(values, 1))
        found = about.get(L.normalize(L.FORMAT_LABEL))
        if found is None:
            self.problem(L.LEGEND, "", f"no format version found; {advice}")
            return False
        number, version = found
        if L.cell_text(version) != L.FORMAT_VERSION:
            self.problem(
                L.LEGEND,
                address(1, number),
                f'format version "{quoted(version)}" is not one this raci reads '
                f"(it reads version {L.FORMAT_VERSION}); {advice}",
            )
            return False
        engagement = self.data.engagement
        exported_from = L.cell_text(value_at(about.get(L.normalize(L.ENGAGEMENT_LABEL), ()), 1))
        exported_at = L.cell_text(value_at(about.get(L.normalize(L.VERSION_LABEL), ()), 1))
        if exported_from and exported_from != str(engagement.pk) and not self.from_other:
            number = about[L.normalize(L.ENGAGEMENT_LABEL)][0]
            source = L.cell_text(value_at(about.get(L.normalize("Exported from"), ()), 1))
            self.problem(
                L.LEGEND,
                address(1, number),
                f"this workbook was exported from {source or 'another engagement'} (engagement "
                f"id {quoted(exported_from)}), not from {engagement.client.name} — "
                f"{engagement.title} r{engagement.revision} (id {engagement.pk}). To copy its "
                'matrix into this one on purpose, say so: tick "It comes from another '
                'engagement" (or --from-other, or from_other in the API).',
            )
            return False
        if exported_from == str(engagement.pk) and exported_at not in ("", str(engagement.version)):
            self.plan.warnings.append(
                f"The matrix changed in raci after this workbook was exported (version "
                f"{exported_at}, now {engagement.version}); where the workbook differs, its "
                "values replace those changes. Check the list of changes."
            )
        return True

    # -- finding rows and columns ----------------------------------------------------------

    def header(self, sheet: SheetRows, first: str) -> tuple[int, dict[str, int], tuple] | None:
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
                            address(index, number),
                            f'"{quoted(value)}" is a second column with this title '
                            f"(the first is {address(columns[key], number)}).",
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
        code = L.cell_text(value_at(values, code_col))
        name = L.cell_text(value_at(values, name_col))
        has_data = any(L.cell_text(value_at(values, col)) for col in data_cols)
        row = None
        if code:
            row = self.rows_by_code.get(code.lower())
            if row is None:
                self.problem(
                    sheet,
                    address(code_col, number),
                    f'activity "{quoted(code)}" is not in this engagement\'s matrix; add it in '
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
                    address(name_col, number),
                    f'"{quoted(name)}" names more than one activity; put back its code.',
                )
                return None
            else:
                self.problem(
                    sheet,
                    address(name_col, number),
                    f'"{quoted(name)}" is not an activity in this engagement.',
                )
                return None
        else:
            if has_data:
                self.problem(
                    sheet, address(name_col, number), "this row has values but no activity."
                )
            return None
        if row.id in seen:
            self.problem(
                sheet,
                address(code_col if code else name_col, number),
                f'"{row.activity.name}" appears twice (also on row {seen[row.id]}).',
            )
            return None
        seen[row.id] = number
        return row

    def role(self, sheet: str, cell: str, value) -> tuple[bool, Role | None]:
        text = L.cell_text(value)
        if not text:
            return True, None
        role = self.roles_by_name.get(L.normalize(text))
        if role is None:
            self.problem(sheet, cell, f'"{quoted(text)}" is not a role in this engagement.')
            return False, None
        return True, role

    # -- RACI matrix -----------------------------------------------------------------------

    def _matrix(self, sheet: SheetRows) -> None:
        header = self.header(sheet, L.ACTIVITY)
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
                    address(index, header_row),
                    f'"{quoted(titles[index])}" is not a role in this engagement; add the role '
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
                        address(index, number),
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
                note = L.cell_text(value_at(values, note_col))
                current = L.cell_text(row.split_note)
                if len(note) > L.LONG_TEXT:
                    self.problem(
                        sheet.name,
                        address(note_col, number),
                        f"keep the split note to {L.LONG_TEXT:,} characters (it has "
                        f"{len(note):,}).",
                    )
                elif note != current:
                    self._row_field(row, "split_note", note)
                    self.change(
                        sheet.name,
                        address(note_col, number),
                        row.activity.name,
                        "split note",
                        quoted(current),
                        quoted(note),
                    )

    def _letters(self, sheet, number, index, values, row, role) -> None:
        value = value_at(values, index)
        cell = address(index, number)
        if isinstance(value, str):
            value = value.replace("\u00a0", " ").strip()
        try:
            letters = parse_letters(value)
        except LetterError as exc:
            self.problem(
                sheet,
                cell,
                f'"{quoted(value)}" is not a set of RACI letters: {exc}. Type R, A, C or I, '
                'alone or together such as "A/R".',
            )
            return
        current = self.data.cells.get((row.id, role.id), "")
        if letters != current:
            self.plan.matrix.cells.append(CellChange(row=row, role=role, letters=letters))
            self.change(
                sheet,
                cell,
                f"{row.activity.name} / {role.name}",
                "letters",
                display_letters(current),
                display_letters(letters),
            )

    def _in_scope(self, sheet, number, index, values, row) -> None:
        value = value_at(values, index)
        text = L.normalize(value)
        if not text:
            return  # a cleared cell leaves the row as it is
        if text not in L.YES_NO_WORDS:
            self.problem(
                sheet, address(index, number), f'"{quoted(value)}" is not {L.YES} or {L.NO}.'
            )
            return
        in_scope = L.YES_NO_WORDS[text]
        if in_scope != row.in_scope:
            self._row_field(row, "in_scope", in_scope)
            self.change(
                sheet,
                address(index, number),
                row.activity.name,
                "in scope",
                L.YES if row.in_scope else L.NO,
                L.YES if in_scope else L.NO,
            )

    def _row_field(self, row: MatrixRow, name: str, value) -> None:
        self.plan.matrix.rows.setdefault(row, {})[name] = value

    # -- Coverage --------------------------------------------------------------------------

    def _coverage(self, sheet: SheetRows) -> None:
        header = self.header(sheet, L.ACTIVITY)
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
                cell = address(index, number)
                ok, role = self.role(sheet.name, cell, value_at(values, index))
                current_id = self.data.coverage.get((row.id, window))
                if not ok or (role.id if role else None) == current_id:
                    continue
                current = self.data.roles_by_id.get(current_id)
                self.plan.matrix.coverage.append(CoverageChange(row, window, role))
                self.change(
                    sheet.name,
                    cell,
                    f"{row.activity.name} / {window_labels[window]}",
                    "covered by",
                    current.name if current else "",
                    role.name if role else "",
                )

    def _need(self, sheet, number, index, values, row, labels) -> None:
        value = value_at(values, index)
        text = L.normalize(value)
        if not text:
            return
        need = L.NEED_WORDS.get(text)
        if need is None:
            self.problem(
                sheet,
                address(index, number),
                f'"{quoted(value)}" is not a required coverage ({", ".join(labels.values())}).',
            )
            return
        if need != row.required_coverage:
            override = "" if need == row.activity.default_coverage else need
            self._row_field(row, "coverage_need", override)
            self.change(
                sheet,
                address(index, number),
                row.activity.name,
                "required coverage",
                labels.get(row.required_coverage, row.required_coverage),
                labels[need],
            )
