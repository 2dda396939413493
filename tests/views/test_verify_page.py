"""Verifying a copy of the exhibit from the engagement's pages."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers.workbook import cell, edited, export

pytestmark = pytest.mark.django_db


def _post(client, engagement, content: bytes):
    upload = SimpleUploadedFile("exhibit.xlsx", content)
    response = client.post(f"/engagements/{engagement.pk}/verify/", {"workbook": upload})
    return response, unescape(response.content.decode())


def test_an_unchanged_copy_of_the_signed_revision_matches(client, client_it_manager, signed_off):
    client.force_login(client_it_manager)
    response, html = _post(client, signed_off, export(signed_off))
    assert response.status_code == 200
    assert "exhibit.xlsx matches." in html
    assert "Matches revision 1 of Acme Logistics" in html


def test_a_changed_copy_does_not_match_and_names_the_cell(client, account_manager, signed_off):
    client.force_login(account_manager)

    def change(workbook):
        cell(workbook["RACI matrix"], "patching.servers", "MSP vCIO").value = "C"

    response, html = _post(client, signed_off, edited(export(signed_off), change))
    assert "exhibit.xlsx does not match." in html
    assert "RACI matrix!" in html


def test_a_file_that_is_not_a_workbook_is_refused_on_the_page(client, account_manager, signed_off):
    client.force_login(account_manager)
    response, html = _post(client, signed_off, b"hello")
    assert response.status_code == 400
    assert "not an Excel .xlsx workbook" in html


def test_the_engagement_pages_link_to_verifying_a_copy(client, account_manager, signed_off):
    client.force_login(account_manager)
    html = client.get(f"/engagements/{signed_off.pk}/").content.decode()
    assert f"/engagements/{signed_off.pk}/verify/" in html


def test_someone_who_cannot_see_the_engagement_gets_404(client, signed_off, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")
    client.force_login(stranger)
    assert client.get(f"/engagements/{signed_off.pk}/verify/").status_code == 404
