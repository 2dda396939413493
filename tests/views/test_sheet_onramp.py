"""The pages of the on-ramp: upload a sheet, correct the mapping, look at the preview, make
the draft; nothing is written before the last step, on cancel, or on a problem."""

import re

from engagements.models import Assignment, Engagement, Role, SheetMapping
from tests.helpers.sheets import BANDED, PLAIN, RASCI, upload, xlsx


def stored():
    return (Engagement.objects.count(), Role.objects.count(), Assignment.objects.count())


def start(client, acme, rows=PLAIN, name="acme.xlsx", **extra):
    response = client.post(
        "/engagements/new/from-sheet/",
        {
            "sheet": upload(xlsx(("Matrix", rows)), name),
            "client": acme.pk,
            "use_saved": "on",
            **extra,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    token = re.search(r"/sheets/([^/]+)/mapping/", response["Location"]).group(1)
    return token


def test_the_new_engagement_page_offers_the_sheet(as_account_manager):
    page = as_account_manager.get("/engagements/new/").content.decode()
    assert "/engagements/new/from-sheet/" in page


def test_upload_mapping_preview_and_draft(as_account_manager, acme):
    before = stored()
    token = start(as_account_manager, acme, title="From their sheet")
    mapping = as_account_manager.get(f"/sheets/{token}/mapping/")
    page = mapping.content.decode()
    assert mapping.status_code == 200
    assert "MSP Service Desk" in page and "Deploy server patches (100)" in page
    response = as_account_manager.post(
        f"/sheets/{token}/mapping/",
        {
            "sheet": "Matrix",
            "header_row": "1",
            "activity_column": "A",
            "col-1-use": "role",
            "col-1-role": "Client IT",
            "col-1-side": "internal",
            "col-2-use": "role",
            "col-2-role": "Service desk",
            "col-2-side": "msp",
            "col-3-use": "skip",
            "row-2": "patching.servers",
            "row-3": "patching.workstations",
            "row-4": "skip",
            "row-5": "backup-dr.restore-tests",
            "preview": "1",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/preview/")
    preview = as_account_manager.get(f"/sheets/{token}/preview/").content.decode()
    assert "Service desk" in preview and "Create the draft" in preview
    assert "Vendor (Microsoft)" not in preview
    assert stored() == before
    done = as_account_manager.post(f"/sheets/{token}/preview/")
    assert done.status_code == 302
    engagement = Engagement.objects.get(title="From their sheet")
    assert done["Location"] == f"/engagements/{engagement.pk}/"
    assert set(engagement.roles.values_list("name", flat=True)) == {"Client IT", "Service desk"}
    assert engagement.rows.count() == 3
    assert SheetMapping.objects.filter(client=acme).count() == 1
    assert as_account_manager.get(f"/sheets/{token}/preview/").status_code == 404


def test_unknown_letters_are_listed_with_a_choice(as_account_manager, acme):
    token = start(as_account_manager, acme, rows=RASCI)
    page = as_account_manager.get(f"/sheets/{token}/mapping/").content.decode()
    assert "Letters raci does not use" in page
    for token_name in ("LEAD", "S", "V", "X"):
        assert f'name="letter-{token_name}"' in page


def test_sections_and_new_activities_show_in_the_preview(as_account_manager, acme):
    token = start(as_account_manager, acme, rows=BANDED)
    preview = as_account_manager.get(f"/sheets/{token}/preview/").content.decode()
    assert "Keep the coffee machine running" in preview
    assert "Security operations" in preview


def test_cancel_forgets_the_sheet_and_writes_nothing(as_account_manager, acme):
    before = stored()
    token = start(as_account_manager, acme)
    response = as_account_manager.post(f"/sheets/{token}/cancel/")
    assert response.status_code == 302
    assert as_account_manager.get(f"/sheets/{token}/mapping/").status_code == 404
    assert stored() == before


def test_a_sheet_with_problems_names_the_cell_and_cannot_be_created(as_account_manager, acme):
    rows = [row[:] for row in PLAIN]
    rows[1][1] = "who knows"
    token = start(as_account_manager, acme, rows=rows)
    before = stored()
    page = as_account_manager.get(f"/sheets/{token}/preview/").content.decode()
    assert "Matrix!B2" in page
    response = as_account_manager.post(f"/sheets/{token}/preview/")
    assert response.status_code == 400
    assert stored() == before


def test_a_file_that_is_not_a_sheet_is_refused_on_the_upload_page(as_account_manager, acme):
    response = as_account_manager.post(
        "/engagements/new/from-sheet/",
        {"sheet": upload(b"%PDF-1.4", "contract.pdf"), "client": acme.pk},
    )
    assert response.status_code == 400
    assert "not an Excel .xlsx workbook" in response.content.decode()


def test_a_draft_is_filled_from_its_own_page(as_account_manager, co_managed):
    page = as_account_manager.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert f"/engagements/{co_managed.pk}/from-sheet/" in page
    sheet = [["Activity", "MSP NOC", "Facilities"], ["Deploy server patches", "R", "I"]]
    response = as_account_manager.post(
        f"/engagements/{co_managed.pk}/from-sheet/",
        {"sheet": upload(xlsx(("Sheet1", sheet)), "more.xlsx"), "use_saved": "on"},
    )
    token = re.search(r"/sheets/([^/]+)/mapping/", response["Location"]).group(1)
    assert "existing role" in as_account_manager.get(f"/sheets/{token}/mapping/").content.decode()
    assert "Fill the draft" in as_account_manager.get(f"/sheets/{token}/preview/").content.decode()
    assert as_account_manager.post(f"/sheets/{token}/preview/").status_code == 302
    assert co_managed.roles.filter(name="Facilities").exists()


def test_another_user_cannot_follow_someone_elses_import(
    as_account_manager, acme, client, other_account_manager
):
    token = start(as_account_manager, acme)
    client.force_login(other_account_manager)
    assert client.get(f"/sheets/{token}/mapping/").status_code == 404
    assert client.post(f"/sheets/{token}/preview/").status_code == 404


def test_the_clients_it_manager_cannot_start_one(as_client_it_manager):
    assert as_client_it_manager.get("/engagements/new/from-sheet/").status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/engagements/new/from-sheet/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_on_ramp_pages_show_no_raw_value_or_username(as_account_manager, acme):
    from tests.views.test_user_words import page_problems

    token = start(as_account_manager, acme, rows=RASCI)
    for path in (
        "/engagements/new/from-sheet/",
        f"/sheets/{token}/mapping/",
        f"/sheets/{token}/preview/",
    ):
        assert page_problems(as_account_manager.get(path).content.decode()) == [], path


def test_junk_in_every_mapping_field_is_never_an_error_page(as_account_manager, acme):
    token = start(as_account_manager, acme, rows=RASCI)
    hostile = "\x00<script>alert(1)</script>'; DROP TABLE engagements_role; --\ud7ff🙂"
    fields = {
        "sheet": hostile,
        "header_row": hostile,
        "activity_column": hostile,
        "col-1-use": "role",
        "col-1-role": hostile,
        "col-1-side": hostile,
        "row-2": hostile,
        "row-2-other": hostile,
        "row-2-domain": hostile,
        "letter-S": hostile,
    }
    response = as_account_manager.post(f"/sheets/{token}/mapping/", fields)
    assert response.status_code == 302
    for path in (f"/sheets/{token}/preview/", f"/sheets/{token}/mapping/"):
        response = as_account_manager.get(path, follow=True)
        assert response.status_code == 200, response.redirect_chain
    fields["sheet"], fields["activity_column"] = "RASCI", "A"
    as_account_manager.post(f"/sheets/{token}/mapping/", fields)
    before = stored()
    response = as_account_manager.post(f"/sheets/{token}/preview/")
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        role = Role.objects.filter(name__contains="script").first()
        assert role is None or "\x00" not in role.name
    else:
        assert stored() == before
