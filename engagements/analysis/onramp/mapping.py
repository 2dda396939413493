"""From a sheet's layout to a proposal the person importing confirms: each column title to
a role (new or existing) and its side, each row to a catalog activity (by fuzzy match, with
its score) or a new custom one in the guessed domain, each letter of another scheme to one
of ours or dropped. What the person chose (a mapping) is applied over the guesses.

A mapping is plain JSON, the same on the page, in the API and when saved for a client:

    {"sheet": "RACI", "header_row": 3, "activity_column": "B",
     "columns": {"Service desk (MSP)": {"role": "Service desk", "side": "msp"},
                 "Notes": {"skip": true}},
     "rows": {"Patch servers": {"activity": "patching.servers"},
              "Water the plants": {"new": true, "domain": "vendors"},
              "Old duty": {"skip": true}, "Security": {"section": true}},
     "letters": {"S": "R", "LEAD": "A", "V": ""}}

Columns are named by their title and rows by their activity text, so a mapping saved for
one sheet applies to the next sheet of the same layout.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from engagements.analysis.onramp.layout import (
    Layout,
    SheetGrid,
    cell_name,
    clean_text,
    column_index,
    column_name,
    detect_layout,
    text_key,
)
from engagements.analysis.onramp.letters import GUESSED_MEANINGS, CellLetters, read_cell
from engagements.models.choices import Side
from engagements.models.letters import LetterError, display_letters, parse_letters

# A match at or above this score is taken; between WEAK and here it is taken but flagged;
# below WEAK the row becomes a new custom activity.
MATCH_SCORE = 80
WEAK_SCORE = 60
# Two candidates this close are an ambiguous match the person should settle.
AMBIGUOUS_GAP = 5
ROLE_NAME_MAX = 120
ACTIVITY_NAME_MAX = 200

_STOP = {"the", "and", "a", "an", "of", "to", "for", "on", "in", "or", "with", "by", "it"}
_SIDE_WORDS = (
    (
        Side.VENDOR,
        (
            "vendor",
            "third party",
            "third-party",
            "3rd party",
            "supplier",
            "partner",
            "isp",
            "carrier",
            "microsoft",
            "google",
            "aws",
            "amazon",
            "cisco",
            "dell",
            "oracle",
        ),
    ),
    (Side.MSP, ("msp", "managed service", "provider", "outsourc")),
    (Side.INTERNAL, ("internal", "client", "customer", "in-house", "in house", "our ", "staff")),
)


class MappingError(ValueError):
    """A mapping that is not the shape described above; `field` names where."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CatalogEntry:
    """An activity a row may become: from the catalog, or the client's own."""

    code: str
    name: str
    domain: str  # its domain's code


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    score: float


@dataclass
class ColumnChoice:
    index: int
    title: str
    skip: bool = True
    role: str = ""
    side: str = ""
    side_reason: str = ""  # what the side was guessed from; "" when chosen or unknown
    existing: bool = False
    detected: bool = False  # found as a column of letters

    @property
    def column(self) -> str:
        return column_name(self.index)

    @property
    def side_label(self) -> str:
        return Side(self.side).label if self.side in Side.values else ""


@dataclass
class RowChoice:
    number: int
    text: str
    section: str = ""  # the section heading above it
    domain: str = ""  # domain code
    activity: str = ""  # catalog code, "" for a new custom activity
    activity_name: str = ""
    score: float | None = None
    candidates: list[Candidate] = field(default_factory=list)
    new: bool = False
    skip: bool = False
    chosen: bool = False  # the mapping said what this row is
    ambiguous: bool = False
    weak: bool = False
    note: str = ""
    cells: dict[int, CellLetters] = field(default_factory=dict)  # column -> letters read
    letters: dict[str, str] = field(default_factory=dict)  # role name -> stored letters


@dataclass
class Section:
    number: int
    text: str
    domain: str  # "" when it names no domain


@dataclass
class UnknownLetter:
    token: str
    meaning: str  # stored letters, "" to drop it
    guessed: bool
    count: int
    first_cell: str

    @property
    def display(self) -> str:
        return display_letters(self.meaning)


@dataclass
class Proposal:
    layout: Layout
    sheets: list[str]
    columns: list[ColumnChoice]
    rows: list[RowChoice]
    sections: list[Section]
    letters: list[UnknownLetter]
    problems: list[tuple[str, str]]  # (cell, message), the cell on the proposal's sheet

    @property
    def sheet(self) -> str:
        return self.layout.sheet

    @property
    def roles(self) -> list[ColumnChoice]:
        return [column for column in self.columns if not column.skip]

    @property
    def activity_rows(self) -> list[RowChoice]:
        return [row for row in self.rows if not row.skip]

    @property
    def new_roles(self) -> list[ColumnChoice]:
        return [column for column in self.roles if not column.existing]

    @property
    def new_activities(self) -> list[RowChoice]:
        return [row for row in self.activity_rows if row.new]

    @property
    def flagged(self) -> list[RowChoice]:
        return [row for row in self.activity_rows if (row.ambiguous or row.weak) and not row.chosen]

    def mapping(self) -> dict:
        """Everything the proposal decided, as a mapping: send it back changed to correct
        it, or save it for the client's next sheet."""
        columns = {}
        for column in self.columns:
            if column.skip:
                columns[column.title] = {"skip": True}
            else:
                columns[column.title] = {"role": column.role, "side": column.side}
        rows: dict[str, dict] = {}
        for section in self.sections:
            rows.setdefault(section.text, {"section": True})
        for row in self.rows:
            if row.skip:
                rows[row.text] = {"skip": True}
            elif row.new:
                rows[row.text] = {"new": True, "domain": row.domain}
            else:
                rows[row.text] = {"activity": row.activity}
        return {
            "sheet": self.layout.sheet,
            "header_row": self.layout.header_row,
            "activity_column": (
                column_name(self.layout.activity_column)
                if self.layout.activity_column is not None
                else None
            ),
            "columns": columns,
            "rows": rows,
            "letters": {letter.token: letter.meaning for letter in self.letters},
        }


# -- the mapping's shape ----------------------------------------------------------------------


def _dict_of_dicts(mapping: dict, name: str) -> dict[str, dict]:
    value = mapping.get(name) or {}
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(entry, dict) for key, entry in value.items()
    ):
        raise MappingError(name, f'"{name}" must map each title to an object.')
    return {text_key(key): entry for key, entry in value.items()}


def check_mapping(mapping) -> dict:
    """The mapping with its keys made comparable, or MappingError naming what is wrong."""
    if mapping is None:
        mapping = {}
    if not isinstance(mapping, dict):
        raise MappingError("mapping", "The mapping must be a JSON object.")
    checked: dict = {}
    sheet = mapping.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise MappingError("sheet", '"sheet" must be the name of a sheet.')
    checked["sheet"] = sheet or None
    header = mapping.get("header_row")
    if header is not None and (
        isinstance(header, bool) or not isinstance(header, int) or header < 1
    ):
        raise MappingError("header_row", '"header_row" must be a row number (1 or more).')
    checked["header_row"] = header
    column = mapping.get("activity_column")
    if column is not None and (not isinstance(column, str) or column_index(column) is None):
        raise MappingError("activity_column", '"activity_column" must be a column such as "B".')
    checked["activity_column"] = column_index(column) if column else None
    checked["columns"] = _dict_of_dicts(mapping, "columns")
    for key, entry in checked["columns"].items():
        side = entry.get("side")
        if side is not None and side not in Side.values:
            raise MappingError(
                "columns", f'the side of "{key}" must be one of {", ".join(Side.values)}.'
            )
        role = entry.get("role")
        if role is not None and not isinstance(role, str):
            raise MappingError("columns", f'the role of "{key}" must be a name.')
    checked["rows"] = _dict_of_dicts(mapping, "rows")
    for key, entry in checked["rows"].items():
        for name in ("activity", "domain", "name"):
            if entry.get(name) is not None and not isinstance(entry[name], str):
                raise MappingError("rows", f'"{name}" of the row "{key}" must be text.')
    letters = mapping.get("letters") or {}
    if not isinstance(letters, dict):
        raise MappingError("letters", '"letters" must map each letter to R, A, C, I or "".')
    checked["letters"] = {}
    for token, meaning in letters.items():
        try:
            checked["letters"][clean_text(token).upper()] = parse_letters(meaning or "")
        except (LetterError, TypeError) as exc:
            raise MappingError(
                "letters", f'"{token}" must mean a set of R, A, C, I, or "" to drop it.'
            ) from exc
    return checked


# -- guesses ----------------------------------------------------------------------------------


def _names(name: str) -> list[str]:
    """A company's name as a sheet may write it: whole, or its first word ("Acme")."""
    key = text_key(name)
    words = key.split()
    return [key] + ([words[0]] if len(words) > 1 and len(words[0]) >= 3 else [])


def _as_written(text: str, pattern: str, fallback: str) -> str:
    """The words a pattern found, as the sheet writes them ("MSP", not "msp")."""
    found = re.search(pattern, clean_text(text), re.IGNORECASE)
    return found.group(0).strip() if found else fallback


def _side_in(text: str, client_name: str, msp_name: str) -> tuple[str, str] | None:
    words = f" {text_key(text)} "
    for name, side in ((msp_name, Side.MSP), (client_name, Side.INTERNAL)):
        for key in _names(name) if name else ():
            pattern = rf"(?<!\w){re.escape(key)}(?!\w)"
            if re.search(pattern, words):
                return side, f'the name "{_as_written(text, pattern, key)}"'
    for side, clues in _SIDE_WORDS:
        for clue in clues:
            pattern = rf"(?<![a-z0-9]){re.escape(clue.strip())}"
            if re.search(pattern, words):
                return side, f'the word "{_as_written(text, pattern, clue.strip())}"'
    return None


def guess_side(title: str, band: str, client_name: str, msp_name: str) -> tuple[str, str]:
    """The side a column's title (or else the band above it) suggests, and the words that
    suggested it; internal IT with no reason when nothing does."""
    return (
        _side_in(title, client_name, msp_name)
        or _side_in(band, client_name, msp_name)
        or (Side.INTERNAL, "")
    )


def _side_from_bands(band: str, bands: dict[int, str], client: str, msp: str) -> tuple[str, str]:
    """A band that says nothing of its side, beside one that names the client, is most
    likely the other party to the agreement: the MSP (whose name raci may not know)."""
    if not band:
        return Side.INTERNAL, ""
    sides = {text_key(other): _side_in(other, client, msp) for other in bands.values()}
    known = {found[0] for found in sides.values() if found}
    if Side.INTERNAL in known and Side.MSP not in known:
        return Side.MSP, f'the band "{band}" beside the client\'s'
    return Side.INTERNAL, ""


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s", "ed"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def match_key(text: str) -> str:
    """A name reduced for fuzzy matching: lower case, no punctuation or small words, each
    word stemmed crudely, in a fixed order ("Server patching" ~ "Deploy server patches")."""
    return " ".join(
        sorted(_stem(word) for word in utils.default_process(text).split() if word not in _STOP)
    )


def _score(first: str, second: str, **_) -> float:
    return (fuzz.token_set_ratio(first, second) + fuzz.token_sort_ratio(first, second)) / 2


class Matcher:
    """Sheet texts against the activities a row may become, best first, with scores."""

    def __init__(self, catalog: list[CatalogEntry]):
        self.catalog = catalog
        self.keys = [match_key(entry.name) for entry in catalog]
        self.by_code = {entry.code: entry for entry in catalog}
        self.by_name = {text_key(entry.name): entry for entry in catalog}

    def best(self, text: str, limit: int = 3) -> list[Candidate]:
        exact = self.by_name.get(text_key(text))
        if exact is not None:
            return [Candidate(exact.code, exact.name, 100.0)]
        key = match_key(text)
        # Each scorer runs in RapidFuzz's C++ over the whole catalog; the mean of the two is
        # taken over the few each ranks highest (a Python scorer per pair would be slow).
        shortlist = {
            index
            for scorer in (fuzz.token_set_ratio, fuzz.token_sort_ratio)
            for _, _, index in process.extract(key, self.keys, scorer=scorer, limit=8)
        }
        scored = sorted(
            ((_score(key, self.keys[index]), index) for index in shortlist),
            key=lambda pair: (-pair[0], pair[1]),
        )
        return [
            Candidate(self.catalog[index].code, self.catalog[index].name, round(score, 1))
            for score, index in scored[:limit]
        ]


def match_domain(text: str, domains: dict[str, str]) -> str:
    """The domain a section heading names ("Patching" -> patching), or ""."""
    if not text or not domains:
        return ""
    codes = list(domains)
    keys = [match_key(f"{domains[code]} {code.replace('-', ' ')}") for code in codes]
    found = process.extractOne(match_key(text), keys, scorer=fuzz.token_set_ratio, score_cutoff=75)
    return codes[found[2]] if found else ""


# -- the proposal -----------------------------------------------------------------------------


def _choose_sheet(grids: list[SheetGrid], wanted: str | None, header, activity) -> Layout:
    if wanted:
        for grid in grids:
            if text_key(grid.name) == text_key(wanted):
                return grid, detect_layout(grid, header_row=header, activity_column=activity)
        raise MappingError("sheet", f'there is no sheet named "{wanted}" in the file.')
    best = None
    for grid in grids:
        layout = detect_layout(grid, header_row=header, activity_column=activity)
        if best is None or len(layout.role_columns) > len(best[1].role_columns):
            best = (grid, layout)
    return best


def propose(
    grids: list[SheetGrid],
    *,
    catalog: list[CatalogEntry],
    domains: dict[str, str],
    existing_roles: dict[str, str] | None = None,
    client_name: str = "",
    msp_name: str = "",
    mapping: dict | None = None,
) -> Proposal:
    """Read the sheet the mapping names (or the one that looks most like a RACI matrix),
    and propose what each column, row and letter becomes. `domains` is code -> name, in
    catalog order; `existing_roles` is name -> side for a draft being filled. Raises
    MappingError for a mapping of the wrong shape."""
    chosen = check_mapping(mapping)
    if not grids:
        raise MappingError("file", "the file has no sheet with anything in it.")
    grid, layout = _choose_sheet(
        grids, chosen["sheet"], chosen["header_row"], chosen["activity_column"]
    )
    proposal = Proposal(
        layout=layout,
        sheets=[g.name for g in grids],
        columns=[],
        rows=[],
        sections=[],
        letters=[],
        problems=list(layout.problems),
    )
    if layout.header_row is None or layout.activity_column is None:
        return proposal
    _columns(proposal, chosen, existing_roles or {}, client_name, msp_name)
    _rows(proposal, grid, chosen, Matcher(catalog), domains)
    _letters(proposal, chosen)
    if not proposal.roles and not proposal.problems:
        proposal.problems.append(("", "no column is mapped to a role."))
    if not proposal.activity_rows and not proposal.problems:
        proposal.problems.append(("", "no row is mapped to an activity."))
    return proposal


def _columns(proposal: Proposal, chosen: dict, existing: dict[str, str], client, msp) -> None:
    layout = proposal.layout
    existing_keys = {text_key(name): (name, side) for name, side in existing.items()}
    seen: dict[str, ColumnChoice] = {}
    for index, title in sorted(layout.titles.items()):
        if index == layout.activity_column:
            continue
        column = ColumnChoice(index=index, title=title, detected=index in layout.role_columns)
        entry = chosen["columns"].get(text_key(title))
        if entry is not None:
            column.skip = bool(entry.get("skip"))
        else:
            column.skip = not column.detected
        proposal.columns.append(column)
        if column.skip:
            continue
        name = clean_text((entry or {}).get("role") or title)
        if len(name) > ROLE_NAME_MAX:
            proposal.problems.append(
                (
                    cell_name(index, layout.header_row),
                    f"the role name is longer than {ROLE_NAME_MAX} characters; shorten it.",
                )
            )
            name = name[:ROLE_NAME_MAX]
        column.role = name
        if text_key(name) in existing_keys:
            column.role, column.side = existing_keys[text_key(name)]
            column.existing = True
        elif (entry or {}).get("side"):
            column.side = entry["side"]
        else:
            column.side, column.side_reason = guess_side(
                title, layout.bands.get(index, ""), client, msp
            )
            if not column.side_reason:
                column.side, column.side_reason = _side_from_bands(
                    layout.bands.get(index, ""), layout.bands, client, msp
                )
        other = seen.get(text_key(column.role))
        if other is not None:
            proposal.problems.append(
                (
                    cell_name(index, layout.header_row),
                    f'"{column.role}" is already the role of column {other.column}; give '
                    "this column another role or skip it.",
                )
            )
        seen[text_key(column.role)] = column


def _rows(proposal: Proposal, grid: SheetGrid, chosen: dict, matcher: Matcher, domains) -> None:
    layout = proposal.layout
    activity_col = layout.activity_column
    roles = proposal.roles
    section = None
    seen_text: dict[str, int] = {}
    for number, values in grid.rows:
        if number <= layout.header_row:
            continue
        raw = values[activity_col] if activity_col < len(values) else None
        text = clean_text(raw)
        cells: dict[int, CellLetters] = {}
        bad = False
        for column in roles:
            value = values[column.index] if column.index < len(values) else None
            found = read_cell(value)
            if found is None:
                bad = True
                proposal.problems.append(
                    (
                        cell_name(column.index, number),
                        f'"{clean_text(value)[:60]}" is not a set of R, A, C, I letters; '
                        "correct the cell, or skip this column or row.",
                    )
                )
            elif found.letters or found.unknown:
                cells[column.index] = found
        entry = chosen["rows"].get(text_key(text)) if text else None
        if not text:
            if cells:
                proposal.problems.append(
                    (
                        cell_name(activity_col, number),
                        "this row has letters but no activity; name the activity here.",
                    )
                )
            continue
        if (entry is None and not cells and not bad) or (entry or {}).get("section"):
            domain = (entry or {}).get("domain") or match_domain(text, domains)
            section = Section(number, text, domain if domain in domains else "")
            proposal.sections.append(section)
            continue
        row = RowChoice(number=number, text=text, cells=cells)
        row.section = section.text if section else ""
        if text_key(text) in seen_text:
            proposal.problems.append(
                (
                    cell_name(activity_col, number),
                    f'"{text[:60]}" appears twice (also on row {seen_text[text_key(text)]}); '
                    "rename one of them or skip it.",
                )
            )
            continue
        seen_text[text_key(text)] = number
        proposal.rows.append(row)
        _row_choice(proposal, row, entry, matcher, domains, section)
    _settle_duplicates(proposal)
    _new_domains(proposal, matcher, domains)


def _row_choice(proposal, row: RowChoice, entry, matcher: Matcher, domains, section) -> None:
    where = cell_name(proposal.layout.activity_column, row.number)
    row.candidates = matcher.best(row.text)
    if entry is not None:
        row.chosen = True
        if entry.get("skip"):
            row.skip = True
            return
        if entry.get("activity"):
            found = matcher.by_code.get(entry["activity"])
            if found is None:
                proposal.problems.append(
                    (where, f'"{entry["activity"]}" is not an activity this client can use.')
                )
                row.skip = True
                return
            row.activity, row.activity_name, row.domain = found.code, found.name, found.domain
            row.score = next((c.score for c in row.candidates if c.code == found.code), None)
            return
        if entry.get("new"):
            row.new = True
            row.activity_name = clean_text(entry.get("name") or row.text)
            domain = entry.get("domain") or ""
            if domain and domain not in domains:
                proposal.problems.append((where, f'"{domain}" is not a domain.'))
            row.domain = domain if domain in domains else ""
            return
    best = row.candidates[0] if row.candidates else None
    if best is not None and best.score >= WEAK_SCORE:
        found = matcher.by_code[best.code]
        row.activity, row.activity_name, row.domain = found.code, found.name, found.domain
        row.score = best.score
        row.weak = best.score < MATCH_SCORE
        second = row.candidates[1] if len(row.candidates) > 1 else None
        row.ambiguous = (
            second is not None and best.score < 100 and (second.score >= best.score - AMBIGUOUS_GAP)
        )
    else:
        row.new = True
        row.activity_name = row.text
        row.score = best.score if best else None


def _settle_duplicates(proposal: Proposal) -> None:
    """Two rows may not become one activity: the closer match keeps it, the other becomes
    a new activity (or, when the person chose both, a problem to settle)."""
    holders: dict[str, RowChoice] = {}
    for row in proposal.activity_rows:
        if row.new:
            continue
        other = holders.get(row.activity)
        if other is None:
            holders[row.activity] = row
            continue
        if row.chosen and other.chosen:
            proposal.problems.append(
                (
                    cell_name(proposal.layout.activity_column, row.number),
                    f'row {other.number} is already mapped to "{row.activity_name}"; map this '
                    "row to another activity, a new one, or skip it.",
                )
            )
            continue
        keep, lose = (other, row) if (other.score or 0) >= (row.score or 0) else (row, other)
        if lose.chosen:
            keep, lose = lose, keep
        holders[row.activity] = keep
        lose.note = f'row {keep.number} matches "{keep.activity_name}" more closely'
        lose.activity, lose.domain, lose.new = "", "", True
        lose.activity_name = lose.text
        lose.weak = lose.ambiguous = False


def _new_domains(proposal: Proposal, matcher: Matcher, domains: dict[str, str]) -> None:
    """A new activity goes to its section's domain; failing that, the domain most rows of
    its section matched; failing that, its closest catalog activity's domain."""
    by_section: dict[str, Counter] = {}
    for row in proposal.activity_rows:
        if not row.new and row.domain:
            by_section.setdefault(row.section, Counter())[row.domain] += 1
    sections = {section.text: section.domain for section in proposal.sections}
    fallback = next(iter(domains), "")
    for row in proposal.activity_rows:
        if not row.new or row.domain:
            continue
        counted = by_section.get(row.section)
        if sections.get(row.section):
            row.domain = sections[row.section]
        elif row.section and counted:
            row.domain = counted.most_common(1)[0][0]
        elif row.candidates:
            row.domain = matcher.by_code[row.candidates[0].code].domain
        else:
            row.domain = fallback
        if len(row.activity_name) > ACTIVITY_NAME_MAX:
            proposal.problems.append(
                (
                    cell_name(proposal.layout.activity_column, row.number),
                    f"the activity name is longer than {ACTIVITY_NAME_MAX} characters; shorten it.",
                )
            )


def _letters(proposal: Proposal, chosen: dict) -> None:
    counts: Counter = Counter()
    first: dict[str, str] = {}
    for row in proposal.activity_rows:
        for index, found in row.cells.items():
            for token in found.unknown:
                counts[token] += 1
                first.setdefault(token, cell_name(index, row.number))
    meanings = {}
    for token in sorted(counts, key=lambda t: (-counts[t], t)):
        guessed = token not in chosen["letters"]
        meaning = GUESSED_MEANINGS.get(token, "") if guessed else chosen["letters"][token]
        meanings[token] = meaning
        proposal.letters.append(UnknownLetter(token, meaning, guessed, counts[token], first[token]))
    names = {column.index: column.role for column in proposal.roles}
    for row in proposal.activity_rows:
        row.letters = {}
        for index, found in row.cells.items():
            letters = found.resolved(meanings)
            if letters:
                row.letters[names[index]] = letters
