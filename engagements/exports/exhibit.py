"""A copy of the exhibit workbook back into its fingerprint: the same canonical document
(analysis.fingerprint) rebuilt from what its cells say, so anyone holding a copy can check
it against the revision that was signed.

Read: the Cover's labelled facts (parties and terms), the RACI matrix (in-scope rows, their
letters and split notes), Coverage, SLA (response targets), Tools, Compliance and the
Legend's roles table. A copy gives one document per serialisation version, so a copy of a
revision signed under version 1 (before response targets counted) still matches it. Every
value's cell is remembered, so a copy that does not match says which cells differ.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from engagements.analysis.fingerprint import (
    FORMATS,
    VERSION,
    Parties,
    differences,
    digest,
    document,
)
from engagements.exports import layout as L
from engagements.exports.imports.reading import SheetRows, read_sheets
from engagements.exports.xlsx import cover as C
from engagements.exports.xlsx.escalation import SLA
from engagements.models import ControlLevel, CostStructure, Engagement, ServiceModel
from engagements.models.labels import person_name
from engagements.models.letters import LetterError, parse_letters
from engagements.selectors.exhibit import agreed_document, signed_revision_with

SHEETS = (L.COVER, L.MATRIX, L.COVERAGE, SLA, L.TOOLS, L.COMPLIANCE, L.LEGEND)
DAYS = {"Mon": "1", "Tue": "2", "Wed": "3", "Thu": "4", "Fri": "5", "Sat": "6", "Sun": "7"}
HOURS = re.compile(r"^(?P<days>.+?)\s+(?P<start>\d{2}:\d{2})\s*[–-]\s*(?P<end>\d{2}:\d{2})$")
OPEN_DATES = {"open", "open-ended", ""}


@dataclass
class CopyRead:
    """What a copy of the exhibit says: its canonical document (in each serialisation
    version, newest first) and where each value is."""

    documents: dict[int, dict]
    cells: dict[str, str] = field(default_factory=dict)  # document path -> "Sheet!B7"
    engagement_id: int | None = None  # from its Legend, when present
    printed_fingerprint: str = ""  # what its cover claims

    @property
    def document(self) -> dict:
        return self.documents[VERSION]

    @property
    def fingerprint(self) -> str:
        return digest(self.document)

    def fingerprints(self) -> list[str]:
        """Its fingerprint in every serialisation version, the current one first."""
        return [digest(self.documents[v]) for v in sorted(self.documents, reverse=True)]

    def cell_of(self, path: str) -> str:
        """The cell holding a document path, or the nearest one above it."""
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path.rpartition("/")[0]
        return ""

    def differences_from(self, expected: dict) -> list[tuple[str, str]]:
        """(path, cell) for every value that differs from `expected` (compared in the
        serialisation version `expected` is written in)."""
        version = next((v for v, f in FORMATS.items() if f == expected.get("format")), VERSION)
        found = self.documents[version]
        return [(path, self.cell_of(path)) for path in differences(expected, found)]


def _at(sheet: str, index: int, row: int) -> str:
    return f"{sheet}!{get_column_letter(index + 1)}{row}"


def _value(values: tuple, index: int | None):
    if index is None or index >= len(values):
        return None
    return values[index]


def _choice(choices, label) -> str:
    text = L.cell_text(label)
    for choice in choices:
        if text in (choice.label, choice.value):
            return choice.value
    return text


def _date(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = L.cell_text(value)
    return "" if text.lower() in OPEN_DATES else text


def _days(text: str) -> str:
    text = text.strip()
    if "–" in text and "," not in text:
        first, _, last = text.partition("–")
        start, end = DAYS.get(first.strip()), DAYS.get(last.strip())
        if start and end:
            return "".join(str(d) for d in range(int(start), int(end) + 1))
    return "".join(sorted(DAYS.get(part.strip(), part.strip()) for part in text.split(",")))


def _header(sheet: SheetRows | None, first_title: str, column: int = 0):
    """(header row number, {normalised title: index}, rows after it) of a sheet's table."""
    if sheet is None:
        return None, {}, []
    for position, (number, values) in enumerate(sheet.rows):
        if L.normalize(_value(values, column)) == L.normalize(first_title):
            titles = {
                L.normalize(v): i for i, v in enumerate(values) if i >= column and L.cell_text(v)
            }
            return number, titles, sheet.rows[position + 1 :]
    return None, {}, []


def _window_columns(titles: dict) -> dict:
    """Column index -> coverage window, for the window headers a sheet has."""
    return {
        titles[L.normalize(label)]: window
        for window, label in L.WINDOW_HEADERS.items()
        if L.normalize(label) in titles
    }


class _Reader:
    def __init__(self, sheets: dict[str, SheetRows]):
        self.sheets = sheets
        self.cells: dict[str, str] = {}

    def note(self, path: str, sheet: str, index: int, row: int) -> None:
        self.cells[path] = _at(sheet, index, row)

    def cover(self) -> tuple[dict, dict, str]:
        facts, where = {}, {}
        for number, values in self.sheets.get(L.COVER, SheetRows(L.COVER, [])).rows:
            label = L.cell_text(_value(values, 0))
            if label and label not in facts:
                facts[label] = _value(values, 1)
                where[label] = number

        def fact(label: str, path: str):
            if label in where:
                self.note(path, L.COVER, 1, where[label])
            return facts.get(label)

        parties = {
            "msp": fact(C.MSP, "parties/msp"),
            "msp_address": fact(C.MSP_ADDRESS, "parties/msp_address"),
            "client": fact(C.CLIENT, "parties/client"),
            "agreement_reference": fact(C.AGREEMENT, "parties/agreement_reference"),
            "exhibit_label": fact(C.EXHIBIT, "parties/exhibit_label"),
        }
        hours = L.cell_text(fact(C.BUSINESS_HOURS, "terms/business_days"))
        for name in ("business_start", "business_end"):
            if C.BUSINESS_HOURS in where:
                self.note(f"terms/{name}", L.COVER, 1, where[C.BUSINESS_HOURS])
        match = HOURS.match(hours)
        terms = {
            "title": fact(C.ENGAGEMENT, "terms/title"),
            "revision": fact(C.REVISION, "terms/revision"),
            "service_model": _choice(ServiceModel, fact(C.SERVICE_MODEL, "terms/service_model")),
            "effective_from": _date(fact(C.EFFECTIVE_FROM, "terms/effective_from")),
            "effective_to": _date(fact(C.EFFECTIVE_TO, "terms/effective_to")),
            "business_days": _days(match["days"]) if match else hours,
            "business_start": match["start"] if match else "",
            "business_end": match["end"] if match else "",
            "time_zone": fact(C.TIME_ZONE, "terms/time_zone"),
            "cost_structure": _choice(
                CostStructure, fact(C.COST_STRUCTURE, "terms/cost_structure")
            ),
            "control_level": _choice(ControlLevel, fact(C.CONTROL_LEVEL, "terms/control_level")),
        }
        return parties, terms, L.cell_text(facts.get(C.FINGERPRINT))

    def roles(self) -> list[dict]:
        legend = self.sheets.get(L.LEGEND)
        number, titles, rows = _header(legend, "Role", column=7)
        roles = []
        for row_number, values in rows:
            name = L.cell_text(_value(values, 7))
            if not name:
                break
            side = L.SIDE_WORDS.get(L.normalize(_value(values, 8)), L.cell_text(_value(values, 8)))
            roles.append(
                {
                    "name": name,
                    "side": side,
                    "person": _value(values, 9),
                    "backup": _value(values, 10),
                }
            )
            self.note(f"roles/{name}", L.LEGEND, 7, row_number)
        return roles

    def legend_engagement_id(self) -> int | None:
        for _, values in self.sheets.get(L.LEGEND, SheetRows(L.LEGEND, [])).rows:
            if L.cell_text(_value(values, 0)) == L.ENGAGEMENT_LABEL:
                try:
                    return int(L.cell_text(_value(values, 1)))
                except ValueError:
                    return None
        return None

    def rows(self) -> list[dict]:
        _, titles, rows = _header(self.sheets.get(L.MATRIX), L.ACTIVITY)
        fixed = {L.normalize(t) for t in L.MATRIX_FIXED}
        roles = {i: t for t, i in titles.items() if t not in fixed}
        names = self._titles(L.MATRIX, L.ACTIVITY)
        code_col, scope_col = titles.get(L.normalize(L.CODE)), titles.get(L.normalize(L.IN_SCOPE))
        note_col = titles.get(L.normalize(L.SPLIT_NOTE))
        found = {}
        for number, values in rows:
            code = L.cell_text(_value(values, code_col))
            if not code or L.YES_NO_WORDS.get(L.normalize(_value(values, scope_col))) is not True:
                continue
            letters = {}
            for index in roles:
                text = L.cell_text(_value(values, index))
                try:
                    stored = parse_letters(text)
                except LetterError:
                    stored = text
                if stored:
                    role = names.get(index, "")
                    letters[role] = stored
                    self.note(f"rows/{code}/letters/{role}", L.MATRIX, index, number)
            found[code] = {
                "code": code,
                "activity": _value(values, 0),
                "letters": letters,
                "split_note": _value(values, note_col),
            }
            self.note(f"rows/{code}", L.MATRIX, code_col, number)
            self.note(f"rows/{code}/activity", L.MATRIX, 0, number)
            if note_col is not None:
                self.note(f"rows/{code}/split_note", L.MATRIX, note_col, number)
        self._coverage(found)
        self._targets(found)
        return list(found.values())

    def _titles(self, sheet: str, first: str) -> dict[int, str]:
        """Column index -> the title as written (role names keep their case)."""
        data = self.sheets.get(sheet)
        number, _, _ = _header(data, first)
        if number is None:
            return {}
        values = next(v for n, v in data.rows if n == number)
        return {i: L.cell_text(v) for i, v in enumerate(values) if L.cell_text(v)}

    def _coverage(self, found: dict) -> None:
        _, titles, rows = _header(self.sheets.get(L.COVERAGE), L.ACTIVITY)
        code_col, need_col = titles.get(L.normalize(L.CODE)), titles.get(L.normalize(L.REQUIRED))
        windows = _window_columns(titles)
        for number, values in rows:
            code = L.cell_text(_value(values, code_col))
            if code not in found:
                continue
            need = _value(values, need_col)
            found[code]["coverage_need"] = L.NEED_WORDS.get(L.normalize(need), L.cell_text(need))
            self.note(f"rows/{code}/coverage_need", L.COVERAGE, need_col, number)
            covered = {}
            for index, window in windows.items():
                role = L.cell_text(_value(values, index))
                if role:
                    covered[window] = role
                    self.note(f"rows/{code}/coverage/{window}", L.COVERAGE, index, number)
            found[code]["coverage"] = covered
        for row in found.values():
            row.setdefault("coverage_need", "")
            row.setdefault("coverage", {})

    def _targets(self, found: dict) -> None:
        """Response targets from the SLA sheet: minutes per window, one row per activity."""
        _, titles, rows = _header(self.sheets.get(SLA), L.ACTIVITY)
        code_col = titles.get(L.normalize(L.CODE))
        windows = _window_columns(titles)
        for number, values in rows:
            code = L.cell_text(_value(values, code_col))
            if code not in found:
                continue
            targets = {}
            for index, window in windows.items():
                minutes = _value(values, index)
                if L.cell_text(minutes):
                    targets[window] = minutes
                    self.note(f"rows/{code}/targets/{window}", SLA, index, number)
            found[code]["targets"] = targets
        for row in found.values():
            row.setdefault("targets", {})

    def tools(self) -> list[dict]:
        _, titles, rows = _header(self.sheets.get(L.TOOLS), L.TOOL)
        col = {name: titles.get(L.normalize(name)) for name in L.TOOL_HEADERS}
        tools = []
        for number, values in rows:
            name = L.cell_text(_value(values, col[L.TOOL]))
            if not name:
                continue

            def side(title, values=values):
                value = _value(values, col[title])
                return L.SIDE_WORDS.get(L.normalize(value), L.cell_text(value))

            fate = _value(values, col[L.EXIT_FATE])
            tools.append(
                {
                    "name": name,
                    "category": _value(values, col[L.CATEGORY]),
                    "owner_side": side(L.OWNER_SIDE),
                    "licence_holder_side": side(L.LICENCE_HOLDER),
                    "administered_by": _value(values, col[L.ADMINISTERED_BY]),
                    "exit_fate": L.FATE_WORDS.get(L.normalize(fate), L.cell_text(fate)),
                    "notes": _value(values, col[L.NOTES]),
                }
            )
            self.note(f"tools/{name}", L.TOOLS, 0, number)
        return tools

    def controls(self) -> list[dict]:
        _, titles, rows = _header(self.sheets.get(L.COMPLIANCE), L.FRAMEWORK)
        col = {name: titles.get(L.normalize(name)) for name in L.COMPLIANCE_HEADERS}
        controls = []
        for number, values in rows:
            control = L.cell_text(_value(values, col[L.CONTROL]))
            if not control:
                continue
            framework = L.cell_text(_value(values, col[L.FRAMEWORK]))
            controls.append(
                {
                    "framework": framework,
                    "control": control,
                    "origination": _value(values, col[L.ORIGINATION]),
                    "customer_part": _value(values, col[L.CUSTOMER_PART]),
                    "msp_part": _value(values, col[L.MSP_PART]),
                    "responsible_role": _value(values, col[L.RESPONSIBLE_ROLE]),
                }
            )
            self.note(f"controls/{framework} {control}", L.COMPLIANCE, col[L.CONTROL], number)
        return controls


def read_copy(file, filename: str = "") -> CopyRead:
    """Rebuild the canonical document of an exhibit workbook (a path or a binary file);
    raises WorkbookRefused for a file that is not a readable .xlsx."""
    sheets = read_sheets(file, filename, names=SHEETS)
    reader = _Reader(sheets)
    parties, terms, printed = reader.cover()
    content = {
        "parties": Parties(
            msp_name=parties["msp"],
            msp_address=parties["msp_address"],
            client_name=parties["client"],
            agreement_reference=parties["agreement_reference"],
            exhibit_label=parties["exhibit_label"],
        ),
        "terms": terms,
        "roles": reader.roles(),
        "rows": reader.rows(),
        "tools": reader.tools(),
        "controls": reader.controls(),
    }
    return CopyRead(
        documents={version: document(**content, version=version) for version in FORMATS},
        cells=reader.cells,
        engagement_id=reader.legend_engagement_id(),
        printed_fingerprint=printed,
    )


@dataclass(frozen=True)
class Verification:
    """The answer for one copy: whether it matches a signed revision, in one line."""

    matches: bool
    message: str
    revision: object = None  # the Engagement it matches, or claims to be
    cells: tuple[str, ...] = ()  # where a non-matching copy differs


def _signed_line(engagement) -> str:
    tz = zoneinfo.ZoneInfo(engagement.client.time_zone)
    signer = engagement.signer_name or person_name(engagement.signed_off_by)
    if engagement.signer_title:
        signer += f" ({engagement.signer_title})"
    when = f"{engagement.signed_off_at.astimezone(tz):%Y-%m-%d %H:%M} ({tz.key})"
    return f"signed by {signer} on {when}"


def verify_copy(file, filename: str = "", *, among=None, shown: int = 8) -> Verification:
    """Recompute a copy's fingerprint and look it up among the signed revisions (those in
    `among` when given: a user's own). Raises WorkbookRefused for an unreadable file."""
    copy = read_copy(file, filename)
    match = None
    for fingerprint in copy.fingerprints():
        match = signed_revision_with(fingerprint, among=among)
        if match is not None:
            break
    if match is None:
        fingerprint = copy.fingerprint
    if match is not None:
        return Verification(
            True,
            f"Matches revision {match.revision} of {match.client.name} — {match.title}, "
            f"{_signed_line(match)}; fingerprint {fingerprint}.",
            match,
        )
    claimed = signed_revision_with(copy.printed_fingerprint, among=among)
    if claimed is None and copy.engagement_id is not None:
        queryset = among if among is not None else Engagement.objects.all()
        claimed = queryset.filter(pk=copy.engagement_id).select_related("client").first()
    if claimed is None:
        return Verification(
            False,
            f"Matches no signed revision: its content's fingerprint is {fingerprint}, and it "
            "names no revision that could be compared.",
        )
    found = copy.differences_from(agreed_document(claimed))
    cells = tuple(dict.fromkeys(cell or path for path, cell in found))
    listed = ", ".join(cells[:shown]) + (
        f" and {len(cells) - shown} more" if len(cells) > shown else ""
    )
    state = "signed" if claimed.fingerprint else claimed.get_status_display().lower()
    return Verification(
        False,
        f"Does not match revision {claimed.revision} of {claimed.client.name} — "
        f"{claimed.title} ({state}): {len(cells)} cell{'' if len(cells) == 1 else 's'} "
        f"differ: {listed}.",
        claimed,
        cells,
    )
