"""Someone else's RACI sheet into a draft: four layouts read from real files, the preview
that writes nothing, the draft made in one go, filling a draft, and the mapping kept."""

import io

import pytest

from engagements.exports.imports.foreign import (
    MappingError,
    WorkbookInvalid,
    WorkbookRefused,
    sheet_import,
    sheet_preview,
)
from engagements.exports.imports.foreign.reading import read_sheet_file
from engagements.models import (
    Activity,
    Assignment,
    Engagement,
    MatrixRow,
    Role,
    ServiceModel,
    SheetMapping,
    Side,
)
from tests.helpers.sheets import BANDED, CSV_TEXT, PLAIN, RASCI, xlsx


def cells_of(engagement) -> dict[tuple[str, str], str]:
    return {
        (a.row.activity.name, a.role.name): a.letters
        for a in Assignment.objects.filter(row__engagement=engagement).select_related(
            "row__activity", "role"
        )
    }


def counts():
    return (
        Engagement.objects.count(),
        Role.objects.count(),
        MatrixRow.objects.count(),
        Assignment.objects.count(),
        Activity.objects.count(),
        SheetMapping.objects.count(),
    )


def test_a_plain_sheet_becomes_a_draft_with_its_roles_sides_rows_and_letters(acme, account_manager):
    engagement, preview = sheet_import(
        file=io.BytesIO(xlsx(("Matrix", PLAIN))),
        filename="acme-raci.xlsx",
        client=acme,
        by=account_manager,
        title="Acme from their sheet",
    )
    assert engagement.title == "Acme from their sheet"
    assert engagement.service_model == ServiceModel.CO_MANAGED
    roles = {role.name: role.side for role in Role.objects.filter(engagement=engagement)}
    assert roles == {
        "Internal IT": Side.INTERNAL,
        "MSP Service Desk": Side.MSP,
        "Vendor (Microsoft)": Side.VENDOR,
    }
    assert cells_of(engagement) == {
        ("Deploy server patches", "Internal IT"): "A",
        ("Deploy server patches", "MSP Service Desk"): "R",
        ("Deploy server patches", "Vendor (Microsoft)"): "I",
        ("Deploy workstation OS patches", "Internal IT"): "AR",
        ("Deploy workstation OS patches", "MSP Service Desk"): "C",
        ("Monitor backup jobs", "Internal IT"): "I",
        ("Monitor backup jobs", "MSP Service Desk"): "AR",
        ("Test restores", "Internal IT"): "A",
        ("Test restores", "MSP Service Desk"): "R",
        ("Test restores", "Vendor (Microsoft)"): "C",
    }
    assert MatrixRow.objects.filter(engagement=engagement).count() == 4
    assert preview.saved_mapping is False


def test_a_banded_sheet_with_sections_and_named_roles_maps_domains_and_new_activities(
    acme, account_manager, settings
):
    settings.RACI_MSP_NAME = "Bluewave"
    engagement, preview = sheet_import(
        file=io.BytesIO(xlsx(("Cover", [["Prepared for Acme"]]), ("Who does what", BANDED))),
        filename="acme.xlsx",
        client=acme,
        by=account_manager,
    )
    assert engagement.title == "acme"
    sides = {role.name: role.side for role in Role.objects.filter(engagement=engagement)}
    assert sides == {
        "Acme IT manager": Side.INTERNAL,
        "Acme IT team": Side.INTERNAL,
        "Bluewave NOC": Side.MSP,
        "Bluewave engineers": Side.MSP,
    }
    cells = cells_of(engagement)
    assert cells[("Deploy server patches", "Bluewave NOC")] == "R"
    assert cells[("Deploy workstation OS patches", "Acme IT manager")] == "AR"
    assert cells[("Deploy workstation OS patches", "Acme IT team")] == "I"
    assert cells[("Monitor backup jobs", "Bluewave NOC")] == "AR"
    assert cells[("Run security awareness training", "Acme IT manager")] == "AR"
    coffee = Activity.objects.get(name="Keep the coffee machine running")
    assert coffee.client == acme and coffee.domain.code == "security"
    assert cells[("Keep the coffee machine running", "Acme IT team")] == "R"
    assert preview.new_activity_names == ["Keep the coffee machine running"]


def test_a_csv_with_notes_and_blank_rows_is_read_with_its_semicolons(acme, account_manager):
    engagement, _ = sheet_import(
        file=io.BytesIO(CSV_TEXT.encode("utf-8")),
        filename="scope.csv",
        client=acme,
        by=account_manager,
    )
    assert {role.name for role in Role.objects.filter(engagement=engagement)} == {
        "Client IT",
        "MSP",
    }
    assert cells_of(engagement) == {
        ("Answer tier-1 user requests", "Client IT"): "I",
        ("Answer tier-1 user requests", "MSP"): "AR",
        ("Onboard and offboard users", "Client IT"): "AR",
        ("Onboard and offboard users", "MSP"): "C",
        ("Run user access reviews", "Client IT"): "A",
        ("Run user access reviews", "MSP"): "R",
    }


def test_letters_of_another_scheme_follow_the_meanings_chosen(acme, account_manager):
    mapping = {"letters": {"S": "C", "V": "", "X": "R", "LEAD": "AR"}}
    engagement, preview = sheet_import(
        file=io.BytesIO(xlsx(("RASCI", RASCI))),
        filename="rasci.xlsx",
        client=acme,
        by=account_manager,
        mapping=mapping,
    )
    assert {letter.token for letter in preview.proposal.letters} == {"LEAD", "S", "V", "X"}
    sides = {role.name: role.side for role in Role.objects.filter(engagement=engagement)}
    assert sides["Third party ISP"] == Side.VENDOR and sides["MSP"] == Side.MSP
    cells = cells_of(engagement)
    assert cells[("Manage firewall rules and changes", "Owner: Client CIO")] == "AR"
    assert cells[("Manage firewall rules and changes", "Third party ISP")] == "C"
    assert ("Monitor network and internet links", "Owner: Client CIO") not in cells
    assert cells[("Monitor network and internet links", "MSP")] == "R"


def test_the_preview_writes_nothing_and_shows_the_matrix_and_its_findings(acme, account_manager):
    before = counts()
    preview = sheet_preview(
        file=io.BytesIO(xlsx(("Matrix", PLAIN))),
        filename="acme.xlsx",
        client=acme,
        by=account_manager,
    )
    assert counts() == before
    assert [role.name for role in preview.data.roles] == [
        "Internal IT",
        "MSP Service Desk",
        "Vendor (Microsoft)",
    ]
    assert len(preview.data.rows) == 4
    assert preview.findings  # a fresh matrix has no coverage yet: the findings say so
    assert preview.new_role_names == ["Internal IT", "MSP Service Desk", "Vendor (Microsoft)"]


def test_a_sheet_with_problems_writes_nothing_and_names_each_cell(acme, account_manager):
    rows = [row[:] for row in PLAIN]
    rows[2][2] = "ask Dave"
    before = counts()
    with pytest.raises(WorkbookInvalid) as caught:
        sheet_import(
            file=io.BytesIO(xlsx(("Matrix", rows))),
            filename="acme.xlsx",
            client=acme,
            by=account_manager,
        )
    assert [str(p) for p in caught.value.problems] == [
        'Matrix!C3: "ask Dave" is not a set of R, A, C, I letters; correct the cell, or skip '
        "this column or row."
    ]
    assert counts() == before


def test_a_custom_activity_that_already_exists_stops_the_whole_import(acme, account_manager):
    mapping = {"rows": {"Test restores": {"new": True, "domain": "backup-dr"}}}
    before = counts()
    with pytest.raises(WorkbookInvalid) as caught:
        sheet_import(
            file=io.BytesIO(xlsx(("Matrix", PLAIN))),
            filename="acme.xlsx",
            client=acme,
            by=account_manager,
            mapping=mapping,
        )
    assert caught.value.problems[0].cell == "A5"
    assert counts() == before


def test_the_mapping_is_saved_for_the_client_and_reused_for_the_same_layout(acme, account_manager):
    mapping = {"columns": {"MSP Service Desk": {"role": "Bluewave desk", "side": "msp"}}}
    sheet_import(
        file=io.BytesIO(xlsx(("Matrix", PLAIN))),
        filename="q1.xlsx",
        client=acme,
        by=account_manager,
        mapping=mapping,
    )
    assert SheetMapping.objects.filter(client=acme).count() == 1
    again = sheet_preview(
        file=io.BytesIO(xlsx(("Matrix", PLAIN))),
        filename="q2.xlsx",
        client=acme,
        by=account_manager,
    )
    assert again.saved_mapping
    assert [column.role for column in again.proposal.roles][1] == "Bluewave desk"


def test_a_sheet_fills_an_existing_draft_reusing_its_roles(co_managed, account_manager):
    engagement = co_managed
    version = engagement.version
    roles_before = Role.objects.filter(engagement=engagement).count()
    sheet = [["Activity", "MSP NOC", "Facilities"], ["Deploy server patches", "R", "I"]]
    sheet_import(
        file=io.BytesIO(xlsx(("Sheet1", sheet))),
        filename="more.xlsx",
        client=engagement.client,
        by=account_manager,
        engagement=engagement,
    )
    engagement.refresh_from_db()
    assert engagement.version == version + 1
    assert Role.objects.filter(engagement=engagement).count() == roles_before + 1
    row = MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers")
    letters = {a.role.name: a.letters for a in row.assignments.select_related("role")}
    assert letters["MSP NOC"] == "R" and letters["Facilities"] == "I"


def test_another_clients_account_manager_cannot_preview_or_import(acme, other_account_manager):
    with pytest.raises(Exception) as caught:
        sheet_preview(
            file=io.BytesIO(xlsx(("Matrix", PLAIN))),
            filename="acme.xlsx",
            client=acme,
            by=other_account_manager,
        )
    assert caught.type.__name__ == "PermissionDenied"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"\xd0\xcf\x11\xe0old", "old.xls"),
        (b"not a zip", "sheet.xlsx"),
        (b"a,b\x00c", "bad.csv"),
        (b"x" * 20, "macro.xlsm"),
    ],
)
def test_files_that_are_not_sheets_are_refused(content, name):
    with pytest.raises(WorkbookRefused):
        read_sheet_file(io.BytesIO(content), name)


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    from engagements.exports.imports.foreign import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    with pytest.raises(WorkbookRefused):
        read_sheet_file(io.BytesIO(b"Activity,MSP\nTest restores,R\n"), "a.csv")


def test_a_mapping_of_the_wrong_shape_is_refused(acme, account_manager):
    with pytest.raises(MappingError):
        sheet_preview(
            file=io.BytesIO(xlsx(("Matrix", PLAIN))),
            filename="acme.xlsx",
            client=acme,
            by=account_manager,
            mapping={"columns": ["Internal IT"]},
        )


def sheet_of(count: int) -> bytes:
    names = list(Activity.objects.filter(client__isnull=True).values_list("name", flat=True))
    rows = [["Activity", "Client IT", "MSP NOC", "Vendor"]]
    for i in range(count):
        name = names[i] if i < len(names) and i % 3 != 2 else f"Site duty number {i}"
        rows.append([name, "A", "R", "C" if i % 2 else None])
    return xlsx(("Matrix", rows))


def queries_for(work) -> tuple[int, int]:
    """(statements other than inserts, inserts) that `work` sends."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        work()
    inserts = sum(1 for query in captured if query["sql"].startswith("INSERT"))
    return len(captured) - inserts, inserts


def test_the_preview_and_the_import_cost_the_same_queries_for_5_rows_or_600(acme, account_manager):
    small, large = sheet_of(5), sheet_of(600)

    def preview(content):
        return lambda: sheet_preview(
            file=io.BytesIO(content), filename="a.xlsx", client=acme, by=account_manager
        )

    def create(content):
        return lambda: sheet_import(
            file=io.BytesIO(content),
            filename="a.xlsx",
            client=acme,
            by=account_manager,
            use_saved=False,
        )

    preview(small)()  # the user's memberships are read once, then kept for the request
    assert queries_for(preview(small)) == queries_for(preview(large))
    reads_small, inserts_small = queries_for(create(small))
    SheetMapping.objects.all().delete()  # each import saves its mapping anew
    reads_large, inserts_large = queries_for(create(large))
    assert reads_small == reads_large
    # Bulk inserts of many rows are split in batches by SQLite's limit on variables: a
    # few more statements, never one per row (600 rows would be thousands).
    assert inserts_large <= inserts_small + 35
