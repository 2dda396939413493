"""The Excel workbook from the pages: a download link, and an upload that checks first."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from engagements import services
from engagements.exports import layout as L
from engagements.models import Engagement
from tests.helpers.http import HTMX
from tests.helpers.matrix import letters, role_of, row_of
from tests.helpers.workbook import cell, edited, export

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(content: bytes, name="acme-scope.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


@pytest.fixture
def workbook(co_managed):
    """The co-managed draft's workbook with the NOC made Accountable for server patching."""

    def change(book):
        cell(book[L.MATRIX], "patching.servers", "MSP NOC").value = "A/R"
        cell(book[L.MATRIX], "patching.servers", "Client IT manager").value = "I"

    return edited(export(co_managed), change)


def test_every_engagement_page_offers_the_workbook_download(client, client_it_manager, co_managed):
    client.force_login(client_it_manager)
    html = client.get(f"/engagements/{co_managed.pk}/").content.decode()
    assert f'href="/api/engagements/{co_managed.pk}/export.xlsx" download' in html
    assert "Import an edited workbook" not in html  # not theirs to edit
    download = client.get(f"/api/engagements/{co_managed.pk}/export.xlsx")
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX


def test_checking_a_workbook_lists_the_changes_and_saves_nothing(
    client, account_manager, co_managed, workbook
):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/import/", {"workbook": upload(workbook), "check": "1"}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "The workbook would make 2 changes" in html
    assert "Deploy server patches" in html
    patching = row_of(co_managed, "patching.servers")
    assert letters(patching, role_of(co_managed, "MSP NOC")) == "R"


def test_importing_a_workbook_applies_it_and_returns_to_the_matrix(
    client, account_manager, co_managed, workbook
):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/import/",
        {"workbook": upload(workbook), "import": "1"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == f"/engagements/{co_managed.pk}/"
    assert "Imported acme-scope.xlsx: 2 changes." in response.content.decode()
    patching = row_of(co_managed, "patching.servers")
    assert letters(patching, role_of(co_managed, "MSP NOC")) == "AR"
    assert letters(patching, role_of(co_managed, "Client IT manager")) == "I"


def test_an_htmx_import_redirects_the_browser_to_the_matrix(
    client, account_manager, co_managed, workbook
):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/import/",
        {"workbook": upload(workbook), "import": "1"},
        **HTMX,
    )
    assert response["HX-Redirect"] == f"/engagements/{co_managed.pk}/"


def test_a_bad_cell_is_reported_with_its_sheet_and_cell_and_nothing_is_saved(
    client, account_manager, co_managed
):
    def change(book):
        cell(book[L.MATRIX], "patching.servers", "MSP NOC").value = "X"
        cell(book[L.MATRIX], "patching.servers", "Client IT manager").value = "I"

    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/import/",
        {"workbook": upload(edited(export(co_managed), change)), "import": "1"},
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Nothing was imported" in html
    assert '"X" is not one of R, A, C, I' in html and L.MATRIX in html
    patching = row_of(co_managed, "patching.servers")
    assert letters(patching, role_of(co_managed, "Client IT manager")) == "A"


def test_a_file_that_is_not_a_workbook_is_refused(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/import/",
        {"workbook": upload(b"not a spreadsheet", name="notes.txt"), "import": "1"},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Nothing was imported" in response.content.decode()


def test_an_upload_without_a_file_shows_the_error(client, account_manager, co_managed):
    client.force_login(account_manager)
    response = client.post(f"/engagements/{co_managed.pk}/import/", {"import": "1"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_revision_in_review_takes_no_import(client, account_manager, co_managed, workbook):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/import/", {"workbook": upload(workbook), "import": "1"}
    )
    assert response.status_code == 409
    assert "is in review" in unescape(response.content.decode())
    assert Engagement.objects.get(pk=co_managed.pk).status == "in_review"


def test_a_client_it_manager_cannot_import(client, client_it_manager, co_managed, workbook):
    client.force_login(client_it_manager)
    assert client.get(f"/engagements/{co_managed.pk}/import/").status_code == 403
    response = client.post(
        f"/engagements/{co_managed.pk}/import/", {"workbook": upload(workbook), "import": "1"}
    )
    assert response.status_code == 403
    patching = row_of(co_managed, "patching.servers")
    assert letters(patching, role_of(co_managed, "MSP NOC")) == "R"


def test_another_client_gets_a_404_and_anonymous_goes_to_log_in(
    client, other_account_manager, co_managed
):
    assert client.get(f"/engagements/{co_managed.pk}/import/").status_code == 302
    client.force_login(other_account_manager)
    assert client.get(f"/engagements/{co_managed.pk}/import/").status_code == 404
