import pytest
from django.core.management import CommandError, call_command

from engagements.demo.synthetic import PortfolioSize, generate_portfolio
from engagements.models import Assignment, Client, Engagement

pytestmark = pytest.mark.django_db

SMALL = PortfolioSize(clients=4, activities=10, roles=5, large_activities=80, large_roles=6)


def _fingerprint():
    return sorted(
        Assignment.objects.values_list(
            "row__engagement__client__slug", "row__activity__code", "role__name", "letters"
        )
    )


def test_the_generator_builds_the_requested_portfolio():
    totals = generate_portfolio(SMALL)
    assert totals["clients"] == 5 and totals["engagements"] == 5
    large = Engagement.objects.get(pk=totals["large_engagement_id"])
    assert large.rows.count() == 80 and large.roles.count() == 6
    assert Engagement.objects.filter(client__slug="bench-0001").get().rows.count() == 10


def test_the_same_seed_builds_the_same_portfolio():
    generate_portfolio(SMALL)
    first = _fingerprint()
    Engagement.objects.all().delete()
    Client.objects.filter(slug__startswith="bench-").delete()
    generate_portfolio(SMALL)
    assert _fingerprint() == first


def test_a_second_run_on_the_same_database_is_refused_with_one_line():
    call_command(
        "generate_portfolio",
        "--clients",
        "2",
        "--activities",
        "5",
        "--roles",
        "3",
        "--large-activities",
        "5",
        "--large-roles",
        "3",
    )
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_portfolio", "--clients", "2")


def test_nonsense_sizes_are_refused():
    with pytest.raises(CommandError, match="--clients must be at least 1"):
        call_command("generate_portfolio", "--clients", "0")
