"""How cells are written: the colours, the named looks, and the one way values go in.

Every value passes through `Sheet.put`, which writes text as a string cell that Excel and
LibreOffice show and never evaluate, and resolves each look once per sheet.
"""

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.styles import Side as Edge
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension

from engagements.analysis import Severity
from engagements.exports import layout as L
from engagements.models import Side
from engagements.models.letters import LETTER_COLOUR_NAMES as LETTER_COLOUR_NAMES
from engagements.models.letters import LETTER_FILLS

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# -- colours -------------------------------------------------------------------------------
# Light fills with dark text, so letters stay readable in print; the letter is always
# written too, so colour is never the only signal.
# The letters' colours are the web's (one palette, in models/letters.py).
LETTER_COLOURS = dict(LETTER_FILLS)
SEVERITY_COLOURS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
SIDE_COLOURS = {Side.INTERNAL: "305496", Side.MSP: "375623", Side.VENDOR: "7F6000"}
DOMAIN_COLOUR = "D9D9D9"
HEADER_COLOUR = "EDEDED"
NOT_NEEDED_COLOUR = "F2F2F2"

# Text that a spreadsheet would take for a formula (or a DDE call) if typed in a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


_thin = Edge(style="thin", color="BFBFBF")
_GRID = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
GRID = _GRID
LETTER_ALIGNMENT = Alignment(horizontal="center", vertical="top")
_SIGN_LINE = Border(bottom=Edge(style="thin", color="000000"))


@dataclass(frozen=True, eq=False)  # hashed by identity: openpyxl's own hashes are slow
class Style:
    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    border: Border | None = None
    number_format: str | None = None


TITLE = Style(font=Font(bold=True, size=14))
NOTE = Style(font=Font(italic=True, color="595959"), alignment=Alignment(vertical="top"))
HEADER = Style(
    font=Font(bold=True),
    fill=fill(HEADER_COLOUR),
    border=_GRID,
    alignment=Alignment(vertical="bottom", wrap_text=True),
)
ROLE_HEADER = Style(
    font=Font(bold=True),
    fill=fill(HEADER_COLOUR),
    border=_GRID,
    alignment=Alignment(horizontal="center", vertical="bottom", text_rotation=90, wrap_text=True),
)
DOMAIN = Style(font=Font(bold=True), fill=fill(DOMAIN_COLOUR), border=_GRID)
LABEL = Style(font=Font(bold=True), alignment=Alignment(vertical="top"))
PLAIN = Style(alignment=Alignment(horizontal="left", vertical="top", wrap_text=True))
SENTENCE = Style(alignment=Alignment(vertical="top"))  # long text that runs across columns
TEXT = Style(border=_GRID, alignment=Alignment(vertical="top", wrap_text=True))
ACTIVITY_NAME = Style(border=_GRID, alignment=Alignment(vertical="top", indent=1, wrap_text=True))
OUT_OF_SCOPE = Style(
    font=Font(italic=True, color="808080"),
    border=_GRID,
    alignment=Alignment(vertical="top", indent=1, wrap_text=True),
)
CODE_STYLE = Style(
    font=Font(size=10, color="595959"),
    border=_GRID,
    alignment=Alignment(vertical="top", wrap_text=True),
)
CENTRED = Style(border=_GRID, alignment=Alignment(horizontal="center", vertical="top"))
DATE = Style(number_format="yyyy-mm-dd", alignment=Alignment(horizontal="left"))
SIGN_LINE = Style(border=_SIGN_LINE)
# Looks whose only mark on an empty cell is its grid line (and how text typed there later is
# aligned). A blank in one of them is not written: one conditional format per sheet draws
# the grid of all of them and the column carries the alignment. Most of a large matrix is
# blanks, so this halves the cells a workbook holds.
BLANK_GRID_STYLES = frozenset({TEXT, CENTRED})
LETTER_STYLES = {
    letter: Style(
        font=Font(bold=True),
        fill=fill(colour),
        border=_GRID,
        alignment=Alignment(horizontal="center", vertical="top"),
    )
    for letter, colour in LETTER_COLOURS.items()
}
SEVERITY_STYLES = {
    severity: Style(
        font=Font(bold=True),
        fill=fill(colour),
        border=_GRID,
        alignment=Alignment(vertical="top"),
    )
    for severity, colour in SEVERITY_COLOURS.items()
}
SIDE_STYLES = {
    side: Style(
        font=Font(bold=True, color="FFFFFF"),
        fill=fill(colour),
        border=_GRID,
        alignment=Alignment(horizontal="center"),
    )
    for side, colour in SIDE_COLOURS.items()
}
NOT_NEEDED = Style(fill=fill(NOT_NEEDED_COLOUR), border=_GRID)


# -- writing cells -------------------------------------------------------------------------


class Sheet:
    """A worksheet with one way in for values: text is always a string cell."""

    def __init__(self, workbook: Workbook, title: str, first: bool = False):
        self.ws = workbook.active if first else workbook.create_sheet()
        self.ws.title = title
        self._cells = self.ws._cells
        # Style -> (StyleArray, whether it wraps text): each look resolved once per sheet
        self._styles: dict[Style | None, tuple[StyleArray | None, bool]] = {}
        self._widths: dict[int, float] = {}
        self._per_line: dict[int, int] = {}  # column -> characters a wrapped line holds
        self._lines: dict[int, int] = {}  # row -> lines its tallest wrapped cell needs
        self._blanks: dict[int, dict[Style, list[int]]] = {}  # column -> look -> rows

    def put(self, row: int, column: int, value=None, style: Style | None = None):
        if (value is None or value == "") and style in BLANK_GRID_STYLES:
            self._blanks.setdefault(column, {}).setdefault(style, []).append(row)
            return
        self._write(row, column, value, style)

    def _write(self, row: int, column: int, value, style: Style | None):
        # The matrix is tens of thousands of cells: make each directly, with its look
        # resolved once per style (openpyxl would hash every Font and Fill again per cell).
        # Whether the look wraps text is read once per style too (openpyxl's attributes are
        # descriptors, each read a function call).
        cached, wraps = self._styles.get(style, (None, False))
        cell = Cell(self.ws, row, column, None, cached)  # the cell copies the style array
        self._cells[(row, column)] = cell
        if style is not None and cached is None:
            for attr in ("font", "fill", "alignment", "border", "number_format"):
                if getattr(style, attr) is not None:
                    setattr(cell, attr, getattr(style, attr))
            align = style.alignment
            wraps = bool(align is not None and align.wrap_text and not align.text_rotation)
            self._styles[style] = (StyleArray(cell._style), wraps)
        if value is None or value == "":
            return cell
        if isinstance(value, str):
            if not value.isprintable():  # cheap test first; the regex only when needed
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if len(value) > L.CELL_MAX_CHARS:
                value = value[: L.CELL_MAX_CHARS]
            cell._value = value  # already clean: skip openpyxl's checks and type guessing
            if wraps and (len(value) > self._per_line.get(column, 0) or "\n" in value):
                self._count_lines(row, column, value)
            # Always a string: openpyxl would make "=..." a formula and "#N/A" an error. A
            # quote prefix also keeps formula-like text text when someone edits the cell.
            cell.data_type = "s"
            if value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True
        else:
            cell.value = value
        return cell

    def row(self, row: int, values, style: Style | None = None, start: int = 1):
        for offset, value in enumerate(values):
            self.put(row, start + offset, value, style)

    def widths(self, widths: dict[int, float]):
        """Set column widths; call before writing, so wrapped text can size its row."""
        for column, width in widths.items():
            self._widths[column] = width
            self._per_line.pop(column, None)
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def _count_lines(self, row: int, column: int, text: str) -> None:
        per_line = self._per_line.get(column)
        if per_line is None:
            per_line = self._per_line[column] = max(1, int(self._widths.get(column, 8.43) * 1.1))
        if len(text) <= per_line and "\n" not in text:
            return  # one line, the default height
        lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
        if lines > self._lines.get(row, 1):
            self._lines[row] = lines

    def fit_rows(self):
        """Give rows with wrapped text the height they need: spreadsheets do not size rows
        of a generated file by themselves, and text would overflow its neighbours."""
        # Each row's dimension made with its height (openpyxl's own way makes a default
        # one and sets the height after, twice the attribute checks).
        dimensions = self.ws.row_dimensions
        for row, lines in self._lines.items():
            height = min(409, 15 * lines)
            made = dimensions.get(row)
            if made is None:
                dimensions[row] = RowDimension(self.ws, index=row, ht=height)
            else:
                made.height = height

    def draw_blank_grid(self):
        """The grid lines of the blanks `put` did not write, as one conditional format (a
        rule that always holds) over their ranges; each column whose blanks share one look
        takes its alignment."""
        ranges = []
        for column, looks in sorted(self._blanks.items()):
            letter = get_column_letter(column)
            if len(looks) == 1:
                (look,) = looks
                self.ws.column_dimensions[letter].alignment = look.alignment
            rows = sorted(row for rows in looks.values() for row in rows)
            first = previous = rows[0]
            for row in [*rows[1:], None]:
                if row is not None and row == previous + 1:
                    previous = row
                    continue
                ranges.append(
                    f"{letter}{first}" + (f":{letter}{previous}" if previous > first else "")
                )
                if row is not None:
                    first = previous = row
        if ranges:
            self.ws.conditional_formatting.add(
                " ".join(ranges), FormulaRule(formula=["TRUE"], border=_GRID)
            )

    def fill_row(self, row: int, first: int, last: int, style: Style):
        for column in range(first, last + 1):
            self.put(row, column, None, style)

    def print_setup(
        self, *, landscape: bool = True, title_rows: str = "", title_cols: str = "", header=""
    ):
        """Orientation and the rows (and columns) repeated on every printed page. Paper,
        margins, scale, headers and footers are the exhibit's (xlsx.pages), set on every
        sheet once the workbook is written; `header` is kept for callers that set their
        own before that."""
        ws = self.ws
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.print_options.horizontalCentered = False
        if title_rows:
            ws.print_title_rows = title_rows
        if title_cols:
            ws.print_title_cols = title_cols
        if header:
            ws.oddHeader.left.text = header_text(header)
        ws.oddFooter.right.text = "Page &P of &N"
        self.fit_rows()
        self.draw_blank_grid()


def header_text(text: str) -> str:
    """Page header text: "&" starts a code there, so a client named "A&B" needs "&&"."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:120].replace("&", "&&")


def list_formula(items) -> str:
    return '"' + ",".join(items) + '"'
