"""The workbook's printed sheets as sections of HTML: each sheet's print area, without its
hidden columns or hidden sheets, split into column groups when it is wider than a page.

Pure reading of an in-memory openpyxl workbook: no queries."""

import datetime
from dataclasses import dataclass, field

from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import range_boundaries

from engagements.exports import layout as L
from engagements.exports.xlsx.escalation import ESCALATION

# A printed table holds this many columns besides the repeated key columns: at 8 pt, with
# role names wrapping, ten role columns fit a landscape A4 or Letter page beside the
# activity, its code, the scope and the split note.
COLUMNS_PER_GROUP = 12
TITLE_SIZE = 13  # points: a cell this large is a heading in the sheet
# Sheets printed compact: a row per activity and window, which the matrix already names.
# Their table is keyed by the activity's code alone (its name, the widest column and the
# one that wraps, is left to the matrix) and a column with nothing below its title (no
# phone numbers entered yet) is left out: half the pages, and no empty grid to read.
COMPACT = {L.COVERAGE, ESCALATION}


@dataclass
class Cell:
    text: str
    css: str = ""
    span: int = 1


@dataclass
class Table:
    caption: str
    widths: list[float] = field(default_factory=list)  # per cent of the page, per column
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)


@dataclass
class Section:
    name: str
    headings: list[str]
    notes: list[str]
    tables: list[Table]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _colour(color) -> str:
    """An explicit ARGB colour as RRGGBB; theme and indexed colours are left to the page."""
    rgb = getattr(color, "rgb", None)
    if isinstance(rgb, str) and len(rgb) == 8 and rgb != "00000000":
        return rgb[2:]
    return ""


def _css(cell) -> str:
    parts = []
    font = cell.font
    if font is not None:
        if font.b:
            parts.append("font-weight:bold")
        if font.i:
            parts.append("font-style:italic")
        colour = _colour(font.color) if font.color is not None else ""
        if colour and colour.upper() != "000000":
            parts.append(f"color:#{colour}")
    fill = cell.fill
    if fill is not None and fill.fill_type == "solid":
        colour = _colour(fill.fgColor)
        if colour and colour.upper() != "FFFFFF":
            parts.append(f"background:#{colour}")
    alignment = cell.alignment
    if alignment is not None and alignment.horizontal == "center":
        parts.append("text-align:center")
    return ";".join(parts)


def _area(ws) -> tuple[int, int, int, int]:
    """(first column, first row, last column, last row) of the sheet's print area."""
    area = ws.print_area
    if area:
        ref = area.split(",")[0].split("!")[-1].replace("$", "")
        return range_boundaries(ref)
    return 1, 1, max(ws.max_column, 1), max(ws.max_row, 1)


def _title_rows(ws) -> tuple[int, int] | None:
    rows = ws.print_title_rows
    if not rows:
        return None
    ref = rows.split("!")[-1].replace("$", "")
    first, _, last = ref.partition(":")
    return int(first), int(last or first)


def _key_columns(ws, first_col: int) -> int:
    """How many leading columns every column group repeats (the sheet's title columns,
    else its first column)."""
    cols = ws.print_title_cols
    if cols:
        ref = cols.split("!")[-1].replace("$", "")
        start, _, end = ref.partition(":")
        return column_index_from_string(end or start) - first_col + 1
    return 1


def _groups(columns: list[int], keys: int) -> list[list[int]]:
    if len(columns) <= keys + COLUMNS_PER_GROUP + 2:
        return [columns]
    key, rest = columns[:keys], columns[keys:]
    # Spread the columns evenly so the last group is not a stub.
    count = -(-len(rest) // COLUMNS_PER_GROUP)
    size = -(-len(rest) // count)
    return [key + rest[i : i + size] for i in range(0, len(rest), size)]


# A column is never narrower than the longest word of its title: at 8 pt bold a letter takes
# about this share of the narrowest page's width (Letter landscape, less the margins).
LETTER_SHARE = 100 * 5.6 / 735
PADDING_SHARE = 100 * 8 / 735


def _widths(ws, group: list[int], titles: dict[int, str] | None = None) -> list[float]:
    """The columns' shares of the page, from the sheet's own widths: the table is laid out
    fixed, which keeps a thousand-row table quick to draw. A column's title never breaks
    inside a word ("Framewor k"): the others give way."""
    from openpyxl.utils import get_column_letter

    raw = []
    for c in group:
        dimension = ws.column_dimensions.get(get_column_letter(c))
        width = dimension.width if dimension is not None and dimension.customWidth else None
        # Role names wrap by word, not by letter, in a column at least this wide.
        raw.append(max(width or 8.43, 11))
    total = sum(raw) or 1
    shares = [100 * w / total for w in raw]
    least = [
        max((len(word) for word in (titles or {}).get(c, "").split()), default=0) * LETTER_SHARE
        + PADDING_SHARE
        for c in group
    ]
    short = [max(need - share, 0) for share, need in zip(shares, least, strict=True)]
    roomy = sum(share for share, gap in zip(shares, short, strict=True) if not gap)
    # The roomy columns give way while they keep at least half their width.
    if 0 < sum(short) <= roomy / 2:
        shares = [
            max(share, need) if gap else share * (roomy - sum(short)) / roomy
            for share, need, gap in zip(shares, least, short, strict=True)
        ]
    return [round(share, 2) for share in shares]


def _line(cells, group: list[int], merged: dict, covered: set) -> list[Cell]:
    """One row's cells, a merged range (a side's band over its roles) spanning the columns
    of this group it covers."""
    line: list[Cell] = []
    for cell in cells:
        at = (cell.row, cell.column)
        if at in merged:
            span = sum(1 for c in group if cell.column <= c <= merged[at])
            line.append(Cell(_text(cell.value), _css(cell), span))
        elif at in covered:
            if line and any(
                (cell.row, c) in merged and c < cell.column <= merged[(cell.row, c)]
                for c in group
                if c < cell.column
            ):
                continue  # inside a span already drawn in this group
            line.append(Cell("", _css(cell)))  # the group starts inside the range
        else:
            line.append(Cell(_text(cell.value), _css(cell)))
    return line


def sheet_section(ws, compact: bool = False) -> Section:
    first_col, first_row, last_col, last_row = _area(ws)
    hidden = {key for key, dimension in ws.column_dimensions.items() if dimension.hidden}
    columns = [
        c
        for c in range(first_col, last_col + 1)
        if ws.cell(row=1, column=c).column_letter not in hidden
    ]
    titles = _title_rows(ws)
    rows = list(
        ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col)
    )
    # A column with nothing in it (a spacer, the grid drawn past a table) prints nothing.
    used = {cell.column for row in rows for cell in row if cell.value is not None}
    columns = [c for c in columns if c in used]
    if compact and titles is not None:
        below = rows[titles[1] - first_row + 1 :]
        filled = {cell.column for row in below for cell in row if cell.value is not None}
        columns = [c for c in columns if c in filled and c != first_col]
    headings, notes = [], []
    table_from = 0
    header_rows: list[int] = []
    if titles is not None:
        # The rows above the repeated header are the sheet's title and notes.
        table_from = titles[0] - first_row
        header_rows = list(range(titles[0] - first_row, titles[1] - first_row + 1))
        for row in rows[:table_from]:
            for cell in row:
                if cell.value is None:
                    continue
                size = cell.font.sz if cell.font is not None and cell.font.sz else 0
                (headings if size >= TITLE_SIZE else notes).append(_text(cell.value))
    merged = {}  # (row, column) of a merged range's first cell -> its last column
    covered = set()  # the other cells of merged ranges
    for merge in ws.merged_cells.ranges:
        merged[(merge.min_row, merge.min_col)] = merge.max_col
        for r in range(merge.min_row, merge.max_row + 1):
            for c in range(merge.min_col, merge.max_col + 1):
                if (r, c) != (merge.min_row, merge.min_col):
                    covered.add((r, c))
    column_titles = {
        cell.column: _text(cell.value)
        for index in header_rows
        for cell in rows[index]
        if cell.value is not None
    }
    groups = _groups(columns, _key_columns(ws, first_col) if titles else 1)
    tables = []
    for number, group in enumerate(groups, start=1):
        caption = f"Columns {number} of {len(groups)}" if len(groups) > 1 else ""
        table = Table(caption=caption, widths=_widths(ws, group, column_titles))
        for index in range(table_from, len(rows)):
            row = rows[index]
            cells = [row[c - first_col] for c in group]
            filled = [cell for cell in cells if cell.value is not None]
            if not filled and index not in header_rows:
                continue
            if len(filled) == 1 and cells[0].value is not None and len(group) > 2:
                # A heading within the table (a domain, a section of the cover) spans it.
                line = [Cell(_text(cells[0].value), _css(cells[0]), len(group))]
            else:
                line = _line(cells, group, merged, covered)
            (table.head if index in header_rows else table.body).append(line)
        tables.append(table)
    return Section(name=ws.title, headings=headings, notes=notes, tables=tables)


def printed_sections(workbook) -> list[Section]:
    """Every visible sheet, in the workbook's order."""
    return [
        sheet_section(ws, compact=ws.title in COMPACT)
        for ws in workbook.worksheets
        if ws.sheet_state == "visible"
    ]
