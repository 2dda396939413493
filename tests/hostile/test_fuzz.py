"""Fuzzing the two parsers that take whole documents from outside: the matrix PATCH/PUT body
and the uploaded workbook.

Whatever hypothesis generates, the answer is a result or a clean refusal that names where the
problem is; never a 500, never another exception, and a refusal changes nothing.
"""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagements.api.serializers.matrix import MAX_ENTRIES
from engagements.exports import layout as L
from engagements.exports.imports import ImportResult, Problem, WorkbookError, import_workbook
from engagements.models import Engagement, Window
from engagements.models.letters import LetterError, display_letters, parse_letters
from tests.helpers.matrix import snapshot
from tests.helpers.workbook import export, open_workbook, save, state

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- what the generated documents are made of -------------------------------------------------

CODES = ["patching.servers", "helpdesk.tier1", "security.edr"]  # small_draft's rows
ROLES = ["MSP NOC", "Client IT manager"]  # small_draft's roles
JUNK_LETTERS = [
    "A/A",
    "RA",
    "",
    "ar",
    "r/a",
    " R ",
    "A//R",
    "R, A; C",
    "AA",
    "X",
    "RACIX",
    "Ｒ",
    "ℝ",
    "ı",
    "R\x00",
    "A\nR",
    "🙂",
    "a/r/c/i",
    "<script>",
    "'; DROP TABLE engagements_assignment; --",
]

printable = st.characters(blacklist_categories=("Cs",))
json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(printable, max_size=30),
)
json_any = st.recursive(
    json_leaf,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(printable, max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
activities = st.one_of(
    st.sampled_from([*CODES, "", "PATCHING.SERVERS", "nope.nope", "a" * 81]),
    st.text(printable, max_size=90),
)
roles = st.one_of(
    st.sampled_from([*ROLES, "msp noc", "  Client IT MANAGER ", "", "Nobody", "r" * 121]),
    st.text(printable, max_size=130),
)
letters = st.one_of(st.sampled_from(JUNK_LETTERS), st.text(printable, max_size=25))
windows = st.one_of(st.sampled_from([*Window.values, "", "BUSINESS_HOURS"]), st.text(max_size=12))


def _with_junk(fields: dict):
    """An entry: well formed, with an extra key, with a key missing or a value of any type,
    or not an object at all."""
    keys = list(fields)
    return st.one_of(
        st.fixed_dictionaries(fields),
        st.fixed_dictionaries(fields, optional={"extra": json_any}),
        st.fixed_dictionaries(fields).flatmap(
            lambda entry: st.sampled_from(keys).map(
                lambda key: {k: v for k, v in entry.items() if k != key}
            )
        ),
        st.fixed_dictionaries({key: st.one_of(fields[key], json_any) for key in keys}),
        json_any,
    )


cells = _with_junk({"activity": activities, "role": roles, "letters": letters})
coverage = _with_junk(
    {"activity": activities, "window": windows, "role": st.one_of(roles, st.none())}
)
documents = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "cells": st.one_of(st.lists(cells, max_size=8), json_any),
            "coverage": st.one_of(st.lists(coverage, max_size=8), json_any),
        },
    ),
    st.fixed_dictionaries({"cells": st.lists(cells, min_size=1, max_size=8)}),
    json_any,
)
if_matches = st.sampled_from(["current", "current", "current", "stale", "missing", "junk"])

FIELD_NAMES = {"cells", "coverage", "activity", "role", "letters", "window", "non_field_errors"}


def _assert_errors_name_fields(errors, path=()):
    """A 400 body: {field: [messages]}, nested by list position ("3") for entries."""
    if isinstance(errors, list):
        assert errors, path
        for item in errors:
            if isinstance(item, (dict, list)):
                _assert_errors_name_fields(item, path)
            else:
                assert isinstance(item, str) and item, path
        return
    assert isinstance(errors, dict) and errors, path
    for key, value in errors.items():
        assert key in FIELD_NAMES or key.isdigit(), f"{key!r} at {path} is not a field"
        _assert_errors_name_fields(value, (*path, key))


def _current_etag(am, engagement) -> str:
    return am.get(f"/api/engagements/{engagement.pk}/matrix/")["ETag"]


def _send(am, engagement, method, document, if_match):
    headers = {}
    etag = _current_etag(am, engagement)
    if if_match == "current":
        headers["HTTP_IF_MATCH"] = etag
    elif if_match == "stale":
        headers["HTTP_IF_MATCH"] = '"0"'
    elif if_match == "junk":
        headers["HTTP_IF_MATCH"] = 'W/"💥", ,,"'
    return getattr(am, method)(
        f"/api/engagements/{engagement.pk}/matrix/",
        data=json.dumps(document),
        content_type="application/json",
        **headers,
    )


def _canonical(value) -> str | None:
    try:
        return display_letters(parse_letters(value))
    except LetterError:
        return None


def _check_matrix_write(am, engagement, method, document, if_match):
    before = snapshot(engagement)
    response = _send(am, engagement, method, document, if_match)

    assert response.status_code in (200, 400, 412, 428), (response.status_code, document)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        assert if_match == "current"
        stored = {(c["activity"], c["role"].lower()): c["letters"] for c in body["cells"]}
        for cell in document.get("cells", []):
            wanted = _canonical(cell["letters"])
            assert stored.get((cell["activity"], cell["role"].strip().lower()), "") == wanted
        return
    assert snapshot(engagement) == before, (response.status_code, body)
    if response.status_code == 400:
        _assert_errors_name_fields(body)
    else:
        assert body["detail"]


@FUZZ
@given(document=documents, if_match=if_matches)
def test_any_matrix_patch_is_applied_or_refused_cleanly(am, small_draft, document, if_match):
    _check_matrix_write(am, small_draft, "patch", document, if_match)


@settings(FUZZ, max_examples=30)
@given(document=documents, if_match=if_matches)
def test_any_matrix_put_is_applied_or_refused_cleanly(am, small_draft, document, if_match):
    _check_matrix_write(am, small_draft, "put", document, if_match)


@FUZZ
@given(
    entries=st.lists(
        st.fixed_dictionaries(
            {"activity": st.sampled_from(CODES), "role": st.sampled_from(ROLES), "letters": letters}
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_valid_looking_patch_stores_exactly_the_canonical_letters(am, small_draft, entries):
    document = {"cells": entries}
    before = snapshot(small_draft)
    response = _send(am, small_draft, "patch", document, "current")

    pairs = [(e["activity"], e["role"]) for e in entries]
    refused = len(set(pairs)) < len(pairs) or any(_canonical(e["letters"]) is None for e in entries)
    if refused:
        assert response.status_code == 400
        assert set(response.json()["cells"]) <= {str(i) for i in range(len(entries))}
        assert snapshot(small_draft) == before
    else:
        assert response.status_code == 200, response.json()
        stored = {(c["activity"], c["role"]): c["letters"] for c in response.json()["cells"]}
        for entry in entries:
            key = (entry["activity"], entry["role"])
            assert stored.get(key, "") == _canonical(entry["letters"])


def test_a_list_longer_than_the_limit_is_a_400_on_cells_and_changes_nothing(am, small_draft):
    entry = {"activity": "x", "role": "y", "letters": ""}  # short, to stay under the body limit
    before = snapshot(small_draft)

    response = _send(am, small_draft, "patch", {"cells": [entry] * (MAX_ENTRIES + 1)}, "current")

    assert response.status_code == 400
    assert "cells" in response.json()
    assert snapshot(small_draft) == before


def test_a_body_over_the_upload_limit_is_a_400_and_changes_nothing(am, small_draft, settings):
    entry = {"activity": CODES[0], "role": ROLES[0], "letters": "A"}
    count = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // len(json.dumps(entry)) + 1
    before = snapshot(small_draft)

    response = _send(am, small_draft, "patch", {"cells": [entry] * count}, "current")

    assert response.status_code == 400
    assert "larger than" in response.json()["detail"]
    assert snapshot(small_draft) == before


# -- the workbook importer --------------------------------------------------------------------

SHEETS = [L.MATRIX, L.COVERAGE]
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
cell_values = st.one_of(
    st.none(),
    text,
    st.sampled_from(
        [
            "A/R",
            "RA",
            "A/A",
            "r",
            "yes",
            "No",
            "MSP NOC",
            "msp noc",
            "=1+2",
            '=HYPERLINK("http://evil.example","x")',
            "=A1",
            "#N/A",
            "@SUM(1)",
            "<script>alert(1)</script>",
            "'; DROP TABLE engagements_role; --",
            "x" * 40_000,
            "Ω≈ç√∫ 𝕏 ℝ 日本語 ‮reversed",
            "patching.servers",
            "helpdesk.tier1",
            "Activity",
            "Code",
        ]
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.times(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)
cell_edits = st.lists(
    st.tuples(st.sampled_from(SHEETS), st.integers(0, 10**6), st.integers(0, 10**6), cell_values),
    max_size=12,
)
STRUCTURE = [
    "rename the matrix sheet",
    "delete the coverage sheet",
    "delete the matrix sheet",
    "delete the legend sheet",
    "add an unknown sheet",
    "rename a header",
    "duplicate a header",
    "blank the header row",
    "add a titled unknown column",
    "change the format version",
]
structure_edits = st.lists(st.sampled_from(STRUCTURE), max_size=3, unique=True)


def _header_row(ws) -> int:
    for row in range(1, 21):
        if ws.cell(row=row, column=1).value == L.ACTIVITY:
            return row
    return 1


def _apply_structure(workbook, edit: str) -> None:
    names = workbook.sheetnames
    if edit == "rename the matrix sheet" and L.MATRIX in names:
        workbook[L.MATRIX].title = "RACI matrix (edited)"
    elif edit == "delete the coverage sheet" and L.COVERAGE in names:
        del workbook[L.COVERAGE]
    elif edit == "delete the matrix sheet" and L.MATRIX in names:
        del workbook[L.MATRIX]
    elif edit == "delete the legend sheet" and L.LEGEND in names:
        del workbook[L.LEGEND]
    elif edit == "add an unknown sheet":
        workbook.create_sheet("Notes 📝").append(["anything", 1, None, "=1+1"])
    elif edit in ("rename a header", "duplicate a header", "blank the header row"):
        for name in SHEETS:
            if name in workbook.sheetnames:
                ws = workbook[name]
                row = _header_row(ws)
                if edit == "rename a header":
                    ws.cell(row=row, column=2).value = "Kode"
                elif edit == "duplicate a header":
                    ws.cell(row=row, column=ws.max_column + 1).value = ws.cell(row, 1).value
                else:
                    for column in range(1, ws.max_column + 1):
                        ws.cell(row=row, column=column).value = None
    elif edit == "add a titled unknown column" and L.MATRIX in workbook.sheetnames:
        ws = workbook[L.MATRIX]
        column = ws.max_column + 1
        ws.cell(row=_header_row(ws), column=column).value = "Some new role"
        ws.cell(row=ws.max_row, column=column).value = "R"
    elif edit == "change the format version" and L.LEGEND in workbook.sheetnames:
        ws = workbook[L.LEGEND]
        for row in ws.iter_rows():
            if row[0].value == L.FORMAT_LABEL:
                row[1].value = "99"


def _edited_workbook(original: bytes, edits, structure) -> bytes:
    workbook = open_workbook(original)
    for sheet, row, column, value in edits:
        if sheet not in workbook.sheetnames:
            continue
        ws = workbook[sheet]
        cell = ws.cell(row=1 + row % (ws.max_row + 2), column=1 + column % (ws.max_column + 2))
        if isinstance(value, Decimal):
            value = float(value)
        cell.value = value
    for edit in structure:
        _apply_structure(workbook, edit)
    return save(workbook)


ADDRESS = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")


@pytest.fixture
def exported(small_draft):
    return export(small_draft)


@FUZZ
@given(edits=cell_edits, structure=structure_edits, dry_run=st.booleans())
def test_any_workbook_is_imported_or_refused_with_located_problems(
    small_draft, account_manager, exported, edits, structure, dry_run
):
    content = _edited_workbook(exported, edits, structure)
    before = state(small_draft)
    version = Engagement.objects.get(pk=small_draft.pk).version

    try:
        result = import_workbook(
            engagement=Engagement.objects.get(pk=small_draft.pk),
            file=io.BytesIO(content),
            by=account_manager,
            filename="scope.xlsx",
            dry_run=dry_run,
        )
    except WorkbookError as refusal:
        assert refusal.problems
        for problem in refusal.problems:
            assert isinstance(problem, Problem) and problem.message
            if not structure:
                # Only cell values were edited: each problem names its sheet, and its cell
                # unless the whole sheet is at fault (its header row was overwritten).
                assert problem.sheet in SHEETS, problem
                assert problem.cell == "" or ADDRESS.match(problem.cell), problem
        assert state(small_draft) == before
        assert Engagement.objects.get(pk=small_draft.pk).version == version
        return
    assert isinstance(result, ImportResult)
    if dry_run or not result.changes:
        assert state(small_draft) == before
        assert Engagement.objects.get(pk=small_draft.pk).version == version


@settings(FUZZ, max_examples=20)
@given(content=st.one_of(st.binary(max_size=2000), st.just(b"PK\x03\x04" + b"\x00" * 100)))
def test_any_bytes_are_refused_not_raised(small_draft, account_manager, content):
    before = state(small_draft)
    with pytest.raises(WorkbookError):
        import_workbook(
            engagement=Engagement.objects.get(pk=small_draft.pk),
            file=io.BytesIO(content),
            by=account_manager,
            filename="scope.xlsx",
        )
    assert state(small_draft) == before
