"""No lost edits: twenty people write to one matrix at the same moment through the API.

Each reads the matrix (GET, ETag), then changes a different cell with If-Match. Whoever
writes with an ETag someone else has already moved on from gets 412 and changes nothing;
everyone else's write is kept. Afterwards every accepted write is in the matrix and in the
audit trail under its writer's name, every refused one got 412 and left no trace, and
accepted + refused = 20: nothing vanished.

Real threads, real connections, committed data: it runs on PostgreSQL (CI's second pass,
`make test-pg`). The SQLite test database lives in memory with a shared cache, where a
second writer fails at once with "table is locked" instead of waiting its turn as it does
on a SQLite file, so there it is skipped.
"""

import threading

import pytest
from django.db import connection, connections

from engagements import services
from engagements.models import Door, Engagement, MembershipKind, ServiceModel
from engagements.models.letters import display_letters
from engagements.selectors.audit import engagement_audit_trail
from engagements.selectors.matrix import load_matrix
from tests.factories import ClientFactory, MembershipFactory, UserFactory
from tests.helpers.http import api_client
from tests.helpers.matrix import cell

WRITERS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="20 threads writing at once need a database server (PostgreSQL): the in-memory "
        'SQLite test database answers a second writer with "table is locked"',
    ),
]


def test_twenty_simultaneous_writers_lose_nothing(transactional_db):
    acme = ClientFactory(name="Acme Logistics", slug="acme")
    writers = []
    for number in range(WRITERS):
        user = UserFactory(username=f"writer{number:02d}")
        MembershipFactory(user=user, client=acme, kind=MembershipKind.ACCOUNT_MANAGER)
        writers.append(user)
    engagement = services.engagement_create(
        client=acme, title="Co-managed IT", service_model=ServiceModel.CO_MANAGED, by=writers[0]
    )
    data = load_matrix(engagement)
    # Twenty different cells, each to be given letters it does not hold yet.
    targets = []
    for row in data.rows:
        for role in data.roles:
            if len(targets) < WRITERS:
                letters = "C" if data.cells.get((row.pk, role.pk)) != "C" else "I"
                targets.append((row.activity.code, role.name, letters))
    before = {(code, role): cell(engagement, code, role) for code, role, _ in targets}
    start_version = engagement.version
    results: dict[str, int] = {}
    start = threading.Barrier(WRITERS)

    def write(user, target):
        code, role, letters = target
        client = api_client(user)
        try:
            start.wait(timeout=30)
            etag = client.get(f"/api/engagements/{engagement.pk}/matrix/")["ETag"]
            response = client.patch(
                f"/api/engagements/{engagement.pk}/matrix/",
                {"cells": [{"activity": code, "role": role, "letters": letters}]},
                HTTP_IF_MATCH=etag,
            )
            results[user.username] = response.status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(user, target))
        for user, target in zip(writers, targets, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = sorted(results.values())
    accepted = {name for name, status in results.items() if status == 200}
    refused = {name for name, status in results.items() if status == 412}
    assert len(results) == WRITERS, results
    assert set(statuses) <= {200, 412}, results
    assert len(accepted) + len(refused) == WRITERS
    assert accepted, "at least the first writer gets through"

    trail = engagement_audit_trail(Engagement.objects.get(pk=engagement.pk), kind="cell")
    # What came through the API door (the engagement's creation came from a shell call).
    recorded = {
        (entry.user, entry.subject): entry.changes[0].new
        for entry in trail
        if entry.door == Door.API
    }
    names = {activity.code: activity.name for activity in (row.activity for row in data.rows)}
    for user, (code, role, letters) in zip(writers, targets, strict=True):
        subject = f"{names[code]} × {role}"
        stored = cell(engagement, code, role)
        if user.username in accepted:
            in_matrix = stored == letters
            in_trail = recorded.get((user.username, subject)) == display_letters(letters)
            assert in_matrix or in_trail, (user.username, code, role, stored)
            assert in_trail, f"{user.username}'s accepted write is not in the audit trail"
        else:
            assert stored == before[(code, role)], f"{user.username} was refused but wrote"
            assert (user.username, subject) not in recorded
    final = Engagement.objects.get(pk=engagement.pk)
    assert final.version == start_version + len(accepted)
    assert len(recorded) == len(accepted)
