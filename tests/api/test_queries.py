"""Every list, and the matrix document, costs the same number of queries for 10 rows as for
1,000 (one page of 1,000). Data is bulk-created so the test stays quick."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from engagements.models import (
    Activity,
    Assignment,
    Client,
    Comment,
    Coverage,
    Domain,
    Engagement,
    FindingAcknowledgement,
    MatrixRow,
    Membership,
    MembershipKind,
    Role,
    Side,
    Tool,
    Window,
    WorkflowEvent,
)
from engagements.services import findings_counts_refresh
from tests.factories import EngagementFactory
from tests.helpers.tokens import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(acme, account_manager):
    engagement = EngagementFactory(client=acme, account_manager=account_manager)
    for order, (name, side) in enumerate(
        [("MSP NOC", Side.MSP), ("Client IT manager", Side.INTERNAL), ("Vendor", Side.VENDOR)]
    ):
        Role.objects.create(engagement=engagement, name=name, side=side, order=order)
    return engagement


@pytest.fixture
def api(account_manager):
    """Token authentication: one query to know the caller, like a script's requests. Used
    once already, so noting when it was last used (at most once a minute) is not counted."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(account_manager)}")
    assert client.get("/api/auth/tokens/").status_code == 200
    return client


class Grower:
    """Adds rows of one kind until there are `total` of them."""

    def __init__(self, engagement, by):
        self.engagement = engagement
        self.by = by
        self.made = 0

    def to(self, total: int) -> None:
        new = range(self.made, total)
        self.made = total
        self.add(new)
        # Bulk-created, not through the services: move the version as every change does, so
        # what is stored per version (the findings) is known to be stale.
        Engagement.objects.filter(pk=self.engagement.pk).update(version=F("version") + 1)

    def add(self, numbers):
        raise NotImplementedError


class MatrixRows(Grower):
    """Custom activities, each a row with cells (R but no A: each row is a gap) and coverage."""

    def add(self, numbers):
        domain = Domain.objects.get(code="patching")
        activities = Activity.objects.bulk_create(
            Activity(domain=domain, code=f"bulk.{n}", name=f"Bulk duty {n}", order=1000 + n)
            for n in numbers
        )
        rows = MatrixRow.objects.bulk_create(
            MatrixRow(engagement=self.engagement, activity=a, order=a.order) for a in activities
        )
        noc, itm, _ = Role.objects.filter(engagement=self.engagement).order_by("order")
        Assignment.objects.bulk_create(
            [Assignment(row=row, role=noc, letters="R") for row in rows]
            + [Assignment(row=row, role=itm, letters="I") for row in rows]
        )
        Coverage.objects.bulk_create(
            Coverage(row=row, window=Window.BUSINESS_HOURS, role=noc) for row in rows
        )


class Engagements(Grower):
    def add(self, numbers):
        created = Engagement.objects.bulk_create(
            Engagement(
                client=self.engagement.client,
                title=f"Bulk {n}",
                slug=f"bulk-{n}",
                service_model="co_managed",
                account_manager=self.by,
            )
            for n in numbers
        )
        Role.objects.bulk_create(Role(engagement=e, name="NOC", side=Side.MSP) for e in created)


class Tools(Grower):
    def add(self, numbers):
        noc = self.engagement.roles.first()
        Tool.objects.bulk_create(
            Tool(engagement=self.engagement, name=f"Tool {n}", administered_by=noc) for n in numbers
        )


class Roles(Grower):
    def add(self, numbers):
        backup = self.engagement.roles.first()
        Role.objects.bulk_create(
            Role(engagement=self.engagement, name=f"Role {n}", side=Side.MSP, absence_backup=backup)
            for n in numbers
        )


class Comments(Grower):
    def add(self, numbers):
        row = MatrixRows(self.engagement, self.by)
        row.made = 10_000 + min(numbers, default=0)
        row.add(range(row.made, row.made + 1))
        first = self.engagement.rows.first()
        Comment.objects.bulk_create(
            Comment(engagement=self.engagement, row=first, author=self.by, body=f"Comment {n}")
            for n in numbers
        )


class Acknowledgements(Grower):
    def add(self, numbers):
        FindingAcknowledgement.objects.bulk_create(
            FindingAcknowledgement(
                engagement=self.engagement, finding_key=f"X:{n}", reason="ok", by=self.by
            )
            for n in numbers
        )


class Events(Grower):
    def add(self, numbers):
        WorkflowEvent.objects.bulk_create(
            WorkflowEvent(
                engagement=self.engagement, transition="submit", to_status="draft", by=self.by
            )
            for n in numbers
        )


class Clients(Grower):
    def add(self, numbers):
        clients = Client.objects.bulk_create(
            Client(name=f"Bulk client {n}", slug=f"bulk-client-{n}") for n in numbers
        )
        Membership.objects.bulk_create(
            Membership(user=self.by, client=c, kind=MembershipKind.ACCOUNT_MANAGER) for c in clients
        )


class CustomActivities(Grower):
    def add(self, numbers):
        domains = list(Domain.objects.all())
        Activity.objects.bulk_create(
            Activity(
                domain=domains[n % len(domains)],
                code=f"custom.{n}",
                name=f"Custom {n}",
                client=self.engagement.client,
            )
            for n in numbers
        )


# name: (url, what grows, items per grown row in the list (None: not counted), at most
# this many queries: the token, the count, the page, and a fixed few to go with the page;
# an engagement list reads the page's stored findings counts in two more (engagements.
# findings_counts), and has_errors those of every engagement it filters in two before that).
CASES = {
    # ...and one for the MSP's record, which names a party of every open revision.
    "engagements": ("/api/engagements/", Engagements, 1, 6),
    "engagements?has_errors": ("/api/engagements/?has_errors=false", Engagements, 1, 9),
    "assignments": ("/api/assignments/", MatrixRows, 2, 3),
    "tools": ("/api/tools/", Tools, 1, 3),
    "clients": ("/api/clients/", Clients, 1, 4),
    "domains": ("/api/domains/", CustomActivities, None, 4),
    "roles": ("/api/engagements/{pk}/roles/", Roles, 1, 4),
    "rows": ("/api/engagements/{pk}/rows/", MatrixRows, 1, 4),
    "comments": ("/api/engagements/{pk}/comments/", Comments, 1, 4),
    "acknowledgements": ("/api/engagements/{pk}/acknowledgements/", Acknowledgements, 1, 4),
    "events": ("/api/engagements/{pk}/events/", Events, 1, 4),
    "findings": ("/api/engagements/{pk}/findings/", MatrixRows, 1, 12),
}


def measure(api, url):
    separator = "&" if "?" in url else "?"
    # The steady state: findings counts stored, as the services do after each change (the
    # data here is bulk-created), and the request made once untimed.
    findings_counts_refresh()
    api.get(f"{url}{separator}page_size=1000")
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"{url}{separator}page_size=1000")
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize("name", list(CASES))
def test_a_list_costs_the_same_queries_for_10_and_1000_rows(name, api, draft, account_manager):
    url, grower_class, per_item, ceiling = CASES[name]
    url = url.format(pk=draft.pk)
    grower = grower_class(draft, account_manager)

    grower.to(10)
    small, small_page = measure(api, url)
    grower.to(1000)
    large, large_page = measure(api, url)

    assert large == small, f"{name}: {small} queries for 10, {large} for 1000"
    if per_item:
        assert large_page["count"] >= 1000 * per_item or len(large_page["results"]) == 1000
    assert large <= ceiling, f"{name}: {large} queries"


def test_the_matrix_document_takes_at_most_12_queries_whatever_its_size(
    api, draft, account_manager
):
    rows = MatrixRows(draft, account_manager)

    rows.to(10)
    small, small_doc = measure(api, f"/api/engagements/{draft.pk}/matrix/")
    rows.to(1000)
    large, large_doc = measure(api, f"/api/engagements/{draft.pk}/matrix/")

    assert len(large_doc["cells"]) == 2000
    assert len(large_doc["coverage"]) == 1000
    assert large == small <= 12
