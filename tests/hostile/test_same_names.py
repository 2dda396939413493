"""Names that look alike are one name: text is stored NFC whatever door it came through
(services, the API, the pages, the workbook importer, the on-ramp), and two names that
differ only by case, runs of spacing or Unicode form are the same name: a second one is
refused with the field or the cell named, and the database refuses it too (name_key)."""

import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engagements import services
from engagements.exports.imports import WorkbookInvalid
from engagements.exports.imports.foreign import sheet_import
from engagements.models import Activity, Client, Engagement, Role, Side, Tool
from engagements.models.text import name_key, nfc
from tests.helpers.http import api_client
from tests.helpers.sheets import PLAIN, xlsx
from tests.helpers.workbook import edited, export, run_import, tool_row

pytestmark = pytest.mark.django_db

NFD = unicodedata.normalize("NFD", "Équipe réseau")  # "E" + U+0301 ...: looks the same
NFC = "Équipe réseau"


def test_decomposed_text_is_composed_and_names_compare_case_spacing_and_form_aside():
    assert NFD != NFC and nfc(NFD) == NFC
    assert name_key("  MSP   NOC ") == name_key("msp noc") == "msp noc"
    assert name_key(NFD) == name_key(NFC.upper())
    assert name_key("STRASSE") == name_key("straße")


# -- services and the database ---------------------------------------------------------------


def test_a_service_stores_a_decomposed_name_composed(co_managed, account_manager):
    role = services.role_add(engagement=co_managed, name=NFD, side=Side.MSP, by=account_manager)

    assert Role.objects.get(pk=role.pk).name == NFC
    assert Role.objects.get(pk=role.pk).name_key == "équipe réseau"


def test_a_role_named_like_another_up_to_form_is_refused(co_managed, account_manager):
    services.role_add(engagement=co_managed, name=NFC, side=Side.MSP, by=account_manager)

    with pytest.raises(ValidationError) as error:
        services.role_add(
            engagement=co_managed, name=NFD.upper(), side=Side.MSP, by=account_manager
        )
    assert "already exists" in " ".join(error.value.message_dict["name"])
    assert Role.objects.filter(engagement=co_managed, name_key="équipe réseau").count() == 1


def test_renaming_a_tool_to_another_tools_name_is_refused(co_managed, account_manager):
    tool = Tool.objects.filter(engagement=co_managed).exclude(name="MSP RMM").first()

    with pytest.raises(ValidationError) as error:
        services.tool_update(tool=tool, by=account_manager, name="msp   rmm")
    assert "already listed" in " ".join(error.value.message_dict["name"])
    tool.refresh_from_db()
    assert tool.name != "msp   rmm"


def test_the_database_refuses_a_second_role_of_the_same_name(co_managed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(engagement=co_managed, name="msp  NOC", side=Side.MSP)


def test_the_database_refuses_a_second_tool_and_client_of_the_same_name(co_managed, acme):
    with pytest.raises(IntegrityError), transaction.atomic():
        Tool.objects.create(engagement=co_managed, name="MSP rmm")
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.create(name=acme.name.upper() + " ", slug="acme-again")


def test_the_database_refuses_two_catalog_activities_of_the_same_name_in_a_domain():
    activity = Activity.objects.filter(client__isnull=True).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            domain=activity.domain, code="again.same", name=activity.name.upper()
        )


def test_a_client_named_like_another_is_refused(acme, admin_user):
    with pytest.raises(ValidationError) as error:
        services.client_create(name=f"  {acme.name.upper()} ", slug="acme-2", by=admin_user)
    assert "already exists" in " ".join(error.value.message_dict["name"])


def test_a_custom_activity_named_like_a_catalog_one_is_refused(co_managed, account_manager):
    activity = Activity.objects.filter(client__isnull=True).first()

    with pytest.raises(ValidationError) as error:
        services.activity_create_custom(
            engagement=co_managed,
            domain=activity.domain,
            name=" ".join(activity.name.upper().split()).replace(" ", "  "),
            by=account_manager,
        )
    assert "already exists" in " ".join(error.value.message_dict["name"])


# -- the API ---------------------------------------------------------------------------------


def test_the_api_stores_a_decomposed_tool_name_composed(co_managed, account_manager):
    response = api_client(account_manager).post(
        "/api/tools/",
        {"engagement": co_managed.pk, "name": NFD},
        format="json",
        HTTP_IF_MATCH=co_managed.etag,
    )

    assert response.status_code == 201, response.content
    assert response.json()["name"] == NFC
    assert Tool.objects.get(pk=response.json()["id"]).name == NFC


def test_the_api_refuses_a_role_named_like_another_with_400(co_managed, account_manager):
    before = co_managed.roles.count()
    response = api_client(account_manager).post(
        f"/api/engagements/{co_managed.pk}/roles/",
        {"name": "  msp   noc ", "side": "msp"},
        format="json",
        HTTP_IF_MATCH=co_managed.etag,
    )

    assert response.status_code == 400
    assert "already exists" in " ".join(response.json()["name"])
    assert co_managed.roles.count() == before


def test_the_api_stores_a_decomposed_title_composed(co_managed, account_manager):
    response = api_client(account_manager).patch(
        f"/api/engagements/{co_managed.pk}/",
        {"title": NFD},
        format="json",
        HTTP_IF_MATCH=co_managed.etag,
    )

    assert response.status_code == 200, response.content
    assert Engagement.objects.get(pk=co_managed.pk).title == NFC


# -- the pages -------------------------------------------------------------------------------


def test_the_roles_page_refuses_a_name_like_another_and_adds_nothing(
    client, account_manager, co_managed
):
    count = co_managed.roles.count()
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/roles/add/",
        {
            "expected_version": co_managed.version,
            "role-new-name": "MSP   noc",
            "role-new-side": "msp",
        },
    )

    assert response.status_code == 400
    assert "already exists in this engagement" in response.content.decode()
    assert co_managed.roles.count() == count


def test_the_roles_page_stores_a_decomposed_name_composed(client, account_manager, co_managed):
    client.force_login(account_manager)
    client.post(
        f"/engagements/{co_managed.pk}/roles/add/",
        {"expected_version": co_managed.version, "role-new-name": NFD, "role-new-side": "msp"},
    )

    names = list(co_managed.roles.values_list("name", flat=True))
    assert NFC in names and NFD not in names


# -- the workbook importer -------------------------------------------------------------------


def test_an_imported_decomposed_tool_name_is_stored_composed(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["Tools"]
        ws[f"A{tool_row(ws, 'MSP RMM')}"].value = NFD

    run_import(co_managed, edited(export(co_managed), edit), account_manager)

    names = list(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    assert NFC in names and NFD not in names


def test_two_imported_tools_named_alike_are_a_problem_at_the_second_cell(
    co_managed, account_manager
):
    def edit(workbook):
        ws = workbook["Tools"]
        ws.append(["msp   RMM"])

    before = sorted(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, edited(export(co_managed), edit), account_manager)

    [problem] = error.value.problems
    assert problem.sheet == "Tools" and problem.cell.startswith("A")
    assert "listed twice" in problem.message
    after = sorted(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    assert after == before


# -- the on-ramp (someone else's sheet) ------------------------------------------------------


def test_an_on_ramp_sheet_with_decomposed_names_is_stored_composed(acme, account_manager):
    rows = [row[:] for row in PLAIN]
    rows[0][1] = NFD
    engagement, _ = sheet_import(
        file=io.BytesIO(xlsx(("Matrix", rows))),
        filename="acme.xlsx",
        client=acme,
        by=account_manager,
    )

    assert Role.objects.filter(engagement=engagement, name=NFC).exists()


def test_an_on_ramp_custom_activity_named_like_a_catalog_one_is_a_problem_at_its_cell(
    acme, account_manager
):
    rows = [row[:] for row in PLAIN]
    rows[4][0] = "TEST   restores"
    mapping = {"rows": {"TEST   restores": {"new": True, "domain": "backup-dr"}}}
    before = Activity.objects.count()

    with pytest.raises(WorkbookInvalid) as caught:
        sheet_import(
            file=io.BytesIO(xlsx(("Matrix", rows))),
            filename="acme.xlsx",
            client=acme,
            by=account_manager,
            mapping=mapping,
        )

    assert caught.value.problems[0].cell == "A5"
    assert "already exists" in caught.value.problems[0].message
    assert Activity.objects.count() == before
