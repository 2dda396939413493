"""POST /api/engagements/from-sheet/: the proposal and preview (nothing written), then the
draft with confirm=true; bad files and mappings are 400s naming the cell or field; other
clients' people get 404 and nothing changes."""

import json

from engagements.models import Assignment, Engagement, Role, SheetMapping
from tests.helpers.sheets import BANDED, CSV_TEXT, PLAIN, upload, xlsx

URL = "/api/engagements/from-sheet/"


def post(api, **data):
    return api.post(URL, data, format="multipart")


def stored():
    return (Engagement.objects.count(), Role.objects.count(), Assignment.objects.count())


def test_a_sheet_answers_its_mapping_and_preview_and_writes_nothing(am, acme):
    before = stored()
    response = post(am, file=upload(xlsx(("Matrix", PLAIN)), "acme.xlsx"), client=acme.pk)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["header_row"] == 1 and body["activity_column"] == "A"
    assert [(c["title"], c["side"]) for c in body["columns"]] == [
        ("Internal IT", "internal"),
        ("MSP Service Desk", "msp"),
        ("Vendor (Microsoft)", "vendor"),
    ]
    first = body["rows"][0]
    assert first["activity"] == "patching.servers" and first["score"] == 100.0
    matrix_rows = {row["activity"]: row for row in body["matrix"]["rows"]}
    assert matrix_rows["Deploy server patches"]["cells"] == {
        "Internal IT": "A",
        "MSP Service Desk": "R",
        "Vendor (Microsoft)": "I",
    }
    assert body["creates"]["roles"] == ["Internal IT", "MSP Service Desk", "Vendor (Microsoft)"]
    assert body["findings"] and body["errors"] == []
    assert body["mapping"]["columns"]["MSP Service Desk"] == {
        "role": "MSP Service Desk",
        "side": "msp",
    }
    assert stored() == before


def test_confirm_creates_the_draft_with_the_mapping_sent_back(am, acme):
    first = post(am, file=upload(xlsx(("Matrix", BANDED)), "acme.xlsx"), client=acme.pk).json()
    mapping = first["mapping"]
    mapping["columns"]["Bluewave NOC"] = {"role": "NOC", "side": "msp"}
    mapping["rows"]["Keep the coffee machine running"] = {"skip": True}
    response = post(
        am,
        file=upload(xlsx(("Matrix", BANDED)), "acme.xlsx"),
        client=acme.pk,
        mapping=json.dumps(mapping),
        title="Acme, from their sheet",
        confirm="true",
    )
    assert response.status_code == 201, response.content
    engagement = Engagement.objects.get(pk=response.json()["engagement"]["id"])
    assert engagement.title == "Acme, from their sheet" and engagement.client == acme
    assert response["ETag"] == engagement.etag
    roles = set(Role.objects.filter(engagement=engagement).values_list("name", flat=True))
    assert "NOC" in roles and "Bluewave NOC" not in roles
    assert not engagement.rows.filter(activity__name__icontains="coffee").exists()
    assert SheetMapping.objects.filter(client=acme).count() == 1


def test_a_csv_is_read_too(am, acme):
    response = post(am, file=upload(CSV_TEXT.encode(), "scope.csv"), client=acme.pk)
    assert response.status_code == 200
    assert [c["title"] for c in response.json()["columns"] if not c["skip"]] == [
        "Client IT",
        "MSP",
    ]


def test_problems_are_a_400_naming_sheet_and_cell_and_nothing_is_written(am, acme):
    rows = [row[:] for row in PLAIN]
    rows[3][1] = "see note"
    before = stored()
    response = post(
        am, file=upload(xlsx(("Matrix", rows)), "acme.xlsx"), client=acme.pk, confirm="true"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["sheet"] == "Matrix"
    assert response.json()["errors"][0]["cell"] == "B4"
    assert stored() == before


def test_a_mapping_that_is_not_json_or_not_the_right_shape_is_a_400(am, acme):
    for mapping in ("{not json", json.dumps({"columns": ["x"]})):
        response = post(
            am, file=upload(xlsx(("Matrix", PLAIN)), "acme.xlsx"), client=acme.pk, mapping=mapping
        )
        assert response.status_code == 400, mapping


def test_a_file_that_is_not_a_sheet_is_a_400(am, acme):
    response = post(am, file=upload(b"MZ\x90\x00", "virus.exe"), client=acme.pk)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_without_a_file_or_a_client_it_is_a_400_naming_the_field(am, acme):
    response = post(am, client=acme.pk)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("file:")
    response = post(am, file=upload(xlsx(("Matrix", PLAIN)), "acme.xlsx"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("client:")


def test_another_clients_account_manager_gets_a_404_and_nothing_changes(other_am, acme):
    before = stored()
    response = post(
        other_am, file=upload(xlsx(("Matrix", PLAIN)), "a.xlsx"), client=acme.pk, confirm="true"
    )
    assert response.status_code == 404
    assert stored() == before


def test_the_clients_it_manager_may_not_import(itm, acme):
    response = post(itm, file=upload(xlsx(("Matrix", PLAIN)), "a.xlsx"), client=acme.pk)
    assert response.status_code == 403


def test_anonymous_is_refused(anon, acme):
    response = post(anon, file=upload(xlsx(("Matrix", PLAIN)), "a.xlsx"), client=acme.pk)
    assert response.status_code in (401, 403)


def test_a_draft_is_filled_from_a_sheet(am, co_managed):
    sheet = [["Activity", "MSP NOC"], ["Deploy server patches", "A/R"]]
    response = post(
        am,
        file=upload(xlsx(("Sheet1", sheet)), "more.xlsx"),
        engagement=co_managed.pk,
        confirm="true",
    )
    assert response.status_code == 200, response.content
    assert (
        Assignment.objects.get(
            row__engagement=co_managed, row__activity__code="patching.servers", role__name="MSP NOC"
        ).letters
        == "AR"
    )


def test_a_revision_in_review_cannot_be_filled(am, in_review):
    sheet = [["Activity", "MSP NOC"], ["Deploy server patches", "A/R"]]
    response = post(am, file=upload(xlsx(("Sheet1", sheet)), "more.xlsx"), engagement=in_review.pk)
    assert response.status_code == 409


def test_a_csv_with_a_word_among_the_letters_names_its_cell(am, acme):
    text = (
        "Activity,MSP\nTest restores,R\nDeploy server patches,ask Dave\nMonitor backup jobs,A/R\n"
    )
    response = post(am, file=upload(text.encode(), "scope.csv"), client=acme.pk, confirm="true")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The sheet has 1 problem; nothing was imported.",
        "errors": [
            {
                "sheet": "scope",
                "cell": "B3",
                "message": '"ask Dave" is not a set of R, A, C, I letters; correct the cell, '
                "or skip this column or row.",
            }
        ],
    }
