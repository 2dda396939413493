import pytest
from django.core.management import call_command

from engagements.analysis.recommendation import recommend_for
from engagements.models import Assessment, Client, Engagement, ServiceModel, Status

pytestmark = pytest.mark.django_db


def _state():
    return sorted(
        (e.client.slug, e.revision, e.status, e.version)
        for e in Engagement.objects.select_related("client")
    )


def test_seed_demo_builds_the_three_article_scenarios():
    call_command("seed_demo", "--quiet-logins")
    assert Client.objects.count() == 3
    harbor = Engagement.objects.filter(client__slug="harbor-dental").order_by("revision")
    assert [(e.revision, e.status) for e in harbor] == [
        (1, Status.SUPERSEDED),
        (2, Status.SIGNED_OFF),
    ]
    assert harbor[0].service_model == ServiceModel.FULLY_MANAGED
    northwind = Engagement.objects.get(client__slug="northwind")
    assert (northwind.service_model, northwind.status) == (
        ServiceModel.CO_MANAGED,
        Status.IN_REVIEW,
    )
    cobalt = Engagement.objects.get(client__slug="cobalt")
    assert (cobalt.service_model, cobalt.status) == (ServiceModel.CO_MANAGED, Status.DRAFT)


def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo", "--quiet-logins")
    before = _state()
    call_command("seed_demo")
    assert _state() == before
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert "raci-demo-2026" in out


def test_each_demo_client_has_answered_the_questionnaire_and_is_on_the_model_it_recommends():
    call_command("seed_demo", "--quiet-logins")
    for assessment in Assessment.objects.select_related("client"):
        current = Engagement.objects.filter(client=assessment.client).order_by("-revision")[0]
        assert recommend_for(assessment).service_model == current.service_model, (
            assessment.client.slug
        )
    assert Assessment.objects.count() == 3
