"""Where things are in a RACI sheet laid out by someone else: the header row, the column of
activities and the columns of letters (the roles), found from the cells alone."""

import unicodedata
from dataclasses import dataclass, field

from engagements.analysis.onramp.letters import read_cell
from engagements.models.text import name_key, nfc

HEADER_SEARCH_ROWS = 20
# A column is a role's when most of what is written under its title is letters.
LETTER_SHARE = 0.6
_ACTIVITY_WORDS = ("activity", "task", "duty", "duties", "process", "responsibilit", "function")
_NOTE_WORDS = ("note", "comment", "remark", "description", "detail", "explanation")


def column_name(index: int) -> str:
    """The spreadsheet name of a column: 0 -> "A", 27 -> "AB"."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def column_index(name: str) -> int | None:
    """The index of a column named "A", "ab"...; None when it is not a column name."""
    name = (name or "").strip().upper()
    if not name or not name.isascii() or not name.isalpha() or len(name) > 3:
        return None
    index = 0
    for ch in name:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def cell_name(index: int, row: int) -> str:
    return f"{column_name(index)}{row}"


def clean_text(value) -> str:
    """A cell as one line of text: NFC, spacing collapsed, nothing around it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value))
    # Control characters (a NUL, a bell) have no place in a name, and PostgreSQL refuses NUL.
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(text.split())


def text_key(value) -> str:
    """When two cells say the same thing: case and spacing aside (as names are compared
    everywhere: models.text.name_key)."""
    return name_key(clean_text(value))


@dataclass
class SheetGrid:
    """One sheet as read: its name and the rows with something in them (row number,
    values), as the workbook reader gives them."""

    name: str
    rows: list[tuple[int, tuple]]


@dataclass
class Layout:
    """What was found in one sheet. Columns are 0-based indexes; rows are the sheet's
    numbers, as a person reads them."""

    sheet: str
    header_row: int | None = None
    activity_column: int | None = None
    role_columns: list[int] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)  # column -> its header title
    bands: dict[int, str] = field(default_factory=dict)  # role column -> the title above it
    problems: list[tuple[str, str]] = field(default_factory=list)  # (cell, message)

    @property
    def found(self) -> bool:
        return (
            self.header_row is not None
            and self.activity_column is not None
            and bool(self.role_columns)
        )


# What a cell is: nothing, letters, or other text.
_EMPTY, _LETTERS, _TEXT = 0, 1, 2


def _kind(value) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return _EMPTY
    found = read_cell(value)
    if found is not None and (found.letters or found.unknown):
        return _LETTERS
    return _TEXT


class _Counts:
    """How many cells of each column are filled and how many hold letters, below any row:
    counted once for the whole sheet, then the first rows taken off."""

    def __init__(self, kinds: list[list[int]], width: int):
        self.width = width
        self.letters = [0] * width
        self.filled = [0] * width
        self.kinds = kinds
        for row in kinds:
            self._add(row, 1)
        self.start = 0

    def _add(self, row: list[int], sign: int) -> None:
        for index, kind in enumerate(row):
            if kind != _EMPTY:
                self.filled[index] += sign
                if kind == _LETTERS:
                    self.letters[index] += sign

    def letter_columns(self, start: int) -> set[int]:
        """Columns whose cells from row position `start` on are mostly letters."""
        if start < self.start:  # only ever asked in order, or once out of it
            self.__init__(self.kinds, self.width)
        while self.start < start:
            self._add(self.kinds[self.start], -1)
            self.start += 1
        return {
            index
            for index in range(self.width)
            if self.letters[index] and self.letters[index] >= LETTER_SHARE * self.filled[index]
        }


def _header(grid: SheetGrid, kinds, counts: _Counts) -> tuple[int, set[int]] | None:
    """The header row's position: the row (among the first few) over the most titled
    columns of letters; on a tie the lower row, nearest the letters."""
    best = None
    for position, (_, values) in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        columns = counts.letter_columns(position + 1)
        titled = {
            index for index in columns if index < len(values) and kinds[position][index] != _EMPTY
        }
        # A title that reads as letters ("IT") still counts, after titles that do not; then
        # the row over more letters wins (a stray word in a cell is not a header).
        score = (
            len(titled),
            sum(1 for index in titled if kinds[position][index] == _TEXT),
            sum(counts.letters[index] for index in titled),
        )
        if titled and (best is None or score >= best[0]):
            best = (score, position, titled)
    return best[1:] if best else None


def _activity_column(grid: SheetGrid, position: int, roles: set[int], width: int) -> int | None:
    """The column of longest texts under the header (preferring one titled like a list of
    duties, and passing over notes), among the columns that are not roles."""
    titles = grid.rows[position][1]
    body = grid.rows[position + 1 :]
    if not body:
        return None
    best, best_score = None, 0.0
    for index in range(width):
        if index in roles:
            continue
        texts = [
            clean_text(values[index])
            for _, values in body
            if index < len(values) and isinstance(values[index], str) and values[index].strip()
        ]
        if not texts:
            continue
        average = sum(len(text) for text in texts) / len(texts)
        score = average * (len(texts) / len(body))
        title = text_key(titles[index] if index < len(titles) else "")
        if any(word in title for word in _ACTIVITY_WORDS):
            score *= 3
        elif any(word in title for word in _NOTE_WORDS):
            score *= 0.3
        if score > best_score:
            best, best_score = index, score
    return best


def detect_layout(
    grid: SheetGrid,
    *,
    header_row: int | None = None,
    activity_column: int | None = None,
) -> Layout:
    """Find the header row, the activity column and the role columns of one sheet; a
    header row or activity column the person chose is taken as given."""
    layout = Layout(sheet=grid.name)
    if not grid.rows:
        layout.problems.append(("", "the sheet is empty."))
        return layout
    width = max(len(values) for _, values in grid.rows)
    kinds = [
        [_kind(values[index]) if index < len(values) else _EMPTY for index in range(width)]
        for _, values in grid.rows
    ]
    if header_row is not None:
        positions = [p for p, (number, _) in enumerate(grid.rows) if number == header_row]
        if not positions:
            layout.problems.append(("", f"row {header_row} is empty; it cannot be the header."))
            return layout
        position = positions[0]
        values = grid.rows[position][1]
        roles = {
            index
            for index in _Counts(kinds, width).letter_columns(position + 1)
            if index < len(values) and clean_text(values[index])
        }
    else:
        found = _header(grid, kinds, _Counts(kinds, width))
        if found is None:
            layout.problems.append(
                (
                    "",
                    "no column of R, A, C, I letters under a titled header was found in the "
                    f"first {HEADER_SEARCH_ROWS} rows.",
                )
            )
            return layout
        position, roles = found
    number, values = grid.rows[position]
    layout.header_row = number
    layout.titles = {
        index: clean_text(value) for index, value in enumerate(values) if clean_text(value)
    }
    if activity_column is None:
        activity_column = _activity_column(grid, position, roles, width)
        if activity_column is None:
            layout.problems.append(
                (f"A{number}", "no column of activity names was found under the header row.")
            )
    roles.discard(activity_column)
    layout.activity_column = activity_column
    layout.role_columns = sorted(roles)
    if position and grid.rows[position - 1][0] == number - 1:
        band_values = grid.rows[position - 1][1]
        band = ""
        for index in range(min(layout.role_columns or [0]), width):
            text = clean_text(band_values[index]) if index < len(band_values) else ""
            band = text or band
            if index in roles and band:
                layout.bands[index] = band
    return layout
