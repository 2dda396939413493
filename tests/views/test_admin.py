"""The admin door: every model listed, the matrix edited inline through the services."""

import pytest
from django.apps import apps
from django.urls import reverse

from engagements import services
from engagements.models import Assignment, Door, MatrixRow, Role
from tests.helpers.http import admin_form_data
from tests.helpers.signing import SIGNATURE

pytestmark = pytest.mark.django_db


DOMAIN_MODELS = [
    model
    for model in apps.get_app_config("engagements").get_models()
    if not model.__name__.startswith("Historical")
    and model._meta.auto_created is False
    and "_" not in model.__name__
]


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=[m.__name__ for m in DOMAIN_MODELS])
def test_every_model_has_an_admin_list(model, admin_user, client, co_managed):
    from django.contrib import admin

    if model not in admin.site._registry:
        pytest.fail(f"{model.__name__} is not registered in the admin")
    client.force_login(admin_user)
    url = reverse(f"admin:engagements_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_a_cell_edited_inline_goes_through_the_services(admin_user, client, co_managed):
    client.force_login(admin_user)
    url = reverse("admin:engagements_engagement_change", args=[co_managed.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page)
    row = MatrixRow.objects.get(engagement=co_managed, activity__code="patching.servers")
    soc = Role.objects.get(engagement=co_managed, name="MSP SOC")
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == row.pk)[:-3]
    data[f"{prefix}-cell_{soc.pk}"] = "c/i"
    response = client.post(url, data)
    assert response.status_code == 302
    cell = Assignment.objects.get(row=row, role=soc)
    assert cell.letters == "CI"
    assert cell.history.first().door == Door.ADMIN


def test_a_bad_letter_inline_is_shown_on_the_form_and_nothing_is_saved(
    admin_user, client, co_managed
):
    client.force_login(admin_user)
    url = reverse("admin:engagements_engagement_change", args=[co_managed.pk])
    data = admin_form_data(client.get(url))
    row = MatrixRow.objects.get(engagement=co_managed, activity__code="patching.servers")
    noc = Role.objects.get(engagement=co_managed, name="MSP NOC")
    prefix = next(k for k, v in data.items() if k.endswith("-id") and v == row.pk)[:-3]
    data[f"{prefix}-cell_{noc.pk}"] = "X"
    data["title"] = "Renamed while a cell is wrong"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "&quot;X&quot; is not one of R, A, C, I" in response.content.decode()
    co_managed.refresh_from_db()
    assert co_managed.title == "Co-managed IT"
    assert Assignment.objects.get(row=row, role=noc).letters == "R"


def test_a_signed_off_engagement_is_read_only_in_the_admin(
    admin_user, client, co_managed, account_manager, client_it_manager
):
    services.engagement_submit(engagement=co_managed, by=account_manager)
    services.engagement_approve(engagement=co_managed, by=client_it_manager, **SIGNATURE)
    client.force_login(admin_user)
    url = reverse("admin:engagements_engagement_change", args=[co_managed.pk])
    assert client.get(url).status_code == 200  # viewable
    response = client.post(url, {"title": "Changed after signing"})
    assert response.status_code == 403
    co_managed.refresh_from_db()
    assert co_managed.title == "Co-managed IT"


def test_an_old_version_is_shown_but_cannot_be_restored_around_the_services(
    admin_user, client, co_managed
):
    """django-simple-history's "revert" would save straight to the database: no services,
    no freeze check, no door. The history stays readable; restoring is refused."""
    role = Role.objects.get(engagement=co_managed, name="MSP NOC")
    services.role_update(role=role, by=admin_user, person_name="Dana")
    oldest = role.history.order_by("history_date").first()
    url = reverse("admin:engagements_role_simple_history", args=[role.pk, oldest.history_id])
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.content.decode().split("<title>")[1].split("</title>")[0]
    response = client.post(url, {"name": "MSP NOC", "side": "msp", "person_name": ""})
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.person_name == "Dana"
