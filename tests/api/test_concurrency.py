"""Two API clients edit the same matrix. Whoever writes second with the ETag both read gets
412 and changes nothing; the first write survives intact.

Once in turn (on both databases), and once in two threads at the same moment with committed
data and real connections. The threaded one runs on PostgreSQL (CI's second pass, `make
test-pg`): the SQLite test database lives in memory with a shared cache, where a second
writer fails at once with "table is locked" instead of waiting its turn as it does on a
SQLite file."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from engagements import services
from engagements.models import Engagement, MembershipKind, ServiceModel
from tests.factories import ClientFactory, MembershipFactory, UserFactory
from tests.helpers.http import api_client
from tests.helpers.matrix import cell


def matrix(engagement):
    return f"/api/engagements/{engagement.pk}/matrix/"


def change(letters):
    return {"cells": [{"activity": "patching.servers", "role": "MSP NOC", "letters": letters}]}


@pytest.mark.django_db
def test_the_second_stale_write_gets_412_and_the_first_survives(co_managed, acme, account_manager):
    colleague = UserFactory(username="am2")
    MembershipFactory(user=colleague, client=acme, kind=MembershipKind.ACCOUNT_MANAGER)
    alex, sam = api_client(account_manager), api_client(colleague)
    etag = alex.get(matrix(co_managed))["ETag"]
    assert sam.get(matrix(co_managed))["ETag"] == etag

    first = alex.patch(matrix(co_managed), change("A/R"), HTTP_IF_MATCH=etag)
    second = sam.patch(matrix(co_managed), change("I"), HTTP_IF_MATCH=etag)

    assert first.status_code == 200
    assert second.status_code == 412
    assert "Alex Morgan" in second.json()["detail"]
    assert cell(co_managed, "patching.servers", "MSP NOC") == "AR"
    co_managed.refresh_from_db()
    assert co_managed.version == int(etag.strip('"').split("-")[1]) + 1
    # Sam reloads, sees Alex's change, and can now write.
    fresh = sam.get(matrix(co_managed))
    assert {"activity": "patching.servers", "role": "MSP NOC", "letters": "A/R"} in fresh.json()[
        "cells"
    ]
    assert (
        sam.patch(matrix(co_managed), change("R"), HTTP_IF_MATCH=fresh["ETag"]).status_code == 200
    )


@pytest.fixture
def catalog_restored(django_db_blocker):
    """Threads need committed data, so the test runs outside a transaction and the tables are
    emptied afterwards; put the catalog back for the tests that follow (this fixture is set
    up before the database one, so it is torn down after the flush)."""
    yield
    with django_db_blocker.unblock():
        call_command("loaddata", "catalog", verbosity=0)


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads need a database server (PostgreSQL)"
)
def test_two_simultaneous_writes_with_the_same_etag_one_wins(catalog_restored, transactional_db):
    acme = ClientFactory(name="Acme Logistics", slug="acme")
    people = []
    for username in ("alex", "sam"):
        user = UserFactory(username=username)
        MembershipFactory(user=user, client=acme, kind=MembershipKind.ACCOUNT_MANAGER)
        people.append(user)
    engagement = services.engagement_create(
        client=acme, title="Co-managed IT", service_model=ServiceModel.CO_MANAGED, by=people[0]
    )
    clients = [api_client(user) for user in people]
    etag = engagement.etag
    wanted = {"alex": "A/R", "sam": "C"}
    results = {}
    start = threading.Barrier(2)

    def write(name, client):
        try:
            start.wait(timeout=10)
            response = client.patch(matrix(engagement), change(wanted[name]), HTTP_IF_MATCH=etag)
            results[name] = response.status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(user.username, client))
        for user, client in zip(people, clients, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(results.values()) == [200, 412], results
    winner = next(name for name, status in results.items() if status == 200)
    stored = cell(engagement, "patching.servers", "MSP NOC")
    assert stored == wanted[winner].replace("/", "")
    assert Engagement.objects.get(pk=engagement.pk).version == engagement.version + 1
