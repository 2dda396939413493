"""Names look like what they are: an invisible format character (Unicode Cf: bidi
overrides and isolates, zero-width spaces and joiners) in a name is refused at every door,
with the field or the workbook cell named and the character said, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.exports.imports import WorkbookInvalid
from engagements.models import Role, Side, Tool
from engagements.models.validators import one_line
from tests.helpers.http import api_client
from tests.helpers.workbook import edited, export, run_import, tool_row

pytestmark = pytest.mark.django_db

DISGUISED = [
    "invoice\u202egnp.exe",  # right-to-left override: shows as "invoiceexe.png"
    "MSP\u200b NOC\u2066",  # zero-width space and a left-to-right isolate: shows as "MSP NOC"
    "Service\u200ddesk",  # zero-width joiner
    "\ufeffBackup",  # byte order mark
    "Help\u2060desk",  # word joiner
]


@pytest.mark.parametrize("name", DISGUISED)
def test_the_shared_validator_names_the_invisible_character(name):
    with pytest.raises(ValidationError) as error:
        one_line(name)
    assert "invisible character U+" in error.value.messages[0]


def test_visible_text_in_any_script_is_a_name():
    for name in ("Équipe réseau", "Служба поддержки", "ヘルプデスク", "مكتب المساعدة", "MSP NOC"):
        one_line(name)


@pytest.mark.parametrize("name", DISGUISED)
def test_a_service_refuses_a_role_with_an_invisible_character(co_managed, account_manager, name):
    with pytest.raises(ValidationError) as error:
        services.role_add(engagement=co_managed, name=name, side=Side.MSP, by=account_manager)
    assert "invisible character" in " ".join(error.value.message_dict["name"])
    assert not Role.objects.filter(engagement=co_managed, name=name).exists()


@pytest.mark.parametrize("name", DISGUISED)
def test_the_api_refuses_a_tool_with_an_invisible_character(co_managed, account_manager, name):
    response = api_client(account_manager).post(
        "/api/tools/", {"engagement": co_managed.pk, "name": name}, format="json"
    )

    assert response.status_code == 400
    assert "invisible character" in " ".join(response.json()["name"])
    assert not Tool.objects.filter(engagement=co_managed, name=name).exists()


def test_the_api_refuses_a_role_that_looks_like_another(co_managed, account_manager):
    response = api_client(account_manager).post(
        f"/api/engagements/{co_managed.pk}/roles/",
        {"name": "MSP\u200b NOC\u2066", "side": "msp"},
        format="json",
    )

    assert response.status_code == 400
    assert "U+200B" in " ".join(response.json()["name"])


def test_the_api_refuses_an_engagement_title_with_a_bidi_override(co_managed, account_manager):
    response = api_client(account_manager).patch(
        f"/api/engagements/{co_managed.pk}/", {"title": "Q3 \u202escope"}, format="json"
    )

    assert response.status_code == 400
    assert "title" in response.json()


def test_the_page_form_shows_the_refusal_and_adds_nothing(client, account_manager, co_managed):
    count = co_managed.roles.count()
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/roles/add/",
        {
            "expected_version": co_managed.version,
            "role-new-name": "MSP\u200b NOC",
            "role-new-side": "msp",
        },
    )

    assert response.status_code == 400
    assert "invisible character U+200B" in response.content.decode()
    assert co_managed.roles.count() == count


def test_an_imported_tool_name_with_a_bidi_override_is_a_problem_at_its_cell(
    co_managed, account_manager
):
    def edit(workbook):
        ws = workbook["Tools"]
        ws[f"A{tool_row(ws, 'MSP RMM')}"].value = "invoice\u202egnp.exe"

    before = sorted(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, edited(export(co_managed), edit), account_manager)

    [problem] = error.value.problems
    assert problem.sheet == "Tools" and problem.cell.startswith("A")
    assert "U+202E" in problem.message
    after = sorted(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    assert after == before
