"""Names are one line: a line break, tab or control character in a name is refused at
every door with the field named, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.exports.imports import WorkbookInvalid
from engagements.models import Client, Role, Side, Tool
from tests.helpers.http import api_client
from tests.helpers.workbook import edited, export, run_import, tool_row

pytestmark = pytest.mark.django_db

BROKEN = ["Night\nshift", "Night\r\nshift", "Night\tshift", "Night\x1b[31mshift"]


@pytest.mark.parametrize("name", BROKEN)
def test_a_service_refuses_a_name_over_two_lines_and_names_the_field(
    co_managed, account_manager, name
):
    with pytest.raises(ValidationError) as error:
        services.role_add(engagement=co_managed, name=name, side=Side.MSP, by=account_manager)
    assert "one line" in " ".join(error.value.message_dict["name"])
    assert not Role.objects.filter(engagement=co_managed, name=name).exists()


def test_a_client_name_and_an_engagement_title_are_one_line_too(
    co_managed, account_manager, admin_user
):
    with pytest.raises(ValidationError) as error:
        services.client_create(name="Acme\nBcc: x@evil.example", slug="acme-2", by=admin_user)
    assert "name" in error.value.message_dict
    assert not Client.objects.filter(slug="acme-2").exists()
    with pytest.raises(ValidationError) as error:
        services.engagement_update(engagement=co_managed, by=account_manager, title="Q3\nscope")
    assert "title" in error.value.message_dict


def test_the_api_answers_400_naming_the_field(co_managed, account_manager):
    response = api_client(account_manager).post(
        f"/api/engagements/{co_managed.pk}/roles/",
        {"name": "Night\nshift", "side": "msp"},
        format="json",
    )
    assert response.status_code == 400
    assert "name" in str(response.json())
    assert not Role.objects.filter(engagement=co_managed, name__startswith="Night").exists()


def test_the_page_form_shows_the_refusal_and_adds_nothing(client, account_manager, co_managed):
    count = co_managed.roles.count()
    client.force_login(account_manager)
    response = client.post(
        f"/engagements/{co_managed.pk}/roles/add/",
        {
            "expected_version": co_managed.version,
            "role-new-name": "Night\nshift",
            "role-new-side": "msp",
        },
    )
    assert response.status_code == 400
    assert "Use one line of text" in response.content.decode()
    assert co_managed.roles.count() == count


def test_an_imported_tool_name_over_two_lines_is_a_problem_at_its_cell(co_managed, account_manager):
    def edit(workbook):
        ws = workbook["Tools"]
        ws[f"A{tool_row(ws, 'MSP RMM')}"].value = "MSP\nRMM"

    before = sorted(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    with pytest.raises(WorkbookInvalid) as error:
        run_import(co_managed, edited(export(co_managed), edit), account_manager)
    [problem] = error.value.problems
    assert problem.sheet == "Tools" and problem.cell.startswith("A")
    assert "one line" in problem.message
    after = sorted(Tool.objects.filter(engagement=co_managed).values_list("name", flat=True))
    assert after == before
