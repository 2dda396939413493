"""The workbook over the API: download, upload (dry run or for real), and who may do which."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from engagements import services
from engagements.api import urls as api_urls
from engagements.exports.xlsx import MEDIA_TYPE
from engagements.models import Assignment, Engagement, MatrixRow, Role
from tests.helpers.signing import SIGNATURE
from tests.helpers.workbook import cell, edited, export, open_workbook

pytestmark = pytest.mark.django_db


def _export_url(engagement):
    return reverse("api-engagement-export-xlsx", args=[engagement.pk])


def _import_url(engagement):
    return reverse("api-engagement-import", args=[engagement.pk])


def _upload(content: bytes, name="scope.xlsx"):
    return SimpleUploadedFile(name, content, content_type=MEDIA_TYPE)


def _noc_on_servers(engagement) -> str:
    found = Assignment.objects.filter(
        row=MatrixRow.objects.get(engagement=engagement, activity__code="patching.servers"),
        role=Role.objects.get(engagement=engagement, name="MSP NOC"),
    ).first()
    return found.letters if found else ""


def _edited_export(engagement, letters="A/R") -> bytes:
    return edited(
        export(engagement),
        lambda wb: setattr(
            cell(wb["RACI matrix"], "patching.servers", "MSP NOC"), "value", letters
        ),
    )


def _version(engagement):
    return Engagement.objects.get(pk=engagement.pk).version


# -- export --------------------------------------------------------------------------------


def test_the_account_manager_downloads_the_workbook(client, co_managed, account_manager):
    client.force_login(account_manager)
    response = client.get(_export_url(co_managed))
    assert response.status_code == 200
    assert response["Content-Type"] == MEDIA_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="acme-co-managed-it-r1.xlsx"'
    # The matrix version, then a digest of the findings' acknowledgements and settings.
    assert response["ETag"].startswith(co_managed.etag.rstrip('"') + ".")
    workbook = open_workbook(response.content)
    assert cell(workbook["RACI matrix"], "patching.servers", "MSP NOC").value == "R"


def test_the_client_it_manager_downloads_it_too(client, co_managed, client_it_manager):
    client.force_login(client_it_manager)
    response = client.get(_export_url(co_managed), HTTP_ACCEPT=MEDIA_TYPE)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_a_plain_browser_link_downloads_the_workbook(client, co_managed, account_manager):
    client.force_login(account_manager)
    response = client.get(
        _export_url(co_managed),
        HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == MEDIA_TYPE


def test_a_signed_off_revision_can_still_be_downloaded(
    client, co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    client.force_login(client_it_manager)
    assert client.get(_export_url(co_managed)).status_code == 200


def test_an_anonymous_download_is_refused(client, co_managed):
    response = client.get(_export_url(co_managed))
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/json"


def test_another_clients_user_gets_404_even_asking_for_a_workbook(
    client, co_managed, other_account_manager
):
    client.force_login(other_account_manager)
    response = client.get(_export_url(co_managed), HTTP_ACCEPT=MEDIA_TYPE)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_engagement_is_404(client, account_manager):
    client.force_login(account_manager)
    assert client.get(reverse("api-engagement-export-xlsx", args=[999999])).status_code == 404


# -- import --------------------------------------------------------------------------------


def test_the_account_manager_imports_an_edited_workbook(client, co_managed, account_manager):
    client.force_login(account_manager)
    response = client.post(_import_url(co_managed), {"file": _upload(_edited_export(co_managed))})
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] and not body["dry_run"]
    assert body["change_count"] == 1
    [change] = body["changes"]
    assert change["subject"] == "Deploy server patches / MSP NOC"
    assert (change["before"], change["after"], change["sheet"]) == ("R", "A/R", "RACI matrix")
    assert _noc_on_servers(co_managed) == "AR"
    assert body["version"] == _version(co_managed)
    assert response["ETag"] == f'"{co_managed.pk}-{body["version"]}"'


def test_a_dry_run_lists_the_changes_and_saves_nothing(client, co_managed, account_manager):
    client.force_login(account_manager)
    version = _version(co_managed)
    response = client.post(
        _import_url(co_managed), {"file": _upload(_edited_export(co_managed)), "dry_run": "true"}
    )
    assert response.status_code == 200
    assert response.json()["dry_run"] and not response.json()["applied"]
    assert response.json()["change_count"] == 1
    assert _noc_on_servers(co_managed) == "R"
    assert _version(co_managed) == version


def test_a_workbook_with_bad_cells_is_400_with_every_address(client, co_managed, account_manager):
    client.force_login(account_manager)

    def edit(workbook):
        ws = workbook["RACI matrix"]
        cell(ws, "patching.servers", "MSP NOC").value = "X"
        cell(ws, "patching.servers", "MSP SOC").value = "Z"

    response = client.post(
        _import_url(co_managed), {"file": _upload(edited(export(co_managed), edit))}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The workbook has 2 problems; nothing was imported."
    assert [(e["sheet"], e["message"]) for e in body["errors"]] == [
        (
            "RACI matrix",
            f'"{bad}" is not a set of RACI letters: "{bad}" is not one of R, A, C, I. '
            'Type R, A, C or I, alone or together such as "A/R".',
        )
        for bad in ("X", "Z")
    ]
    assert all(e["cell"] for e in body["errors"])
    assert _noc_on_servers(co_managed) == "R"


def test_a_file_that_is_not_a_workbook_is_400(client, co_managed, account_manager):
    client.force_login(account_manager)
    response = client.post(
        _import_url(co_managed), {"file": _upload(b"Activity,Code\n", name="scope.csv")}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": '"scope.csv" is not an Excel .xlsx workbook.',
        "errors": [
            {"sheet": "", "cell": "", "message": '"scope.csv" is not an Excel .xlsx workbook.'}
        ],
    }


def test_a_macro_enabled_upload_is_400(client, co_managed, account_manager):
    client.force_login(account_manager)
    response = client.post(
        _import_url(co_managed), {"file": _upload(export(co_managed), name="scope.xlsm")}
    )
    assert response.status_code == 400
    assert "macro-enabled" in response.json()["detail"]


def test_an_upload_over_10_mb_is_400_before_it_is_parsed(client, co_managed, account_manager):
    client.force_login(account_manager)
    big = io.BytesIO(b"PK" + b"\0" * (10 * 1024 * 1024 + 100 * 1024))
    big.name = "scope.xlsx"
    response = client.post(_import_url(co_managed), {"file": big})
    assert response.status_code == 400
    assert "larger than 10 MB" in response.json()["detail"]


def test_a_request_without_a_file_is_400(client, co_managed, account_manager):
    client.force_login(account_manager)
    response = client.post(_import_url(co_managed), {"dry_run": "true"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == 'Send the workbook as the multipart field "file".'
    assert body["errors"][0]["message"].startswith("file: ")


def test_an_anonymous_import_is_refused_and_changes_nothing(client, co_managed):
    response = client.post(_import_url(co_managed), {"file": _upload(_edited_export(co_managed))})
    assert response.status_code in (401, 403)
    assert _noc_on_servers(co_managed) == "R"


def test_another_clients_account_manager_gets_404_and_changes_nothing(
    client, co_managed, other_account_manager
):
    client.force_login(other_account_manager)
    response = client.post(_import_url(co_managed), {"file": _upload(_edited_export(co_managed))})
    assert response.status_code == 404
    assert _noc_on_servers(co_managed) == "R"


def test_the_client_it_manager_may_not_import(client, co_managed, client_it_manager):
    client.force_login(client_it_manager)
    response = client.post(_import_url(co_managed), {"file": _upload(_edited_export(co_managed))})
    assert response.status_code == 403
    assert _noc_on_servers(co_managed) == "R"


def test_a_frozen_revision_is_409(client, co_managed, account_manager, client_it_manager):
    content = _edited_export(co_managed)
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    client.force_login(account_manager)
    response = client.post(_import_url(co_managed), {"file": _upload(content)})
    assert response.status_code == 409
    assert "signed off" in response.json()["detail"]
    assert _noc_on_servers(co_managed) == "R"


def test_a_revision_in_review_is_409(client, co_managed, account_manager):
    content = _edited_export(co_managed)
    services.engagement_submit(engagement=co_managed, by=account_manager)
    client.force_login(account_manager)
    response = client.post(_import_url(co_managed), {"file": _upload(content)})
    assert response.status_code == 409
    assert "in review" in response.json()["detail"]


# -- the schema says what the endpoints do ------------------------------------------------


def test_the_schema_documents_both_endpoints_and_is_valid():
    GENERATOR_STATS.reset()
    # The engagement's explicit paths (workbook and compliance), without the router's.
    explicit = [p for p in api_urls.urlpatterns if str(p.pattern).startswith("engagements/<int:")]
    patterns = [path("api/", include(explicit))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS, "drf-spectacular warned about the workbook views"
    export_op = schema["paths"]["/api/engagements/{id}/export.xlsx"]["get"]
    assert [p["name"] for p in export_op["parameters"] if p["in"] == "path"] == ["id"]
    assert set(export_op["responses"]) == {"200", "401", "403", "404"}
    assert MEDIA_TYPE in export_op["responses"]["200"]["content"]
    import_op = schema["paths"]["/api/engagements/{id}/import/"]["post"]
    assert set(import_op["responses"]) == {"200", "400", "401", "403", "404", "409", "412", "415"}
    assert "multipart/form-data" in import_op["requestBody"]["content"]
