"""Reading a RACI sheet laid out by someone else: letters in any spelling, where the header,
the activities and the roles are, and what each column, row and letter maps to."""

import pytest

from engagements.analysis.onramp import SheetGrid, detect_layout, propose, read_cell
from engagements.analysis.onramp.mapping import CatalogEntry, MappingError, guess_side, match_domain
from engagements.models import Side

DOMAINS = {
    "patching": "Patching and updates",
    "backup-dr": "Backups and disaster recovery",
    "security": "Security operations",
}
CATALOG = [
    CatalogEntry("patching.servers", "Deploy server patches", "patching"),
    CatalogEntry("patching.workstations", "Deploy workstation OS patches", "patching"),
    CatalogEntry("backup-dr.monitor-jobs", "Monitor backup jobs", "backup-dr"),
    CatalogEntry("backup-dr.restore-tests", "Test restores", "backup-dr"),
    CatalogEntry("security.awareness", "Run security awareness training", "security"),
    CatalogEntry("security.firewall", "Manage firewall rules and changes", "security"),
]


def grid(rows, name="RACI"):
    return SheetGrid(name, [(n, tuple(r)) for n, r in enumerate(rows, start=1) if any(r)])


def proposal(rows, **kwargs):
    kwargs.setdefault("client_name", "Acme Logistics")
    kwargs.setdefault("msp_name", "Bluewave")
    return propose([grid(rows)], catalog=CATALOG, domains=DOMAINS, **kwargs)


@pytest.mark.parametrize(
    ("value", "letters"),
    [
        ("A/R", "AR"),
        ("AR", "AR"),
        ("R, A", "AR"),
        ("r", "R"),
        (" a / r ", "AR"),
        ("Responsible", "R"),
        ("c;i", "CI"),
        ("RACI", "ARCI"),
        (None, ""),
        ("", ""),
    ],
)
def test_every_usual_spelling_of_letters_reads_as_the_same_set(value, letters):
    assert read_cell(value).letters == letters


@pytest.mark.parametrize(
    ("value", "unknown"),
    [("S", ("S",)), ("R/S", ("S",)), ("Lead", ("LEAD",)), ("x", ("X",)), ("V", ("V",))],
)
def test_letters_of_other_schemes_are_kept_apart(value, unknown):
    assert read_cell(value).unknown == unknown


@pytest.mark.parametrize("value", ["Deploy server patches", "Quarterly review of access", 12, "1"])
def test_a_sentence_or_number_is_not_letters(value):
    assert read_cell(value) is None


def test_the_header_activity_and_role_columns_are_found_under_a_title_and_a_band():
    rows = [
        ["Who does what"],
        [None, None, "Client", None, "MSP"],
        ["Ref", "Task", "IT manager", "IT team", "NOC", "Comments"],
        ["1", "Deploy server patches", "A", None, "R", "Second Tuesday, with a long note here"],
        ["2", "Test restores", "A/R", "C", None, None],
    ]
    layout = detect_layout(grid(rows))
    assert layout.header_row == 3
    assert layout.activity_column == 1
    assert layout.role_columns == [2, 3, 4]
    assert layout.bands[3] == "Client" and layout.bands[4] == "MSP"


def test_a_notes_column_of_long_text_is_not_taken_for_the_activities():
    rows = [
        ["Activity", "Notes", "Client", "MSP"],
        ["Test restores", "Every quarter the MSP restores one file and one server", "A", "R"],
        ["Deploy server patches", "The change board approves the window beforehand", "A", "R"],
    ]
    assert detect_layout(grid(rows)).activity_column == 0


def test_sections_name_domains_and_rows_match_the_catalog_with_their_score():
    found = proposal(
        [
            ["Activity", "Acme IT", "Bluewave NOC"],
            ["Patching"],
            ["Server patching", "A", "R"],
            ["Backups"],
            ["Restore testing", "A", "R"],
            ["Water the plants", "A/R", None],
        ]
    )
    assert [(s.text, s.domain) for s in found.sections] == [
        ("Patching", "patching"),
        ("Backups", "backup-dr"),
    ]
    rows = {row.text: row for row in found.rows}
    assert rows["Server patching"].activity == "patching.servers"
    assert rows["Server patching"].score >= 80
    assert rows["Restore testing"].activity == "backup-dr.restore-tests"
    plants = rows["Water the plants"]
    assert (
        plants.new and plants.domain == "backup-dr" and plants.activity_name == "Water the plants"
    )
    assert not found.problems


def test_sides_are_guessed_from_words_client_and_msp_names_and_the_band():
    assert guess_side("Acme IT", "", "Acme Logistics", "Bluewave")[0] == Side.INTERNAL
    assert guess_side("Bluewave NOC", "", "Acme Logistics", "Bluewave")[0] == Side.MSP
    assert guess_side("Vendor (Microsoft)", "", "Acme", "Bluewave")[0] == Side.VENDOR
    assert guess_side("Third party ISP", "", "", "")[0] == Side.VENDOR
    assert guess_side("NOC", "MSP", "", "")[0] == Side.MSP
    assert guess_side("Desk", "", "", "") == (Side.INTERNAL, "")


def test_unknown_letters_get_a_guessed_meaning_the_mapping_can_change_or_drop():
    rows = [
        ["Activity", "Client", "MSP"],
        ["Test restores", "Lead", "R/S"],
        ["Deploy server patches", "V", "X"],
    ]
    guessed = proposal(rows)
    assert {(u.token, u.meaning, u.guessed) for u in guessed.letters} == {
        ("LEAD", "A", True),
        ("S", "R", True),
        ("V", "C", True),
        ("X", "R", True),
    }
    restores = next(row for row in guessed.rows if row.text == "Test restores")
    assert restores.letters == {"Client": "A", "MSP": "R"}
    chosen = proposal(rows, mapping={"letters": {"S": "C", "V": "", "x": "AR"}})
    by_text = {row.text: row.letters for row in chosen.rows}
    assert by_text["Test restores"] == {"Client": "A", "MSP": "RC"}
    assert by_text["Deploy server patches"] == {"MSP": "AR"}


def test_a_mapping_renames_roles_sets_sides_skips_columns_and_chooses_activities():
    rows = [
        ["Activity", "Client", "MSP", "Vendor"],
        ["Restore testing", "A", "R", "I"],
        ["Patch stuff", "A", "R", None],
    ]
    found = proposal(
        rows,
        mapping={
            "columns": {"msp": {"role": "Bluewave NOC", "side": "msp"}, "Vendor": {"skip": True}},
            "rows": {"patch stuff": {"activity": "patching.workstations"}},
        },
    )
    assert [(c.role, c.side) for c in found.roles] == [
        ("Client", "internal"),
        ("Bluewave NOC", "msp"),
    ]
    patch = next(row for row in found.rows if row.text == "Patch stuff")
    assert patch.activity == "patching.workstations" and patch.chosen
    assert patch.letters == {"Client": "A", "Bluewave NOC": "R"}


def test_existing_roles_of_a_draft_are_reused_with_their_side():
    found = proposal(
        [["Activity", "msp noc", "Client"], ["Test restores", "R", "A"]],
        existing_roles={"MSP NOC": Side.MSP},
    )
    noc = found.roles[0]
    assert (noc.role, noc.side, noc.existing) == ("MSP NOC", Side.MSP, True)
    assert not found.roles[1].existing


def test_two_rows_matching_one_activity_leave_it_to_the_closer_one():
    found = proposal(
        [["Activity", "Client"], ["Test restores", "A"], ["Restore testing monthly", "R"]]
    )
    first, second = found.rows
    assert first.activity == "backup-dr.restore-tests"
    assert second.new and "row 2" in second.note


def test_problems_name_the_cell():
    found = proposal(
        [
            ["Activity", "Client", "MSP"],
            ["Test restores", "A", "R"],
            ["Deploy server patches", "A", "maybe next year"],
            ["Monitor backup jobs", "I", "A/R"],
            [None, "R", None],
            ["Test restores", "A", None],
        ]
    )
    cells = [cell for cell, _ in found.problems]
    assert cells == ["C3", "A5", "A6"]


def test_a_sheet_without_letters_is_a_problem_not_a_guess():
    found = proposal([["Name", "Phone"], ["Kim", "555-0100"]])
    assert found.problems and not found.rows


@pytest.mark.parametrize(
    "mapping",
    [
        [],
        {"header_row": "three"},
        {"activity_column": "B2"},
        {"columns": {"A": "skip"}},
        {"columns": {"A": {"side": "martian"}}},
        {"letters": {"S": "Q"}},
        {"sheet": "Nope"},
    ],
)
def test_a_mapping_of_the_wrong_shape_is_refused_naming_where(mapping):
    with pytest.raises(MappingError):
        proposal([["Activity", "Client"], ["Test restores", "A"]], mapping=mapping)


def test_a_section_heading_names_a_domain_only_when_it_is_close():
    assert match_domain("Backups", DOMAINS) == "backup-dr"
    assert match_domain("Security", DOMAINS) == "security"
    assert match_domain("Facilities", DOMAINS) == ""


def test_a_band_beside_the_clients_is_taken_for_the_msp():
    found = proposal(
        [
            [None, "Acme", None, "Bluewave"],
            ["Activity", "IT manager", "IT team", "NOC"],
            ["Test restores", "A", "C", "R"],
        ],
        msp_name="",
    )
    sides = {column.role: (column.side, bool(column.side_reason)) for column in found.roles}
    assert sides == {
        "IT manager": (Side.INTERNAL, True),
        "IT team": (Side.INTERNAL, True),
        "NOC": (Side.MSP, True),
    }


def test_a_stray_word_among_the_letters_is_not_taken_for_the_header():
    layout = detect_layout(
        grid(
            [
                ["Activity", "MSP"],
                ["Test restores", "R"],
                ["Deploy server patches", "ask Dave"],
                ["Monitor backup jobs", "A/R"],
            ]
        )
    )
    assert layout.header_row == 1
