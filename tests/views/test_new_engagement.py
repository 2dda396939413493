"""Starting a new engagement from a template."""

import pytest

from engagements.models import Engagement, Role, ServiceModel, Status, WorkflowEvent

pytestmark = pytest.mark.django_db


def form(client_obj, **overrides):
    data = {
        "client": client_obj.pk,
        "title": "Managed IT 2027",
        "service_model": ServiceModel.FULLY_MANAGED,
        "template": ServiceModel.FULLY_MANAGED,
        "business_days": ["1", "2", "3", "4", "5", "6"],
        "business_start": "07:30",
        "business_end": "18:00",
        "effective_from": "2027-01-01",
        "effective_to": "",
    }
    data.update(overrides)
    return data


def test_the_form_offers_only_the_account_managers_clients(client, account_manager, acme, globex):
    client.force_login(account_manager)
    response = client.get("/engagements/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Acme Logistics" in html and "Globex" not in html


def test_an_account_manager_creates_a_draft_from_the_template(client, account_manager, acme):
    client.force_login(account_manager)
    response = client.post("/engagements/new/", form(acme))
    engagement = Engagement.objects.get(client=acme)
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.status == Status.DRAFT
    assert engagement.business_days == "123456"
    assert engagement.business_hours_label() == "Mon–Sat 07:30–18:00"
    assert Role.objects.filter(engagement=engagement).count() > 0
    assert engagement.rows.count() == 71
    event = WorkflowEvent.objects.get(engagement=engagement)
    assert event.door == "page"


def test_the_template_can_differ_from_the_service_model(client, account_manager, acme):
    client.force_login(account_manager)
    client.post(
        "/engagements/new/",
        form(acme, service_model=ServiceModel.CO_MANAGED, template=ServiceModel.FULLY_MANAGED),
    )
    engagement = Engagement.objects.get(client=acme)
    assert engagement.service_model == ServiceModel.CO_MANAGED
    assert engagement.roles.filter(side="internal").count() < 3


def test_business_hours_ending_before_they_start_are_refused_and_nothing_is_created(
    client, account_manager, acme
):
    client.force_login(account_manager)
    response = client.post(
        "/engagements/new/", form(acme, business_start="18:00", business_end="08:00")
    )
    assert response.status_code == 400
    assert "Business hours must end after they start." in response.content.decode()
    assert not Engagement.objects.exists()


def test_a_missing_title_and_no_business_day_are_shown_on_the_form(client, account_manager, acme):
    client.force_login(account_manager)
    response = client.post("/engagements/new/", form(acme, title="", business_days=[]))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"title", "business_days"}
    assert not Engagement.objects.exists()


def test_another_account_managers_client_cannot_be_chosen(
    client, account_manager, acme, globex, other_account_manager
):
    client.force_login(account_manager)
    response = client.post("/engagements/new/", form(globex))
    assert response.status_code == 400
    assert "client" in response.context["form"].errors
    assert not Engagement.objects.exists()


def test_a_client_it_manager_cannot_start_an_engagement(client, client_it_manager, acme):
    client.force_login(client_it_manager)
    assert client.get("/engagements/new/").status_code == 403
    assert client.post("/engagements/new/", form(acme)).status_code == 403
    assert not Engagement.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, acme):
    response = client.post("/engagements/new/", form(acme))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Engagement.objects.exists()
