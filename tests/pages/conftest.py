"""Helpers for the page tests: htmx requests, the cells and rows of the template matrices."""

import pytest

from engagements.models import MatrixRow, Role

HTMX = {"HTTP_HX_REQUEST": "true"}


def row_of(engagement, code) -> MatrixRow:
    return MatrixRow.objects.select_related("activity").get(
        engagement=engagement, activity__code=code
    )


def role_of(engagement, name) -> Role:
    return Role.objects.get(engagement=engagement, name=name)


def cell_url(engagement, row, role) -> str:
    return f"/engagements/{engagement.pk}/cells/{row.pk}/{role.pk}/"


def letters(row, role) -> str:
    assignment = row.assignments.filter(role=role).first()
    return assignment.letters if assignment else ""


@pytest.fixture
def as_account_manager(client, account_manager):
    client.force_login(account_manager)
    return client


@pytest.fixture
def as_client_it_manager(client, client_it_manager):
    client.force_login(client_it_manager)
    return client


@pytest.fixture
def as_outsider(client, other_account_manager):
    """An account manager of another client (globex): acme's pages do not exist for them."""
    client.force_login(other_account_manager)
    return client
